/* clm_derived.c — what a fitted model says in words: the latent ICC, the
 * median odds ratio, the test of the random effect, the implied agreement
 * between two inspectors and the ranks of inspector effects. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_spline.h>

#include "clm_internal.h"
#include "icstat/sort.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

/* Nodes for integrating over the random effect (not adaptive: the
 * integrands here are smooth probabilities, not a likelihood). */
#define IMPLIED_NODES 20
/* Group-level contributions taking more distinct values than this are
 * summarised by this many equal-frequency quantile means. */
#define IMPLIED_MAX_LEVELS 64
/* Most distinct school-level predictors evaluated directly (see below). */
#define IMPLIED_GRID 1024

double icstat_clm_latent_icc(double sigma, icstat_link link)
{
    const double v = sigma * sigma;
    return v / (v + icstat_link_latent_variance(link));
}

double icstat_clm_median_odds_ratio(double sigma)
{
    return exp(M_SQRT2 * sigma * gsl_cdf_ugaussian_Pinv(0.75));
}

void icstat_clm_lr_test(double ll_mixed, double ll_fixed, double *stat, double *p_value)
{
    double lr = 2.0 * (ll_mixed - ll_fixed);
    if (lr < 0.0)
        lr = 0.0; /* the mixed model contains the fixed one: rounding */
    *stat = lr;
    *p_value = lr > 0.0 ? 0.5 * gsl_cdf_chisq_Q(lr, 1.0) : 1.0;
}

int clm_normal_rule(double sigma, size_t n, double *u, double *wt)
{
    gsl_integration_fixed_workspace *gh =
        gsl_integration_fixed_alloc(gsl_integration_fixed_hermite, n, 0.0, 1.0, 0.0, 0.0);
    if (!gh)
        return -1;
    const double *x = gsl_integration_fixed_nodes(gh), *w = gsl_integration_fixed_weights(gh);
    for (size_t k = 0; k < n; k++) {
        u[k] = M_SQRT2 * sigma * x[k];
        wt[k] = w[k] / sqrt(M_PI);
    }
    gsl_integration_fixed_free(gh);
    return 0;
}

/* The state that the phases of icstat_clm_implied_agreement share. */
typedef struct {
    const icstat_design *d;
    const icstat_clm_fit *f;
    icstat_link link;
    icstat_error *err;
    size_t nn;                        /* nodes of the rule for u (1 when sigma is 0) */
    double u[IMPLIED_NODES], wt[IMPLIED_NODES];
    unsigned char *gl;                /* p: the column is a group-level term's */
    double *v, *vw;                   /* the group-level predictor: values, weights */
    size_t nv;
    double *s;                        /* n: each row's school-level predictor */
    double *grid, *curve;             /* ng values of s, and p-bar there (ng x k) */
    size_t ng;
    double *pbar, *margin, *prob;     /* k each */
    double agree;                     /* the sum over rows of sum_c p-bar_c^2 */
} implied_ctx;

/* The rule for u and the arrays of size p, G and k; marks the columns of
 * group-level terms (there are none without groups). */
static int implied_alloc(implied_ctx *c)
{
    const icstat_design *d = c->d;
    const size_t p = d->p, k = d->k, G = d->n_groups;
    const double sigma = c->f->mixed ? exp(c->f->par[c->f->k1 + p]) : 0.0;
    icstat_error *err = c->err;
    c->nn = sigma > 0.0 ? IMPLIED_NODES : 1;
    if (c->nn == 1) {
        c->u[0] = 0.0;
        c->wt[0] = 1.0;
    } else if (clm_normal_rule(sigma, c->nn, c->u, c->wt) != 0) {
        return NOMEM();
    }
    c->gl = calloc(p ? p : 1, 1);
    c->v = malloc((G ? G : 1) * sizeof *c->v);
    c->vw = malloc((G ? G : 1) * sizeof *c->vw);
    c->pbar = malloc(k * sizeof *c->pbar);
    c->margin = calloc(k, sizeof *c->margin);
    c->prob = malloc(k * sizeof *c->prob);
    if (!c->gl || !c->v || !c->vw || !c->pbar || !c->margin || !c->prob)
        return NOMEM();
    for (size_t t = 0; t < d->n_terms && G; t++)
        if (d->terms[t].group_level)
            memset(c->gl + d->terms[t].first_col, 1, d->terms[t].ncols);
    return ICSTAT_OK;
}

/* The group-level part of the linear predictor, one value per group, as
 * distinct values with weights (or, beyond IMPLIED_MAX_LEVELS of them,
 * equal-frequency quantile means): the distribution a new inspector's
 * characteristics are drawn from. */
static int implied_group_values(implied_ctx *c)
{
    const icstat_design *d = c->d;
    const size_t p = d->p, G = d->n_groups;
    const double *beta = c->f->par + c->f->k1;
    double *v = c->v, *vw = c->vw;
    icstat_error *err = c->err;
    c->nv = 1;
    v[0] = 0.0;
    vw[0] = 1.0;
    if (!G)
        return ICSTAT_OK;
    for (size_t g = 0; g < G; g++) {
        const double *x = d->x + d->group_start[g] * p;
        v[g] = 0.0;
        for (size_t col = 0; col < p; col++)
            if (c->gl[col])
                v[g] += x[col] * beta[col];
    }
    qsort(v, G, sizeof *v, icstat_cmp_double);
    size_t nv = 0;
    for (size_t g = 0; g < G; g++) {
        if (nv && v[g] == v[nv - 1]) {
            vw[nv - 1] += 1.0;
        } else {
            v[nv] = v[g];
            vw[nv++] = 1.0;
        }
    }
    if (nv > IMPLIED_MAX_LEVELS) {
        /* Re-expand from the sorted distinct values into quantile means. */
        double *all = malloc(G * sizeof *all);
        if (!all)
            return NOMEM();
        for (size_t a = 0, g = 0; a < nv; a++)
            for (size_t r = 0; r < (size_t)vw[a]; r++)
                all[g++] = v[a];
        for (size_t b = 0; b < IMPLIED_MAX_LEVELS; b++) {
            const size_t lo = b * G / IMPLIED_MAX_LEVELS, hi = (b + 1) * G / IMPLIED_MAX_LEVELS;
            double s = 0.0;
            for (size_t g = lo; g < hi; g++)
                s += all[g];
            v[b] = hi > lo ? s / (double)(hi - lo) : 0.0;
            vw[b] = (double)(hi - lo);
        }
        nv = IMPLIED_MAX_LEVELS;
        free(all);
    }
    for (size_t a = 0; a < nv; a++)
        vw[a] /= (double)G;
    c->nv = nv;
    return ICSTAT_OK;
}

/* Each row's school-level predictor s, and the values of s at which p-bar
 * is computed: its distinct values, or, when there are more than
 * IMPLIED_GRID of them, an even grid over its range. */
static int implied_school_values(implied_ctx *c)
{
    const icstat_design *d = c->d;
    const size_t n = d->n, p = d->p;
    const double *beta = c->f->par + c->f->k1;
    icstat_error *err = c->err;
    double *s = c->s = malloc(n * sizeof *s);
    if (!s)
        return NOMEM();
    for (size_t i = 0; i < n; i++) {
        const double *x = d->x + i * p;
        s[i] = 0.0;
        for (size_t col = 0; col < p; col++)
            if (!c->gl[col])
                s[i] += x[col] * beta[col];
    }
    double *grid = c->grid = malloc((n < IMPLIED_GRID ? n : IMPLIED_GRID) * sizeof *grid);
    if (!grid)
        return NOMEM();
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return NOMEM();
    memcpy(sorted, s, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, icstat_cmp_double);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        distinct += i == 0 || sorted[i] != sorted[i - 1];
    size_t ng = 0;
    if (distinct <= IMPLIED_GRID) {
        for (size_t i = 0; i < n; i++)
            if (i == 0 || sorted[i] != sorted[i - 1])
                grid[ng++] = sorted[i];
    } else {
        ng = IMPLIED_GRID;
        for (size_t j = 0; j < ng; j++)
            grid[j] = sorted[0] + (sorted[n - 1] - sorted[0]) * (double)j / (double)(ng - 1);
        grid[ng - 1] = sorted[n - 1]; /* exactly, so no row falls outside */
    }
    free(sorted);
    c->ng = ng;
    return ICSTAT_OK;
}

/* p-bar at each grid value: the category probabilities averaged over the
 * group-level values and the random effect. */
static int implied_curve(implied_ctx *c)
{
    const size_t k = c->d->k, ng = c->ng;
    icstat_error *err = c->err;
    c->curve = malloc(ng * k * sizeof *c->curve);
    if (!c->curve)
        return NOMEM();
    for (size_t j = 0; j < ng; j++) {
        double *pb = c->curve + j * k;
        memset(pb, 0, k * sizeof *pb);
        for (size_t a = 0; a < c->nv; a++)
            for (size_t q = 0; q < c->nn; q++) {
                icstat_clm_probs(c->f, c->link, c->grid[j] + c->v[a] + c->u[q], c->prob);
                for (size_t col = 0; col < k; col++)
                    pb[col] += c->vw[a] * c->wt[q] * c->prob[col];
            }
    }
    return ICSTAT_OK;
}

/* Sum p-bar over the rows, with each row's p-bar interpolated by cubic
 * splines through the grid (the curves are smooth; the error is far below
 * 1e-6). */
static int implied_sum_spline(implied_ctx *c)
{
    const size_t n = c->d->n, k = c->d->k, ng = c->ng;
    icstat_error *err = c->err;
    int st = ICSTAT_OK;
    double *col = malloc(ng * sizeof *col);
    gsl_interp_accel *acc = gsl_interp_accel_alloc();
    gsl_spline **spl = calloc(k, sizeof *spl); /* NOLINT(bugprone-sizeof-expression) */
    if (!col || !acc || !spl) {
        free(col);
        gsl_interp_accel_free(acc);
        free(spl);
        return NOMEM();
    }
    for (size_t cat = 0; cat < k && st == ICSTAT_OK; cat++) {
        for (size_t j = 0; j < ng; j++)
            col[j] = c->curve[j * k + cat];
        int gs;
        if (!(spl[cat] = gsl_spline_alloc(gsl_interp_cspline, ng)))
            st = NOMEM();
        else if ((gs = gsl_spline_init(spl[cat], c->grid, col, ng)) != GSL_SUCCESS)
            /* A grid that is not strictly increasing: linear predictors
             * spread over a range too narrow for IMPLIED_GRID points. */
            st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                  "the implied agreement cannot be computed: interpolating "
                                  "over the linear predictor failed (%s)", gsl_strerror(gs));
    }
    for (size_t i = 0; i < n && st == ICSTAT_OK; i++) {
        for (size_t cat = 0; cat < k && st == ICSTAT_OK; cat++) {
            int gs = gsl_spline_eval_e(spl[cat], c->s[i], acc, &c->pbar[cat]);
            if (gs != GSL_SUCCESS)
                st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                      "the implied agreement cannot be computed: "
                                      "interpolating the predicted probabilities failed "
                                      "(%s)", gsl_strerror(gs));
        }
        if (st != ICSTAT_OK)
            break;
        for (size_t cat = 0; cat < k; cat++) {
            c->agree += c->pbar[cat] * c->pbar[cat];
            c->margin[cat] += c->pbar[cat];
        }
    }
    for (size_t cat = 0; cat < k; cat++)
        gsl_spline_free(spl[cat]);
    free(spl);
    free(col);
    gsl_interp_accel_free(acc);
    return st;
}

/* Sum p-bar over the rows, each row's s being one of the grid values. */
static void implied_sum_exact(implied_ctx *c)
{
    const size_t n = c->d->n, k = c->d->k;
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0, hi = c->ng;
        while (hi - lo > 1) {
            const size_t mid = (lo + hi) / 2;
            if (c->grid[mid] <= c->s[i])
                lo = mid;
            else
                hi = mid;
        }
        for (size_t cat = 0; cat < k; cat++) {
            const double pc = c->curve[lo * k + cat];
            c->agree += pc * pc;
            c->margin[cat] += pc;
        }
    }
}

int icstat_clm_implied_agreement(const icstat_design *d, const icstat_clm_fit *f,
                                 icstat_link link, double *agreement, double *kappa,
                                 icstat_error *err)
{
    implied_ctx c = {.d = d, .f = f, .link = link, .err = err};
    int st = implied_alloc(&c);
    if (st == ICSTAT_OK)
        st = implied_group_values(&c);
    /* p-bar depends on a row only through its school-level predictor s,
     * so it is computed on the values of s in the grid. */
    if (st == ICSTAT_OK)
        st = implied_school_values(&c);
    if (st == ICSTAT_OK)
        st = implied_curve(&c);
    if (st == ICSTAT_OK) {
        if (c.ng == IMPLIED_GRID && c.ng < d->n)
            st = implied_sum_spline(&c);
        else
            implied_sum_exact(&c);
    }
    if (st == ICSTAT_OK) {
        const size_t n = d->n, k = d->k;
        double chance = 0.0;
        for (size_t j = 0; j < k; j++)
            chance += (c.margin[j] / (double)n) * (c.margin[j] / (double)n);
        *agreement = c.agree / (double)n;
        *kappa = chance < 1.0 ? (*agreement - chance) / (1.0 - chance) : NAN;
    }
    free(c.s), free(c.grid), free(c.curve);
    free(c.gl), free(c.v), free(c.vw), free(c.pbar), free(c.margin), free(c.prob);
    return st;
}

typedef struct {
    double effect;
    size_t group;
} effect_key;

static int cmp_effect(const void *a, const void *b)
{
    const effect_key *x = a, *y = b;
    if (x->effect != y->effect)
        return (x->effect < y->effect) - (x->effect > y->effect); /* largest first */
    return (x->group > y->group) - (x->group < y->group);
}

/* Ranks of n effects, largest first (ties in index order); -1 without
 * memory. */
static int rank_effects(const double *effect, size_t n, size_t *rank)
{
    effect_key *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys)
        return -1;
    for (size_t g = 0; g < n; g++)
        keys[g] = (effect_key){effect[g], g};
    qsort(keys, n, sizeof *keys, cmp_effect);
    for (size_t r = 0; r < n; r++)
        rank[keys[r].group] = r + 1;
    free(keys);
    return 0;
}

int icstat_clm_effect_ranks(const icstat_clm_fit *f, size_t *rank)
{
    return rank_effects(f->mode, f->n_groups, rank);
}

int icstat_clm_factor_ranks(const icstat_clm_fit *f, size_t factor, size_t *rank)
{
    if (f->n_factors < 2 || factor == 0)
        return factor == 0 ? icstat_clm_effect_ranks(f, rank) : -1;
    if (factor >= f->n_factors)
        return -1;
    return rank_effects(f->factor_mode[factor], f->factor_levels[factor], rank);
}
