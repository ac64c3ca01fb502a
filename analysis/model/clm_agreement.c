/* clm_agreement.c — how often two inspectors give the same grade, as a
 * fitted cumulative link model implies it, with delta-method intervals.
 *
 * The model's latent value of an inspection is L + w, graded c when
 * theta_{c-1} < L + w <= theta_c (R's ordinal parameterisation, clm.h:
 * P(Y <= c) = F(theta_c - x'beta - u)), where
 *   L = s + r + e   the school's part: s the row's linear predictor over
 *                   every term but the inspector's characteristics, r the
 *                   school's random effect (sd sigma_school; 0 until a
 *                   school effect is fitted) and e the latent residual,
 *                   distributed as the link's F;
 *   w = v + u       the inspector's part: v the inspector characteristics'
 *                   part of x'beta, drawn from its distribution over the
 *                   inspectors (over the rows without a group), and u the
 *                   inspector's random intercept, N(0, sigma^2).
 * Two quantities:
 *   inspector_agreement = mean_i E_L[ sum_c P_w(c | L)^2 ]: the same
 *     inspection (L fixed) graded by two inspectors drawn independently;
 *   implied_agreement = mean_i E_r[ sum_c P(c | s_i + r)^2 ], where
 *     P(c | .) integrates e and w: two independent inspections of the same
 *     school (its own r), everything the model does not explain counting
 *     as disagreement.
 * Each kappa is (A - Pe) / (1 - Pe), Pe = sum_c Pbar_c^2 with Pbar the
 * average predicted grade shares: the population value of Scott's pi /
 * Fleiss' kappa for two exchangeable inspectors.
 *
 * Both depend on a row only through s, so they are computed at the
 * distinct values of s (or, beyond AGREE_GRID of them, on an even grid
 * with cubic splines between), as icstat_clm_margins does for margins. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_spline.h>

#include "clm_internal.h"
#include "icstat/sort.h"
#include "icstat/wald.h"
#include "icstat/zero.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

/* Gauss-Hermite nodes for the random effects u and r (their integrands
 * are smooth probabilities, not a likelihood: no adaptation needed). */
#define AGREE_NODES 20
/* Inspector-level contributions taking more distinct values than this are
 * summarised by this many equal-frequency quantile means. */
#define AGREE_MAX_LEVELS 64
/* Most distinct school-level predictors evaluated directly. */
#define AGREE_GRID 1024
/* Points of the grid on which P(c | x) is splined when r is integrated. */
#define AGREE_XGRID 512
/* Without a school effect, school-level values beyond this many have the
 * inspector agreement's function of s computed on an even grid of this
 * many points and splined (a convolution with F's density: smooth). */
#define AGREE_IGRID 256
/* Widest panel of the composite Gauss-Legendre rule over L. */
#define AGREE_PANEL 0.5
/* Tail probability of e left outside the range of L integrated over (the
 * rest is added with the integrand's value at the ends). */
#define AGREE_TAIL 1e-15

/* 8-point Gauss-Legendre rule on [-1, 1]: the positive nodes and their
 * weights (Abramowitz & Stegun 1972, table 25.4). */
static const double gl_x[4] = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267,
                               0.9602898564975363};
static const double gl_w[4] = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745,
                               0.1012285362903763};

/* Columns of the per-s curves: the k predicted grade shares, then the
 * implied and the inspector agreement. */
#define C_IMPLIED(k) (k)
#define C_INSPECTOR(k) ((k) + 1)

/* The state that the phases of one evaluation share. */
typedef struct {
    const icstat_design *d;
    const double *par;               /* theta (k1), beta (p), [log sigma] */
    size_t k, k1, nc;                /* categories, thresholds, curve columns (k + 2) */
    icstat_link link;
    double sigma, sigma_school;
    icstat_error *err;
    unsigned char *il;               /* p: the column is an inspector characteristic's */
    double *v, *vw;                  /* inspector-level predictor: values, weights */
    size_t nv;
    size_t nn, nr;                   /* nodes for u and for r (1 when the sd is 0) */
    double u[AGREE_NODES], uw[AGREE_NODES], r[AGREE_NODES], rw[AGREE_NODES];
    double rmin, rmax;               /* the extreme nodes for r */
    double *s;                       /* n: each row's school-level predictor */
    double *grid;                    /* ng values of s */
    size_t ng;
    double *px, *pcurve;             /* sigma_school > 0: P(c | x) on npx values of x */
    size_t npx;
    double *ln, *lw, *lg;            /* nodes, weights and integrand over L */
    size_t nl;
    double lmin, lmax, gmin, gmax;   /* L's range, and the integrand at its ends */
    double *curve;                   /* ng x nc */
    double *sum;                     /* nc: sums over the rows */
    double *prob;                    /* k scratch */
} agree_ctx;

/* P(Y = c | eta) under the thresholds of par, each category from its own
 * cut points (icstat_clm_probs does the same for a fit). */
static void cat_probs(const agree_ctx *c, double eta, double *prob)
{
    for (size_t j = 0; j <= c->k1; j++)
        prob[j] = icstat_link_prob(c->link, j < c->k1 ? c->par[j] - eta : INFINITY,
                                   j > 0 ? c->par[j - 1] - eta : -INFINITY);
}

/* Rules for u and r and the arrays of size p, G and k; marks the columns
 * of inspector characteristics. */
static int agree_alloc(agree_ctx *c)
{
    const icstat_design *d = c->d;
    const size_t p = d->p, k = d->k, units = d->n_groups ? d->n_groups : d->n;
    icstat_error *err = c->err;
    c->nn = c->sigma > 0.0 ? AGREE_NODES : 1;
    c->nr = c->sigma_school > 0.0 ? AGREE_NODES : 1;
    c->u[0] = c->r[0] = 0.0;
    c->uw[0] = c->rw[0] = 1.0;
    if ((c->nn > 1 && clm_normal_rule(c->sigma, c->nn, c->u, c->uw) != 0) ||
        (c->nr > 1 && clm_normal_rule(c->sigma_school, c->nr, c->r, c->rw) != 0))
        return NOMEM();
    c->rmin = c->rmax = 0.0;
    for (size_t q = 0; q < c->nr; q++) {
        c->rmin = fmin(c->rmin, c->r[q]);
        c->rmax = fmax(c->rmax, c->r[q]);
    }
    c->il = calloc(p ? p : 1, 1);
    c->v = malloc(units * sizeof *c->v);
    c->vw = malloc(units * sizeof *c->vw);
    c->prob = calloc(k, sizeof *c->prob); /* zeroed: cat_probs fills k1 + 1 = k */
    c->sum = calloc(c->nc, sizeof *c->sum);
    if (!c->il || !c->v || !c->vw || !c->prob || !c->sum)
        return NOMEM();
    for (size_t t = 0; t < d->n_terms; t++)
        if (d->terms[t].inspector_level)
            memset(c->il + d->terms[t].first_col, 1, d->terms[t].ncols);
    return ICSTAT_OK;
}

/* Replace the n sorted values v by at most AGREE_MAX_LEVELS quantile
 * means with their counts in vw: 0, or -1 when out of memory. */
static int quantile_means(double *v, double *vw, size_t n, size_t *nv)
{
    double *all = malloc(n * sizeof *all);
    if (!all)
        return -1;
    memcpy(all, v, n * sizeof *all);
    for (size_t b = 0; b < AGREE_MAX_LEVELS; b++) {
        const size_t lo = b * n / AGREE_MAX_LEVELS, hi = (b + 1) * n / AGREE_MAX_LEVELS;
        double s = 0.0;
        for (size_t g = lo; g < hi; g++)
            s += all[g];
        v[b] = hi > lo ? s / (double)(hi - lo) : 0.0;
        vw[b] = (double)(hi - lo);
    }
    *nv = AGREE_MAX_LEVELS;
    free(all);
    return 0;
}

/* The inspector-level part of the linear predictor, one value per
 * inspector (per group; per row without groups, so that inspectors count
 * as often as they inspect), as distinct values with weights (or, beyond
 * AGREE_MAX_LEVELS, equal-frequency quantile means): the distribution a
 * new inspector's characteristics are drawn from. */
static int agree_inspector_values(agree_ctx *c)
{
    const icstat_design *d = c->d;
    const size_t p = d->p, G = d->n_groups, units = G ? G : d->n;
    const double *beta = c->par + c->k1;
    double *v = c->v, *vw = c->vw;
    icstat_error *err = c->err;
    int any = 0;
    for (size_t col = 0; col < p; col++)
        any |= c->il[col];
    c->nv = 1;
    v[0] = 0.0;
    vw[0] = 1.0;
    if (!any)
        return ICSTAT_OK;
    for (size_t g = 0; g < units; g++) {
        const double *x = d->x + (G ? d->group_start[g] : g) * p;
        v[g] = 0.0;
        for (size_t col = 0; col < p; col++)
            if (c->il[col])
                v[g] += x[col] * beta[col];
    }
    qsort(v, units, sizeof *v, icstat_cmp_double);
    size_t nv = 0;
    for (size_t g = 0; g < units; g++) {
        if (nv && v[g] == v[nv - 1]) {
            vw[nv - 1] += 1.0;
        } else {
            v[nv] = v[g];
            vw[nv++] = 1.0;
        }
    }
    if (nv > AGREE_MAX_LEVELS) {
        /* Back to every unit's value, sorted, for the quantile means. */
        for (size_t a = nv, g = units; a-- > 0;)
            for (size_t rep = 0; rep < (size_t)vw[a]; rep++)
                v[--g] = v[a];
        if (quantile_means(v, vw, units, &nv) != 0)
            return NOMEM();
    }
    for (size_t a = 0; a < nv; a++)
        vw[a] /= (double)units;
    c->nv = nv;
    return ICSTAT_OK;
}

/* Each row's school-level predictor s, and the values of s at which the
 * curves are computed: its distinct values, or, when there are more than
 * AGREE_GRID of them, an even grid over its range. */
static int agree_school_values(agree_ctx *c)
{
    const icstat_design *d = c->d;
    const size_t n = d->n, p = d->p;
    const double *beta = c->par + c->k1;
    icstat_error *err = c->err;
    double *s = c->s = malloc(n * sizeof *s);
    double *grid = c->grid = malloc((n < AGREE_GRID ? n : AGREE_GRID) * sizeof *grid);
    double *sorted = malloc(n * sizeof *sorted);
    if (!s || !grid || !sorted) {
        free(sorted);
        return NOMEM();
    }
    for (size_t i = 0; i < n; i++) {
        const double *x = d->x + i * p;
        s[i] = 0.0;
        for (size_t col = 0; col < p; col++)
            if (!c->il[col])
                s[i] += x[col] * beta[col];
    }
    memcpy(sorted, s, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, icstat_cmp_double);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        distinct += i == 0 || sorted[i] != sorted[i - 1];
    size_t ng = 0;
    if (distinct <= AGREE_GRID) {
        for (size_t i = 0; i < n; i++)
            if (i == 0 || sorted[i] != sorted[i - 1])
                grid[ng++] = sorted[i];
    } else {
        ng = AGREE_GRID;
        for (size_t j = 0; j < ng; j++)
            grid[j] = sorted[0] + (sorted[n - 1] - sorted[0]) * (double)j / (double)(ng - 1);
        grid[ng - 1] = sorted[n - 1]; /* exactly, so no row falls outside */
    }
    free(sorted);
    c->ng = ng;
    return ICSTAT_OK;
}

/* P(c | x): the grade shares at school-level value x, e, u and the
 * inspector characteristics integrated out, into prob (k). */
static void school_probs(agree_ctx *c, double x, double *prob)
{
    const size_t k = c->k;
    memset(prob, 0, k * sizeof *prob);
    for (size_t a = 0; a < c->nv; a++)
        for (size_t q = 0; q < c->nn; q++) {
            cat_probs(c, x + c->v[a] + c->u[q], c->prob);
            for (size_t j = 0; j < k; j++)
                prob[j] += c->vw[a] * c->uw[q] * c->prob[j];
        }
}

/* The status of a failed gsl spline call, as an icstat error. */
static int spline_error(icstat_error *err, int gs)
{
    return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                            "the implied agreement cannot be computed: interpolating over "
                            "the linear predictor failed (%s)", gsl_strerror(gs));
}

/* With a school effect (sigma_school > 0): P(c | x) on an even grid of x
 * wide enough for every s + r, to be splined (it is as smooth as F). */
static int agree_school_grid(agree_ctx *c)
{
    icstat_error *err = c->err;
    const size_t k = c->k, m = AGREE_XGRID;
    if (c->nr == 1)
        return ICSTAT_OK;
    c->px = malloc(m * sizeof *c->px);
    c->pcurve = malloc(m * k * sizeof *c->pcurve);
    double *prob = malloc(k * sizeof *prob);
    if (!c->px || !c->pcurve || !prob) {
        free(prob);
        return NOMEM();
    }
    const double lo = c->grid[0] + c->rmin, hi = c->grid[c->ng - 1] + c->rmax;
    for (size_t j = 0; j < m; j++) {
        c->px[j] = j + 1 < m ? lo + (hi - lo) * (double)j / (double)(m - 1) : hi;
        school_probs(c, c->px[j], prob);
        for (size_t col = 0; col < k; col++)
            c->pcurve[col * m + j] = prob[col];
    }
    c->npx = m;
    free(prob);
    return ICSTAT_OK;
}

/* The implied-agreement columns of the curves: at each grid value s,
 * E_r P(c | s + r) and E_r sum_c P(c | s + r)^2. */
static int agree_implied_curve(agree_ctx *c)
{
    const size_t k = c->k, nc = c->nc, m = c->npx;
    icstat_error *err = c->err;
    double *prob = malloc(k * sizeof *prob);
    gsl_interp_accel *acc = c->nr > 1 ? gsl_interp_accel_alloc() : NULL;
    gsl_spline **spl = calloc(k, sizeof *spl); /* NOLINT(bugprone-sizeof-expression) */
    int st = ICSTAT_OK;
    if (!prob || !spl || (c->nr > 1 && !acc))
        st = NOMEM();
    for (size_t col = 0; col < k && st == ICSTAT_OK && c->nr > 1; col++) {
        int gs;
        if (!(spl[col] = gsl_spline_alloc(gsl_interp_cspline, m)))
            st = NOMEM();
        else if ((gs = gsl_spline_init(spl[col], c->px, c->pcurve + col * m, m)) != GSL_SUCCESS)
            st = spline_error(err, gs);
    }
    for (size_t j = 0; j < c->ng && st == ICSTAT_OK; j++) {
        double *cv = c->curve + j * nc;
        for (size_t q = 0; q < c->nr && st == ICSTAT_OK; q++) {
            if (c->nr == 1)
                school_probs(c, c->grid[j], prob);
            for (size_t col = 0; col < k && c->nr > 1 && st == ICSTAT_OK; col++) {
                const int gs = gsl_spline_eval_e(spl[col], c->grid[j] + c->r[q], acc, &prob[col]);
                if (gs != GSL_SUCCESS)
                    st = spline_error(err, gs);
            }
            for (size_t col = 0; col < k; col++) {
                cv[col] += c->rw[q] * prob[col];
                cv[C_IMPLIED(k)] += c->rw[q] * prob[col] * prob[col];
            }
        }
    }
    for (size_t col = 0; col < k && spl; col++)
        gsl_spline_free(spl[col]);
    free(spl);
    gsl_interp_accel_free(acc);
    free(prob);
    return st;
}

/* G(x) = P(w <= x): w's distribution, a mixture over the inspector values
 * of N(v_a, sigma^2) (point masses when sigma is 0). */
static double w_cdf(const agree_ctx *c, double x)
{
    double g = 0.0;
    for (size_t a = 0; a < c->nv; a++)
        g += c->vw[a] * (c->sigma > 0.0 ? gsl_cdf_ugaussian_P((x - c->v[a]) / c->sigma)
                                        : (double)(c->v[a] <= x));
    return g;
}

/* sum_c P_w(c | L)^2: two inspectors give latent value L the same grade. */
static double same_grade(const agree_ctx *c, double L)
{
    double g = 0.0, below = 0.0;
    for (size_t j = 0; j <= c->k1; j++) {
        const double upto = j < c->k1 ? w_cdf(c, c->par[j] - L) : 1.0;
        g += (upto - below) * (upto - below);
        below = upto;
    }
    return g;
}

static int cmp_double(const void *a, const void *b)
{
    return icstat_cmp_double(a, b);
}

/* The edges of the panels over L: an even grid over the range where e
 * puts all but AGREE_TAIL of its mass for every s + r, and, where the
 * integrand changes faster than a panel (sigma < AGREE_PANEL), edges at
 * each cut point theta_c - v_a and at 1, 2, 4 and 8 sigma either side of
 * it (beyond 8 sigma the normal tail is below 1e-15).  Sorted, distinct. */
static int agree_edges(agree_ctx *c, double **out, size_t *nout)
{
    icstat_error *err = c->err;
    static const double off[] = {0.0, 1.0, -1.0, 2.0, -2.0, 4.0, -4.0, 8.0, -8.0};
    const size_t noff = c->sigma > 0.0 ? (c->sigma < AGREE_PANEL ? 9 : 0) : 1;
    c->lmin = c->grid[0] + c->rmin + icstat_link_quantile(c->link, AGREE_TAIL);
    c->lmax = c->grid[c->ng - 1] + c->rmax + icstat_link_quantile(c->link, 1.0 - AGREE_TAIL);
    const size_t neven = (size_t)ceil((c->lmax - c->lmin) / AGREE_PANEL) + 2;
    const size_t cap = neven + c->k1 * c->nv * noff;
    double *e = malloc(cap * sizeof *e);
    if (!e)
        return NOMEM();
    size_t ne = 0;
    for (size_t j = 0; j < neven; j++)
        e[ne++] = j + 1 < neven ? c->lmin + (c->lmax - c->lmin) * (double)j / (double)(neven - 1)
                                : c->lmax;
    for (size_t j = 0; j < c->k1; j++)
        for (size_t a = 0; a < c->nv; a++)
            for (size_t o = 0; o < noff; o++) {
                const double x = c->par[j] - c->v[a] + off[o] * c->sigma;
                if (x > c->lmin && x < c->lmax)
                    e[ne++] = x;
            }
    qsort(e, ne, sizeof *e, cmp_double);
    size_t m = 0;
    for (size_t j = 0; j < ne; j++)
        if (m == 0 || e[j] - e[m - 1] > 1e-12 * (1.0 + fabs(e[j])))
            e[m++] = e[j];
    *out = e;
    *nout = m;
    return ICSTAT_OK;
}

/* The composite 8-point Gauss-Legendre rule over L on the panels of
 * agree_edges, and the integrand sum_c P_w(c | L)^2 at its nodes (it does
 * not depend on s: computed once for every grid value). */
static int agree_l_nodes(agree_ctx *c)
{
    icstat_error *err = c->err;
    double *e = NULL;
    size_t ne = 0;
    int st = agree_edges(c, &e, &ne);
    if (st != ICSTAT_OK)
        return st;
    const size_t np = ne > 1 ? ne - 1 : 1;
    c->ln = malloc(8 * np * sizeof *c->ln);
    c->lw = malloc(8 * np * sizeof *c->lw);
    c->lg = malloc(8 * np * sizeof *c->lg);
    if (!c->ln || !c->lw || !c->lg) {
        free(e);
        return NOMEM();
    }
    size_t nl = 0;
    for (size_t j = 0; j < np; j++) {
        const double mid = 0.5 * (e[j] + e[j + 1]), half = 0.5 * (e[j + 1] - e[j]);
        for (size_t q = 0; q < 8; q++) {
            const double x = q < 4 ? -gl_x[3 - q] : gl_x[q - 4];
            c->ln[nl] = mid + half * x;
            c->lw[nl] = half * gl_w[q < 4 ? 3 - q : q - 4];
            c->lg[nl] = same_grade(c, c->ln[nl]);
            nl++;
        }
    }
    c->nl = nl;
    c->gmin = same_grade(c, c->lmin);
    c->gmax = same_grade(c, c->lmax);
    free(e);
    return ICSTAT_OK;
}

/* E_e sum_c P_w(c | y + e)^2: the inspector agreement of an inspection
 * whose school-level value (s + r) is y, by the rule over L and the tails
 * beyond it. */
static double inspector_at(const agree_ctx *c, double y)
{
    double t = icstat_link_cdf(c->link, c->lmin - y) * c->gmin +
               icstat_link_sf(c->link, c->lmax - y) * c->gmax;
    for (size_t l = 0; l < c->nl; l++)
        t += c->lw[l] * c->lg[l] * icstat_link_pdf(c->link, c->ln[l] - y);
    return t;
}

/* Without a school effect and with many grid values (a numeric term):
 * inspector_at on AGREE_IGRID even points over the grid's range, splined
 * to each grid value. */
static int agree_inspector_coarse(agree_ctx *c)
{
    icstat_error *err = c->err;
    const size_t m = AGREE_IGRID, nc = c->nc, k = c->k;
    const double lo = c->grid[0], hi = c->grid[c->ng - 1];
    double *x = malloc(m * sizeof *x), *h = malloc(m * sizeof *h);
    gsl_interp_accel *acc = gsl_interp_accel_alloc();
    gsl_spline *spl = gsl_spline_alloc(gsl_interp_cspline, m);
    int st = x && h && acc && spl ? ICSTAT_OK : NOMEM(), gs;
    for (size_t j = 0; j < m && st == ICSTAT_OK; j++) {
        x[j] = j + 1 < m ? lo + (hi - lo) * (double)j / (double)(m - 1) : hi;
        h[j] = inspector_at(c, x[j]);
    }
    if (st == ICSTAT_OK && (gs = gsl_spline_init(spl, x, h, m)) != GSL_SUCCESS)
        st = spline_error(err, gs);
    for (size_t j = 0; j < c->ng && st == ICSTAT_OK; j++) {
        double y;
        if ((gs = gsl_spline_eval_e(spl, c->grid[j], acc, &y)) != GSL_SUCCESS)
            st = spline_error(err, gs);
        c->curve[j * nc + C_INSPECTOR(k)] = y;
    }
    gsl_spline_free(spl);
    gsl_interp_accel_free(acc);
    free(x);
    free(h);
    return st;
}

/* The inspector-agreement column: at each grid value s, E_r of
 * inspector_at(s + r).  With a school effect and many grid values (a
 * numeric term) the function of y is computed once on the even grid of
 * agree_school_grid and splined (it is a convolution with F's density:
 * smooth), rather than at every s + r: twenty times fewer evaluations. */
static int agree_inspector_curve(agree_ctx *c)
{
    const size_t nc = c->nc, k = c->k;
    if (c->nr == 1 && c->ng > AGREE_IGRID)
        return agree_inspector_coarse(c);
    const size_t m = c->npx;
    if (c->nr == 1 || c->ng * c->nr <= m) {
        for (size_t j = 0; j < c->ng; j++) {
            double a = 0.0;
            for (size_t q = 0; q < c->nr; q++)
                a += c->rw[q] * inspector_at(c, c->grid[j] + c->r[q]);
            c->curve[j * nc + C_INSPECTOR(k)] = a;
        }
        return ICSTAT_OK;
    }
    icstat_error *err = c->err;
    double *h = malloc(m * sizeof *h);
    gsl_interp_accel *acc = gsl_interp_accel_alloc();
    gsl_spline *spl = gsl_spline_alloc(gsl_interp_cspline, m);
    int st = h && acc && spl ? ICSTAT_OK : NOMEM(), gs;
    for (size_t j = 0; j < m && st == ICSTAT_OK; j++)
        h[j] = inspector_at(c, c->px[j]);
    if (st == ICSTAT_OK && (gs = gsl_spline_init(spl, c->px, h, m)) != GSL_SUCCESS)
        st = spline_error(err, gs);
    for (size_t j = 0; j < c->ng && st == ICSTAT_OK; j++) {
        double a = 0.0, y;
        for (size_t q = 0; q < c->nr && st == ICSTAT_OK; q++) {
            if ((gs = gsl_spline_eval_e(spl, c->grid[j] + c->r[q], acc, &y)) != GSL_SUCCESS)
                st = spline_error(err, gs);
            a += c->rw[q] * y;
        }
        c->curve[j * nc + C_INSPECTOR(k)] = a;
    }
    gsl_spline_free(spl);
    gsl_interp_accel_free(acc);
    free(h);
    return st;
}

/* Sum the curves over the rows, each row's value splined through the grid
 * (the curves are smooth; the error is far below 1e-6). */
static int agree_sum_spline(agree_ctx *c)
{
    const size_t n = c->d->n, nc = c->nc, ng = c->ng;
    icstat_error *err = c->err;
    int st = ICSTAT_OK;
    double *col = malloc(ng * sizeof *col);
    gsl_interp_accel *acc = gsl_interp_accel_alloc();
    gsl_spline **spl = calloc(nc, sizeof *spl); /* NOLINT(bugprone-sizeof-expression) */
    if (!col || !acc || !spl)
        st = NOMEM();
    for (size_t cc = 0; cc < nc && st == ICSTAT_OK; cc++) {
        for (size_t j = 0; j < ng; j++)
            col[j] = c->curve[j * nc + cc];
        int gs;
        if (!(spl[cc] = gsl_spline_alloc(gsl_interp_cspline, ng)))
            st = NOMEM();
        else if ((gs = gsl_spline_init(spl[cc], c->grid, col, ng)) != GSL_SUCCESS)
            /* A grid that is not strictly increasing: linear predictors
             * spread over a range too narrow for AGREE_GRID points. */
            st = spline_error(err, gs);
    }
    for (size_t i = 0; i < n && st == ICSTAT_OK; i++)
        for (size_t cc = 0; cc < nc && st == ICSTAT_OK; cc++) {
            double y;
            const int gs = gsl_spline_eval_e(spl[cc], c->s[i], acc, &y);
            if (gs != GSL_SUCCESS)
                st = spline_error(err, gs);
            c->sum[cc] += y;
        }
    for (size_t cc = 0; cc < nc && spl; cc++)
        gsl_spline_free(spl[cc]);
    free(spl);
    free(col);
    gsl_interp_accel_free(acc);
    return st;
}

/* Sum the curves over the rows, each row's s being one of the grid values. */
static void agree_sum_exact(agree_ctx *c)
{
    const size_t n = c->d->n, nc = c->nc;
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0, hi = c->ng;
        while (hi - lo > 1) {
            const size_t mid = (lo + hi) / 2;
            if (c->grid[mid] <= c->s[i])
                lo = mid;
            else
                hi = mid;
        }
        for (size_t cc = 0; cc < nc; cc++)
            c->sum[cc] += c->curve[lo * nc + cc];
    }
}

static void agree_ctx_free(agree_ctx *c)
{
    free(c->il), free(c->v), free(c->vw), free(c->prob), free(c->sum);
    free(c->s), free(c->grid), free(c->px), free(c->pcurve);
    free(c->ln), free(c->lw), free(c->lg), free(c->curve);
}

int icstat_clm_agreement_at(const icstat_design *d, const icstat_clm_fit *f,
                            const double *par, icstat_link link, double sigma_school,
                            double out[ICSTAT_CLM_AGREEMENT_N], icstat_error *err)
{
    const size_t k = d->k;
    agree_ctx c = {.d = d, .par = par, .k = k, .k1 = f->k1, .nc = k + 2, .link = link,
                   .sigma = f->mixed ? exp(par[f->k1 + f->p]) : 0.0,
                   .sigma_school = sigma_school > 0.0 ? sigma_school : 0.0, .err = err};
    int st = agree_alloc(&c);
    if (st == ICSTAT_OK)
        st = agree_inspector_values(&c);
    if (st == ICSTAT_OK)
        st = agree_school_values(&c);
    if (st == ICSTAT_OK && !(c.curve = calloc(c.ng * c.nc, sizeof *c.curve)))
        st = NOMEM();
    if (st == ICSTAT_OK)
        st = agree_school_grid(&c);
    if (st == ICSTAT_OK)
        st = agree_implied_curve(&c);
    /* Without a spread of inspectors the grade of an inspection is fixed:
     * exactly 1, with no quadrature to round it. */
    const int fixed = c.sigma == 0.0 && c.nv == 1;
    if (st == ICSTAT_OK && !fixed && (st = agree_l_nodes(&c)) == ICSTAT_OK)
        st = agree_inspector_curve(&c);
    if (st == ICSTAT_OK) {
        if (c.ng == AGREE_GRID && c.ng < d->n)
            st = agree_sum_spline(&c);
        else
            agree_sum_exact(&c);
    }
    if (st == ICSTAT_OK) {
        const double n = (double)d->n;
        double chance = 0.0;
        for (size_t j = 0; j < k; j++)
            chance += (c.sum[j] / n) * (c.sum[j] / n);
        const double ai = fixed ? 1.0 : c.sum[C_INSPECTOR(k)] / n;
        const double am = c.sum[C_IMPLIED(k)] / n;
        out[ICSTAT_CLM_INSPECTOR_AGREEMENT] = ai;
        /* A kappa is a difference of probabilities: one that is zero but
         * for rounding (no term describes the school: the implied
         * agreement is chance itself) is 0 (zero.h), in the estimate and
         * in the evaluations its standard error is differenced from. */
        out[ICSTAT_CLM_INSPECTOR_KAPPA] =
            chance < 1.0 ? icstat_zero_snap((ai - chance) / (1.0 - chance), 1.0) : NAN;
        out[ICSTAT_CLM_IMPLIED_AGREEMENT] = am;
        /* One school-level value and no school effect: every school is
         * alike, so two inspections of one agree as chance does and the
         * implied kappa is 0 exactly, at every parameter value (its se 0
         * too, not the rounding of differenced evaluations). */
        const int alike = c.ng == 1 && c.sigma_school == 0.0;
        out[ICSTAT_CLM_IMPLIED_KAPPA] =
            !(chance < 1.0) ? NAN
            : alike         ? 0.0
                            : icstat_zero_snap((am - chance) / (1.0 - chance), 1.0);
    }
    agree_ctx_free(&c);
    return st;
}

int icstat_clm_implied_agreement(const icstat_design *d, const icstat_clm_fit *f,
                                 icstat_link link, double *agreement, double *kappa,
                                 icstat_error *err)
{
    double a[ICSTAT_CLM_AGREEMENT_N];
    const int st = icstat_clm_agreement_at(d, f, f->par, link, 0.0, a, err);
    if (st == ICSTAT_OK) {
        *agreement = a[ICSTAT_CLM_IMPLIED_AGREEMENT];
        *kappa = a[ICSTAT_CLM_IMPLIED_KAPPA];
    }
    return st;
}

/* An estimate's interval from its delta-method se on the logit scale, so
 * that it stays inside 0..1 (the kappas too: the inspector agreement is at
 * least the implied one, which is at least chance, by Jensen's inequality
 * over e and over the rows); none at 0 or 1 or without an se.  With `root`
 * the interval is taken on the square-root scale instead (and clipped to
 * 0..1): the implied kappa is a variance between rows of predicted shares,
 * quadratic in the school terms' effects near 0, where a parametric
 * bootstrap showed the logit interval's upper end too high by half
 * (tests/unit/test_clm_agreement.c); its square root is near linear. */
static icstat_clm_estimate agree_interval(double est, double se, double z, int root)
{
    icstat_clm_estimate e = {est, se, NAN, NAN, NAN, NAN};
    if (!(se > 0.0) || !isfinite(se) || !(est > 0.0 && est < 1.0))
        return e;
    if (root) {
        const double t = sqrt(est), st = se / (2.0 * t);
        e.ci_low = t - z * st > 0.0 ? (t - z * st) * (t - z * st) : 0.0;
        e.ci_high = fmin(1.0, (t + z * st) * (t + z * st));
        return e;
    }
    const double t = log(est / (1.0 - est)), st = se / (est * (1.0 - est));
    e.ci_low = 1.0 / (1.0 + exp(-(t - z * st)));
    e.ci_high = 1.0 / (1.0 + exp(-(t + z * st)));
    return e;
}

int icstat_clm_agreement_compute(const icstat_design *d, const icstat_clm_fit *f,
                                 icstat_link link, double sigma_school, double conf,
                                 icstat_clm_agreement *out, icstat_error *err)
{
    const size_t np = f->npar, m = ICSTAT_CLM_AGREEMENT_N;
    double est[ICSTAT_CLM_AGREEMENT_N], hi[ICSTAT_CLM_AGREEMENT_N] = {0},
           lo[ICSTAT_CLM_AGREEMENT_N] = {0};
    double var[ICSTAT_CLM_AGREEMENT_N] = {0};
    memset(out, 0, sizeof *out);
    int st = icstat_clm_agreement_at(d, f, f->par, link, sigma_school, est, err);
    if (st != ICSTAT_OK)
        return st;
    double *par = malloc(np * sizeof *par), *jac = calloc(np * m, sizeof *jac);
    if (!par || !jac) {
        free(par), free(jac);
        return NOMEM();
    }
    /* Central differences with steps of 2% of each parameter's se: small
     * enough for the curvature, large against the evaluations' rounding
     * (the quadrature is a fixed smooth function of the parameters).
     * Parameters of unknown variance (sigma at its boundary) are left out,
     * as for the margins. */
    memcpy(par, f->par, np * sizeof *par);
    for (size_t j = 0; j < np && st == ICSTAT_OK; j++) {
        const double sej = icstat_clm_se(f, j), h = 0.02 * sej;
        if (!(sej > 0.0) || !isfinite(sej) || !isfinite(f->par[j]))
            continue;
        par[j] = f->par[j] + h;
        st = icstat_clm_agreement_at(d, f, par, link, sigma_school, hi, err);
        par[j] = f->par[j] - h;
        if (st == ICSTAT_OK)
            st = icstat_clm_agreement_at(d, f, par, link, sigma_school, lo, err);
        par[j] = f->par[j];
        for (size_t q = 0; q < m && st == ICSTAT_OK; q++)
            jac[q * np + j] = (hi[q] - lo[q]) / (2.0 * h);
    }
    for (size_t q = 0; q < m && st == ICSTAT_OK; q++)
        for (size_t a = 0; a < np; a++)
            for (size_t b = 0; b < np; b++) {
                const double v = f->vcov[a * np + b];
                if (isfinite(v))
                    var[q] += jac[q * np + a] * v * jac[q * np + b];
            }
    free(par), free(jac);
    if (st != ICSTAT_OK)
        return st;
    const double z = icstat_z_critical(conf);
    out->boundary = f->mixed && !isfinite(f->par[f->k1 + f->p]);
    int inspector_terms = 0;
    for (size_t t = 0; t < d->n_terms; t++)
        inspector_terms |= d->terms[t].inspector_level;
    out->inspector_fixed = !inspector_terms && !(f->mixed && exp(f->par[f->k1 + f->p]) > 0.0);
    for (size_t q = 0; q < m; q++) {
        const int none = out->inspector_fixed && q <= ICSTAT_CLM_INSPECTOR_KAPPA;
        out->est[q] = agree_interval(est[q], none ? NAN : sqrt(var[q]), z,
                                     q == ICSTAT_CLM_IMPLIED_KAPPA);
    }
    return ICSTAT_OK;
}
