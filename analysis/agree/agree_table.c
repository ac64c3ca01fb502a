/* agree_table.c — the two-rater confusion table, its margins and shares, and
 * category-specific agreement, 2 n_kk / (n_k+ + n_+k): the share of the two
 * raters' uses of category k on which they agreed (Fleiss, Levin & Paik
 * 2003, sec. 18.2). */
#include <math.h>
#include <stdlib.h>

#include "icstat/agree.h"

void icstat_agree_table_free(icstat_agree_table *t)
{
    if (!t)
        return;
    free(t->count);
    free(t->share);
    free(t->row_total);
    free(t->col_total);
    free(t->specific);
    free(t);
}

/* Margins, shares of n and specific agreement from the counts. */
static void table_derive(icstat_agree_table *t)
{
    const size_t q = t->q;
    for (size_t k = 0; k < q; k++)
        for (size_t l = 0; l < q; l++) {
            const double c = t->count[k * q + l];
            t->share[k * q + l] = t->n ? c / (double)t->n : NAN;
            t->row_total[k] += c;
            t->col_total[l] += c;
        }
    for (size_t k = 0; k < q; k++) {
        double uses = 0.0;
        for (size_t l = 0; l < q; l++)
            uses += t->count[k * q + l] + t->count[l * q + k];
        t->specific[k] = uses > 0.0 ? 2.0 * t->count[k * q + k] / uses : NAN;
    }
}

int icstat_agree_table_compute(const icstat_ratings *r, icstat_agree_table **out,
                               icstat_error *err)
{
    *out = NULL;
    /* Commands refuse a table of more raters as a usage error (saying how
     * to pick two); this guards callers without options. */
    if (r->n_raters != 2)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "a confusion table needs exactly two raters (have %zu)",
                                r->n_raters);
    const size_t q = r->n_cat;
    icstat_agree_table *t = calloc(1, sizeof *t);
    if (!t || !(t->count = calloc(q * q, sizeof *t->count)) ||
        !(t->share = calloc(q * q, sizeof *t->share)) ||
        !(t->row_total = calloc(q, sizeof *t->row_total)) ||
        !(t->col_total = calloc(q, sizeof *t->col_total)) ||
        !(t->specific = calloc(q, sizeof *t->specific))) {
        icstat_agree_table_free(t);
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    t->q = q;
    for (size_t i = 0; i < r->n_units; i++) {
        const int a = r->cat[2 * i], b = r->cat[2 * i + 1];
        if (a >= 0 && b >= 0) {
            t->count[(size_t)a * q + (size_t)b] += 1.0;
            t->n++;
        }
    }
    table_derive(t);
    *out = t;
    return ICSTAT_OK;
}
