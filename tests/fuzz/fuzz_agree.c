/* fuzz_agree.c — `icstat agree` on arbitrary tables, through the library
 * calls the command makes: icstat_table_read_buffer,
 * icstat_ratings_from_table, icstat_agree_estimate, icstat_agree_bootstrap
 * and icstat_agree_table_compute.
 *
 * The first two bytes choose the options, the rest is the CSV:
 *   byte 0: bits 0-2 --weights (the eight families), bits 3-5
 *           --alpha-metric (1-4: nominal, ordinal, interval, ratio; else
 *           none), bit 6 --icc, bit 7 --table;
 *   byte 1: bit 0 --long with the three columns of a three-column table,
 *           bits 1-2 --bootstrap 0, 2, 3 or 5 (seed 1), bit 3 --conf 0.5,
 *           bit 4 --categories from the first line (comma-separated; the
 *           CSV starts on the next line), bit 5 --unit the last column,
 *           bit 6 --raters the second and third columns.
 * Undefined coefficients must come back NaN with a reason (agree.h). */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "icstat/agree.h"
#include "icstat/cli.h"
#include "icstat/ratings.h"
#include "icstat/table.h"
#include "fuzz.h"

static void check_result(const icstat_agree_result *a)
{
    FUZZ_CHECK(a->n_coef == 0 || a->coef);
    for (size_t i = 0; i < a->n_coef; i++) {
        const icstat_coef *c = &a->coef[i];
        FUZZ_CHECK(c->name && c->ci_method);
        FUZZ_CHECK(!isnan(c->estimate) || c->note[0] != '\0');
        FUZZ_CHECK(isnan(c->pa) || (c->pa >= -1e-12 && c->pa <= 1 + 1e-12));
        FUZZ_CHECK(isnan(c->pe) || (c->pe >= -1e-12 && c->pe <= 1 + 1e-12));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t reps[4] = {0, 2, 3, 5};
    if (size < 2)
        return 0;
    gsl_set_error_handler_off(); /* as main() does */
    const unsigned o0 = data[0], o1 = data[1];
    const char *csv = (const char *)data + 2;
    size_t len = size - 2;

    icstat_agree_options opt = {(icstat_weights_kind)(o0 & 7), ICSTAT_METRIC_NONE,
                                (o0 >> 6) & 1, (o1 & 8) ? 0.5 : 0.95, NULL, NULL, NULL,
                                ICSTAT_SE_CONDITIONAL};
    if (((o0 >> 3) & 7) >= 1 && ((o0 >> 3) & 7) <= 4)
        opt.alpha_metric = (icstat_alpha_metric)(((o0 >> 3) & 7) - 1);
    const int table = (o0 >> 7) & 1;
    const size_t boot = reps[(o1 >> 1) & 3];
    if ((o1 & 128) && !boot) /* as the command: not with the bootstrap */
        opt.se_method = ICSTAT_SE_UNCONDITIONAL;

    char *cats_line = NULL;
    char **cats = NULL;
    size_t n_cats = 0;
    if (o1 & 16) {
        const char *nl = memchr(csv, '\n', len);
        size_t n = nl ? (size_t)(nl - csv) : len;
        cats_line = fuzz_cstring((const uint8_t *)csv, n);
        /* As --categories: an empty item is a usage error, so stop there. */
        if (!cats_line || !(cats = icstat_cli_split_list(cats_line, &n_cats))) {
            free(cats_line);
            return 0;
        }
        csv += nl ? n + 1 : n;
        len -= nl ? n + 1 : n;
    }

    icstat_table *t = NULL;
    icstat_ratings *r = NULL;
    icstat_agree_result *a = NULL;
    icstat_agree_table *ct = NULL;
    gsl_rng *rng = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    int st = icstat_table_read_buffer("fuzz.csv", csv, len, &t, &err);
    if (st == ICSTAT_OK) {
        const char *raters[2] = {NULL, NULL};
        icstat_ratings_spec spec = {0};
        spec.categories = (const char *const *)cats;
        spec.n_categories = n_cats;
        if ((o1 & 1) && t->ncol == 3) {
            spec.long_unit = t->cols[0].name;
            spec.long_rater = t->cols[1].name;
            spec.long_rating = t->cols[2].name;
        } else {
            if (o1 & 32)
                spec.unit = t->cols[t->ncol - 1].name;
            if ((o1 & 64) && t->ncol >= 3) {
                raters[0] = t->cols[1].name;
                raters[1] = t->cols[2].name;
                spec.raters = raters;
                spec.n_raters = 2;
            }
        }
        st = icstat_ratings_from_table(t, &spec, &r, &err);
    }
    if (st == ICSTAT_OK)
        st = icstat_agree_estimate(r, &opt, &a, &err);
    if (st == ICSTAT_OK) {
        FUZZ_CHECK(a != NULL);
        check_result(a);
    }
    if (st == ICSTAT_OK && boot) {
        if (!(rng = gsl_rng_alloc(gsl_rng_mt19937)))
            st = ICSTAT_ENOMEM;
        else {
            gsl_rng_set(rng, 1);
            st = icstat_agree_bootstrap(r, &opt, a, boot, rng, NULL, NULL, &err);
        }
        if (st == ICSTAT_OK)
            check_result(a);
    }
    if (st == ICSTAT_OK && table) {
        st = icstat_agree_table_compute(r, &ct, &err);
        if (st == ICSTAT_OK)
            FUZZ_CHECK(ct && ct->q == r->n_cat && ct->n <= r->n_units);
    }
    if (st != ICSTAT_OK && st != ICSTAT_ENOMEM)
        FUZZ_CHECK(err.msg[0] != '\0');

    gsl_rng_free(rng);
    icstat_agree_table_free(ct);
    icstat_agree_result_free(a);
    icstat_ratings_free(r);
    icstat_table_free(t);
    icstat_strv_free(cats);
    free(cats_line);
    return 0;
}
