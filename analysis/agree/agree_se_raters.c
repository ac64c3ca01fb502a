/* agree_se_raters.c — unconditional standard errors: the variance of an
 * agreement coefficient due to sampling the raters, added to the
 * variance over units (agree_se.c), which is conditional on the raters.
 *
 * Gwet, Handbook of Inter-Rater Reliability (4th ed., 2014), sec. 5.4
 * (eq. 5.4.4, p. 156), and Gwet (2008), "Variance estimation of
 * nominal-scale inter-rater reliability with random selection of raters",
 * Psychometrika 73, 407-430; as Stata's kappaetc se(unconditional)
 * computes it (Klein 2018): the coefficient is computed r times, each
 * time without one rater g (units left with no rating drop out; the
 * category set stays), and
 *   v_raters = (r - 1) / r * sum_g (coef_(g) - mean_g coef_(g))^2,
 * with no finite-population correction (a pool of raters much larger than
 * the r sampled, kappaetc's default).  The unconditional variance is
 * v_units + v_raters.  Two raters have no such variance: without one of
 * them no pair is left (kappaetc's jackknife needs r > 2 as well).
 *
 * Intervals: kappaetc uses the normal distribution, as no degrees of
 * freedom are known for the sum.  Here t with Satterthwaite's degrees of
 * freedom, v^2 / (v_units^2 / df_units + v_raters^2 / (r - 1)): the rater
 * part rests on r - 1 degrees of freedom, often few (inspectors), where
 * the normal quantile undercovers; with v_raters = 0 it is the
 * conditional t on n - 1. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agree_internal.h"

static const char *const se_method_names[] = {"conditional", "unconditional"};

const char *icstat_se_method_name(icstat_se_method m)
{
    return m == ICSTAT_SE_UNCONDITIONAL ? se_method_names[1] : se_method_names[0];
}

int icstat_se_method_lookup(const char *name)
{
    for (int m = 0; m <= ICSTAT_SE_UNCONDITIONAL; m++)
        if (strcmp(name, se_method_names[m]) == 0)
            return m;
    return -1;
}

/* The data without one rater, and what its coefficients need. */
typedef struct {
    agree_units u; /* units left with a rating, r - 1 raters */
    int *cat;      /* their n*(r-1) categories (u.cat points here) */
    agree_sums s;
    agree_point p;
    agree_ctx sub; /* ctx with the ICC off (the jackknife is not for it) */
} leave_one;

static void leave_one_free(leave_one *L)
{
    agree_units_free(&L->u);
    free(L->cat);
    agree_sums_free(&L->s);
    agree_point_free(&L->p);
}

/* Room for the units of ctx with one rater fewer.  0, or -1 when out of
 * memory. */
static int leave_one_init(leave_one *L, const agree_ctx *ctx)
{
    const size_t n = ctx->u.n, r = ctx->u.r, q = ctx->u.q;
    memset(L, 0, sizeof *L);
    L->sub = *ctx;
    for (int f = 0; f < ICSTAT_ICC_FORMS; f++)
        L->sub.active[C_ICC + f] = 0;
    L->cat = malloc((n * (r - 1) + 1) * sizeof *L->cat);
    L->u.count = malloc((n * q + 1) * sizeof *L->u.count);
    L->u.ri = malloc((n + 1) * sizeof *L->u.ri);
    if (!L->cat || !L->u.count || !L->u.ri || agree_sums_init(&L->s, r - 1, q) != 0 ||
        agree_point_init(&L->p, r - 1, q) != 0) {
        leave_one_free(L);
        return -1;
    }
    L->u.cat = L->cat;
    L->u.r = r - 1;
    L->u.q = q;
    return 0;
}

/* The units as rater g had not rated: g's column left out, and units no
 * other rater rated dropped (as kappaetc gives them weight 0). */
static void leave_one_units(leave_one *L, const agree_units *u, size_t g)
{
    const size_t r = u->r, q = u->q;
    size_t kept = 0;
    for (size_t i = 0; i < u->n; i++) {
        int *row = L->cat + kept * (r - 1);
        double *c = L->u.count + kept * q;
        int ri = 0;
        memset(c, 0, q * sizeof *c);
        for (size_t h = 0, j = 0; h < r; h++) {
            if (h == g)
                continue;
            const int k = u->cat[i * r + h];
            row[j++] = k;
            if (k >= 0) {
                c[k] += 1.0;
                ri++;
            }
        }
        L->u.ri[kept] = ri;
        kept += ri > 0;
    }
    L->u.n = kept;
}

/* The jackknife variance of one coefficient from its r leave-one-out
 * values est_g[g * C_COUNT + id]; NaN when any is undefined (a rater
 * whose absence leaves, say, every rating in one category). */
static double jackknife_variance(const double *est_g, size_t r, int id)
{
    double mean = 0.0, ss = 0.0;
    for (size_t g = 0; g < r; g++)
        mean += est_g[g * C_COUNT + (size_t)id];
    mean /= (double)r;
    for (size_t g = 0; g < r; g++) {
        const double d = est_g[g * C_COUNT + (size_t)id] - mean;
        ss += d * d;
    }
    return (double)(r - 1) / (double)r * ss;
}

int agree_rater_variance(const agree_ctx *ctx, double var_r[C_COUNT])
{
    const size_t r = ctx->u.r;
    for (int id = 0; id < C_COUNT; id++)
        var_r[id] = NAN;
    if (r < 3)
        return 0;
    leave_one L;
    double *est_g = malloc(r * C_COUNT * sizeof *est_g);
    if (!est_g || leave_one_init(&L, ctx) != 0) {
        free(est_g);
        return -1;
    }
    int st = 0;
    for (size_t g = 0; g < r && st == 0; g++) {
        leave_one_units(&L, &ctx->u, g);
        icstat_error err; /* the ICC is off: only running out of memory fails */
        if (agree_sums_accumulate(&L.s, &L.u, NULL) != 0 ||
            agree_point_compute(&L.sub, &L.s, NULL, &L.p, &err) != ICSTAT_OK)
            st = -1;
        for (int id = 0; id < C_COUNT; id++)
            est_g[g * C_COUNT + (size_t)id] = L.p.est[id];
    }
    for (int id = 0; st == 0 && id < C_ICC; id++)
        if (ctx->active[id])
            var_r[id] = jackknife_variance(est_g, r, id);
    leave_one_free(&L);
    free(est_g);
    return st;
}

void agree_coef_unconditional(icstat_coef *c, double var_raters, size_t raters)
{
    c->se_method = se_method_names[1];
    if (isnan(c->se))
        return; /* no variance over units: the sum has none either */
    if (isnan(var_raters)) {
        c->se = c->df = NAN;
        if (!c->note[0])
            snprintf(c->note, sizeof c->note, "%s",
                     raters < 3 ? "no unconditional standard error with two raters: "
                                  "leaving one out (the jackknife over raters) leaves no "
                                  "pair to agree"
                                : "no unconditional standard error: without one of the "
                                  "raters the coefficient is undefined, so the jackknife "
                                  "over raters is too");
        return;
    }
    const double v_units = c->se * c->se, v = v_units + var_raters;
    const double df_raters = (double)(raters - 1);
    const double den = v_units * v_units / c->df + var_raters * var_raters / df_raters;
    c->se = sqrt(v);
    /* Satterthwaite: both parts 0 leaves the units' degrees of freedom */
    c->df = den > 0.0 ? v * v / den : c->df;
}
