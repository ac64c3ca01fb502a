/* agree_stats.h — per-unit counts and the sums every agreement coefficient
 * is built from (internal to the agreement engine).
 *
 * All point estimates are functions of a few sums over units, so one pass
 * that accumulates them, with each unit counted m_i times, serves both the
 * estimates (m_i = 1) and every bootstrap replicate (m_i = times drawn). */
#ifndef ICSTAT_AGREE_STATS_H
#define ICSTAT_AGREE_STATS_H

#include <stddef.h>
#include "icstat/ratings.h"

typedef struct {
    size_t n, r, q;    /* units, raters, categories */
    const int *cat;    /* n*r category indices, -1 missing (borrowed) */
    double *count;     /* n*q: c_ik, raters who put unit i in category k */
    int *ri;           /* n: ratings of unit i */
} agree_units;

typedef struct {
    size_t r, q;
    double n;          /* sum m_i over units */
    double n2;         /* ... over units with two or more ratings */
    double *pairs;     /* q*q: sum m_i c_ik (c_il - [k=l]) / (r_i (r_i - 1)), r_i >= 2 */
    double *coinc;     /* q*q: the same over (r_i - 1): Krippendorff's coincidences */
    double *prop;      /* q: sum m_i c_ik / r_i */
    double *rater_cat; /* r*q: sum m_i [rater g put unit i in k] */
    double *table;     /* q*q: two raters, units both rated (row: first rater) */
} agree_sums;

int agree_units_init(agree_units *u, const icstat_ratings *r);
void agree_units_free(agree_units *u);

int agree_sums_init(agree_sums *s, size_t r, size_t q);
void agree_sums_free(agree_sums *s);

/* Zero s and accumulate over u with multiplicities m (NULL: each unit once).
 * Returns 0, or -1 when out of memory. */
int agree_sums_accumulate(agree_sums *s, const agree_units *u, const double *m);

#endif
