/* weights.h — Gwet's families of agreement weights.
 *
 * A weight w(k,l) in [0,1] says how much credit two ratings in categories
 * k and l earn: 1 on the diagonal, less the further apart they are.  The
 * families and their formulas follow Gwet, Handbook of Inter-Rater
 * Reliability (4th ed., 2014), ch. 3, as irrCAC computes them: the value
 * based ones (linear, quadratic, radical, ratio, circular, bipolar) use the
 * categories' numeric values when the categories are numbers and their
 * ranks 1..q otherwise; `ordinal` always uses ranks. */
#ifndef ICSTAT_WEIGHTS_H
#define ICSTAT_WEIGHTS_H

#include <stddef.h>
#include "icstat/status.h"

typedef enum {
    ICSTAT_W_IDENTITY = 0,
    ICSTAT_W_LINEAR,
    ICSTAT_W_QUADRATIC,
    ICSTAT_W_ORDINAL,
    ICSTAT_W_RADICAL,
    ICSTAT_W_RATIO,
    ICSTAT_W_CIRCULAR,
    ICSTAT_W_BIPOLAR,
    ICSTAT_W_COUNT
} icstat_weights_kind;

/* Name <-> kind ("identity", "linear", ...).  Lookup returns -1 when unknown. */
const char *icstat_weights_name(icstat_weights_kind kind);
int icstat_weights_lookup(const char *name);

/* Fill w (q*q, row-major) for `kind` over category values x[0..q-1],
 * which must be strictly increasing.  Returns ICSTAT_EDATA with a reason
 * when the family cannot be formed (ratio or bipolar weights on values
 * that make a denominator zero or negative). */
int icstat_weights_fill(icstat_weights_kind kind, const double *x, size_t q,
                        double *w, icstat_error *err);

#endif
