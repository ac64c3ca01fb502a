/* agree_compare.c — the difference of an agreement coefficient between two
 * independent groups or two sets of raters on the same units (Gwet 2016;
 * agree_compare.h says how each is tested). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "agree_internal.h"
#include "icstat/agree_compare.h"

/* Interval D +/- t(df) se at level conf, not clipped (a difference spans
 * [-2, 2]); two-sided p from the same t; NA without estimate, se or df. */
static void diff_interval(icstat_agree_diff *d, double conf)
{
    if (isnan(d->estimate) || isnan(d->se) || !(d->df > 0.0)) {
        d->ci_low = d->ci_high = d->p_value = NAN;
        return;
    }
    const double t = gsl_cdf_tdist_Qinv((1.0 - conf) / 2.0, d->df);
    d->ci_low = d->estimate - t * d->se;
    d->ci_high = d->estimate + t * d->se;
    if (d->se > 0.0)
        d->p_value = 2.0 * gsl_cdf_tdist_Q(fabs(d->estimate / d->se), d->df);
    else
        d->p_value = d->estimate != 0.0 ? 0.0 : NAN;
}

void icstat_agree_diff_independent(const icstat_coef *g, const icstat_coef *ref, double conf,
                                   icstat_agree_diff *out)
{
    *out = (icstat_agree_diff){.name = g->name, .id = g->id, .group_estimate = g->estimate,
                               .ref_estimate = ref->estimate, .units = g->units + ref->units};
    out->estimate = g->estimate - ref->estimate;
    const double v1 = g->se * g->se, v2 = ref->se * ref->se;
    out->se = sqrt(v1 + v2);
    /* Welch-Satterthwaite: each variance on its coefficient's own df. */
    const double den = (v1 > 0.0 ? v1 * v1 / g->df : 0.0) + (v2 > 0.0 ? v2 * v2 / ref->df : 0.0);
    out->df = den > 0.0 ? (v1 + v2) * (v1 + v2) / den : fmin(g->df, ref->df);
    if (isnan(out->estimate))
        snprintf(out->note, sizeof out->note, "no estimate in %s", isnan(g->estimate) ?
                 "the group" : "the reference");
    else if (isnan(out->se))
        snprintf(out->note, sizeof out->note, "no standard error in %s",
                 isnan(g->se) ? "the group" : "the reference");
    diff_interval(out, conf);
}

/* One set of raters' estimates and per-unit linearised values. */
typedef struct {
    agree_ctx ctx;
    agree_sums s;
    agree_point p;
    double *v; /* n * C_COUNT */
} set_values;

static void set_values_free(set_values *sv)
{
    free(sv->v);
    agree_point_free(&sv->p);
    agree_sums_free(&sv->s);
    agree_ctx_free(&sv->ctx);
}

/* The point estimates and per-unit values of ratings r (as
 * icstat_agree_estimate computes them). */
static int set_values_compute(set_values *sv, const icstat_ratings *r,
                              const icstat_agree_options *opt, icstat_error *err)
{
    memset(sv, 0, sizeof *sv);
    int st = agree_ctx_init(&sv->ctx, r, opt, err);
    if (st != ICSTAT_OK)
        return st;
    const size_t n = sv->ctx.u.n;
    if (agree_sums_init(&sv->s, r->n_raters, r->n_cat) != 0 ||
        agree_point_init(&sv->p, r->n_raters, r->n_cat) != 0 ||
        agree_sums_accumulate(&sv->s, &sv->ctx.u, NULL) != 0 ||
        !(sv->v = malloc((n * C_COUNT + 1) * sizeof *sv->v)))
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    if ((st = agree_point_compute(&sv->ctx, &sv->s, NULL, &sv->p, err)) != ICSTAT_OK)
        return st;
    if (agree_unit_values(&sv->ctx, &sv->p, &sv->s, sv->v) != 0)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    return ICSTAT_OK;
}

/* a and b rate the same units in the same order on the same categories. */
static int paired_check(const icstat_ratings *a, const icstat_ratings *b, icstat_error *err)
{
    int same = a->n_units == b->n_units && a->n_cat == b->n_cat;
    for (size_t i = 0; same && i < a->n_units; i++)
        same = strcmp(a->unit_ids[i], b->unit_ids[i]) == 0;
    for (size_t k = 0; same && k < a->n_cat; k++)
        same = strcmp(a->cat_labels[k], b->cat_labels[k]) == 0;
    if (!same)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0, "a paired difference needs the "
                                "same units and categories in both sets of raters");
    if (a->n_units < 2)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0, "a paired difference needs at "
                                "least two units rated by both sets of raters (have %zu)",
                                a->n_units);
    return ICSTAT_OK;
}

/* Coefficient id's paired difference from the two sets' values. */
static void paired_row(const set_values *a, const set_values *b, coef_id id, double conf,
                       icstat_agree_diff *d)
{
    const size_t n = a->ctx.u.n;
    const double D = a->p.est[id] - b->p.est[id];
    *d = (icstat_agree_diff){.name = icstat_coef_name(id), .id = id, .estimate = D,
                             .group_estimate = a->p.est[id], .ref_estimate = b->p.est[id],
                             .units = n, .df = (double)(n - 1)};
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double di = a->v[i * C_COUNT + id] - b->v[i * C_COUNT + id] - D;
        ss += di * di;
    }
    d->se = sqrt(ss / ((double)n * (double)(n - 1)));
    if (isnan(D))
        snprintf(d->note, sizeof d->note, "no estimate in %s", isnan(a->p.est[id]) ?
                 "the first set" : "the second set");
    diff_interval(d, conf);
}

int icstat_agree_paired(const icstat_ratings *a, const icstat_ratings *b,
                        const icstat_agree_options *opt, icstat_agree_diff **out, size_t *n_out,
                        icstat_error *err)
{
    static const coef_id paired_ids[] = {C_PERCENT, C_FLEISS, C_CONGER, C_GWET, C_BP};
    const size_t np = sizeof paired_ids / sizeof *paired_ids;
    *out = NULL;
    *n_out = 0;
    int st = paired_check(a, b, err);
    if (st != ICSTAT_OK)
        return st;
    set_values sa, sb;
    memset(&sb, 0, sizeof sb);
    if ((st = set_values_compute(&sa, a, opt, err)) == ICSTAT_OK &&
        (st = set_values_compute(&sb, b, opt, err)) == ICSTAT_OK) {
        icstat_agree_diff *d = calloc(np, sizeof *d);
        if (d) {
            for (size_t j = 0; j < np; j++)
                paired_row(&sa, &sb, paired_ids[j], opt->conf, &d[j]);
            *out = d;
            *n_out = np;
        } else
            st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    set_values_free(&sa);
    set_values_free(&sb);
    return st;
}
