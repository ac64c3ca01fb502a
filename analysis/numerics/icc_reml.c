/* icc_reml.c — REML fit of y = mu + unit + rater + e with crossed random
 * unit and rater effects, for the ICC of ratings with gaps.
 *
 * The REML criterion is profiled over the residual variance as lme4 does
 * (Bates, Maechler, Bolker & Walker 2015, J. Stat. Softw. 67(1), eqs.
 * 34-42): with relative standard deviations la = sd(unit)/sd(e) and
 * lb = sd(rater)/sd(e),
 *   -2 log L_R = log|M| + (N - 1) (1 + log(2 pi r2 / (N - 1))),
 * where M = [L'Z'ZL + I, L'Z'1; 1'ZL, N] (L = diag(la.., lb..)) and r2 is
 * the penalised residual sum of squares.  M's unit block is diagonal (a
 * unit is one level of one factor), so it is eliminated in closed form and
 * only the raters' block (raters + 1 square) is factored: the work per
 * evaluation is the sum over units of (raters of the unit + 1)^2 plus
 * (raters + 1)^3 / 3.  When there are more raters than units and no
 * multiplicities, the raters' block is the one eliminated instead.  The
 * kept block is factored densely: 300 raters and 3,000 units take 0.4 s,
 * 1,000 raters and 4,000 units 14 s; far larger designs would need a
 * sparse factorisation (the block is sparse when few raters share units). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

#include "icstat/icc_reml.h"
#include "spd.h"

/* The data regrouped by the eliminated factor a: its levels' cells
 * (kept level, count of ratings), sums, and the kept factor b's sums. */
typedef struct {
    size_t na, nb;
    size_t *start;       /* na + 1: level i's cells are start[i] .. start[i+1]-1 */
    size_t *cell_b;      /* kept level of each cell */
    double *cell_n;      /* ratings in each cell (of one copy) */
    double *wa;          /* na: copies of level i (the bootstrap's multiplicity) */
    double *a_n, *a_y;   /* na: ratings and their sum, one copy */
    double *b_n, *b_y;   /* nb: over all copies */
    double N, sumy, yy;  /* over all copies; y centred on its mean */
    double *S, *t, *x;   /* (nb+1)^2 and nb+1: the kept block, rhs, solution */
} reml_ctx;

static void reml_ctx_free(reml_ctx *c)
{
    free(c->start);
    free(c->cell_b);
    free(c->cell_n);
    free(c->wa);
    free(c->a_n);
    free(c->a_y);
    free(c->b_n);
    free(c->b_y);
    free(c->S);
    free(c->t);
    free(c->x);
}

/* Regroup d's ratings by the eliminated factor (units when elim_units),
 * cells sorted by kept level through a counting pass; ratings shifted by
 * their mean so that sums of squares keep their precision.  0, or -1
 * when out of memory. */
static int reml_ctx_init(reml_ctx *c, const icstat_icc_data *d, int elim_units, double shift)
{
    memset(c, 0, sizeof *c);
    const size_t *a = elim_units ? d->unit : d->rater, *b = elim_units ? d->rater : d->unit;
    c->na = elim_units ? d->n_units : d->n_raters;
    c->nb = elim_units ? d->n_raters : d->n_units;
    const size_t na = c->na, nb = c->nb, N = d->N;
    c->start = calloc(na + 1, sizeof *c->start);
    c->cell_b = malloc((N ? N : 1) * sizeof *c->cell_b);
    c->cell_n = calloc(N ? N : 1, sizeof *c->cell_n);
    c->wa = malloc((na ? na : 1) * sizeof *c->wa);
    c->a_n = calloc(na ? na : 1, sizeof *c->a_n);
    c->a_y = calloc(na ? na : 1, sizeof *c->a_y);
    c->b_n = calloc(nb ? nb : 1, sizeof *c->b_n);
    c->b_y = calloc(nb ? nb : 1, sizeof *c->b_y);
    c->S = malloc((nb + 1) * (nb + 1) * sizeof *c->S);
    c->t = malloc((nb + 1) * sizeof *c->t);
    c->x = malloc((nb + 1) * sizeof *c->x);
    size_t *pos = malloc((na + 1) * sizeof *pos);
    if (!c->start || !c->cell_b || !c->cell_n || !c->wa || !c->a_n || !c->a_y || !c->b_n ||
        !c->b_y || !c->S || !c->t || !c->x || !pos) {
        free(pos);
        reml_ctx_free(c);
        return -1;
    }
    for (size_t i = 0; i < na; i++)
        c->wa[i] = 1.0;
    if (elim_units && d->m)
        for (size_t i = 0; i < na; i++)
            c->wa[i] = d->m[i];
    /* Cells: one slot per rating, a level's slots contiguous; repeated
     * (level, kept level) pairs merge into the first slot of the pair. */
    for (size_t t = 0; t < N; t++)
        c->start[a[t] + 1]++;
    for (size_t i = 0; i < na; i++)
        c->start[i + 1] += c->start[i];
    memcpy(pos, c->start, (na + 1) * sizeof *pos);
    for (size_t t = 0; t < N; t++) {
        const size_t i = a[t], j = b[t];
        const double w = elim_units && d->m ? d->m[d->unit[t]] : 1.0;
        const double v = d->y[t] - shift;
        size_t s = c->start[i];
        while (s < pos[i] && c->cell_b[s] != j)
            s++;
        if (s == pos[i])
            c->cell_b[pos[i]++] = j;
        c->cell_n[s] += 1.0;
        c->a_n[i] += 1.0;
        c->a_y[i] += v;
        c->b_n[j] += w;
        c->b_y[j] += w * v;
        c->N += w;
        c->sumy += w * v;
        c->yy += w * v * v;
    }
    /* Compact each level's cells to the front of its slots: the slots
     * past pos[i] are unused (count 0) and are skipped by the loops. */
    for (size_t i = 0; i < na; i++)
        for (size_t s = pos[i]; s < c->start[i + 1]; s++)
            c->cell_n[s] = 0.0;
    free(pos);
    return 0;
}

/* log|M| and r2 at relative standard deviations (la, lb): the eliminated
 * block's diagonal, then the Schur complement on the kept block.  0, or
 * -1 when that complement is not positive definite (not for la, lb >= 0
 * with N > 0, but checked rather than assumed). */
static int reml_eval(reml_ctx *c, double la, double lb, double *logdet, double *r2)
{
    const size_t nb = c->nb, m = nb + 1;
    double *S = c->S, *t = c->t;
    memset(S, 0, m * m * sizeof *S);
    for (size_t j = 0; j < nb; j++) {
        S[j * m + j] = 1.0 + lb * lb * c->b_n[j];
        S[j * m + nb] = S[nb * m + j] = lb * c->b_n[j];
        t[j] = lb * c->b_y[j];
    }
    S[nb * m + nb] = c->N;
    t[nb] = c->sumy;
    double ld = 0.0, rr = c->yy;
    for (size_t i = 0; i < c->na; i++) {
        const double w = c->wa[i];
        if (w == 0.0 || c->a_n[i] == 0.0)
            continue;
        const double A = 1.0 + la * la * c->a_n[i], s = la * c->a_y[i], g = w / A;
        ld += w * log(A);
        rr -= g * s * s;
        const double ci = la * c->a_n[i]; /* the intercept's entry of row i */
        for (size_t p = c->start[i]; p < c->start[i + 1] && c->cell_n[p] > 0.0; p++) {
            const size_t jp = c->cell_b[p];
            const double cp = la * lb * c->cell_n[p];
            t[jp] -= g * cp * s;
            for (size_t q = c->start[i]; q < c->start[i + 1] && c->cell_n[q] > 0.0; q++)
                S[jp * m + c->cell_b[q]] -= g * cp * la * lb * c->cell_n[q];
            S[jp * m + nb] -= g * cp * ci;
            S[nb * m + jp] -= g * cp * ci;
        }
        t[nb] -= g * ci * s;
        S[nb * m + nb] -= g * ci * ci;
    }
    double piv;
    if (icstat_spd_factor_until(S, m, 0.0, &piv) != m)
        return -1;
    /* L y = t, then L' x = y; r2 -= t' S^-1 t = |y|^2. */
    double *x = c->x;
    for (size_t i = 0; i < m; i++) {
        double v = t[i];
        for (size_t k = 0; k < i; k++)
            v -= S[i * m + k] * x[k];
        x[i] = v / S[i * m + i];
        ld += 2.0 * log(S[i * m + i]);
        rr -= x[i] * x[i];
    }
    for (size_t i = m; i-- > 0;) {
        double v = x[i];
        for (size_t k = i + 1; k < m; k++)
            v -= S[k * m + i] * x[k];
        x[i] = v / S[i * m + i];
    }
    *logdet = ld;
    *r2 = rr > 0.0 ? rr : 0.0;
    return 0;
}

/* The profiled REML criterion at (|la|, |lb|): even in each, so the
 * simplex needs no bounds and reaches a variance of 0 at la = 0. */
static double reml_profiled(const gsl_vector *v, void *params)
{
    reml_ctx *c = params;
    const double la = fabs(gsl_vector_get(v, 0)), lb = fabs(gsl_vector_get(v, 1));
    double ld, r2;
    if (reml_eval(c, la, lb, &ld, &r2) != 0 || !(r2 > 0.0))
        return GSL_POSINF;
    const double df = c->N - 1.0;
    return ld + df * (1.0 + log(2.0 * M_PI * r2 / df));
}

/* Newton steps on the profiled criterion from the simplex's minimum, with
 * central-difference derivatives (step 1e-4: truncation ~1e-8, rounding
 * ~1e-11 of the criterion's size), a step kept only when it lowers the
 * criterion (halved up to 30 times otherwise), until it is below 1e-11:
 * the 1e-6 agreement with lme4 needs more than a simplex gives. */
static void reml_polish(reml_ctx *c, double x[2])
{
    gsl_vector_view v = gsl_vector_view_array(x, 2);
    double f0 = reml_profiled(&v.vector, c);
    for (int it = 0; it < 50; it++) {
        const double h = 1e-4;
        double f[3][3], p[2];
        gsl_vector_view pv = gsl_vector_view_array(p, 2);
        for (int a = -1; a <= 1; a++)
            for (int b = -1; b <= 1; b++) {
                p[0] = x[0] + a * h;
                p[1] = x[1] + b * h;
                f[a + 1][b + 1] = a == 0 && b == 0 ? f0 : reml_profiled(&pv.vector, c);
            }
        const double g0 = (f[2][1] - f[0][1]) / (2 * h), g1 = (f[1][2] - f[1][0]) / (2 * h);
        const double h00 = (f[2][1] - 2 * f0 + f[0][1]) / (h * h);
        const double h11 = (f[1][2] - 2 * f0 + f[1][0]) / (h * h);
        const double h01 = (f[2][2] - f[2][0] - f[0][2] + f[0][0]) / (4 * h * h);
        const double det = h00 * h11 - h01 * h01;
        if (!(h00 > 0.0) || !(det > 0.0) || !isfinite(det))
            return; /* not convex here: keep the simplex's answer */
        double s0 = -(h11 * g0 - h01 * g1) / det, s1 = -(h00 * g1 - h01 * g0) / det;
        int took = 0;
        for (int half = 0; half < 30 && !took; half++, s0 /= 2, s1 /= 2) {
            p[0] = x[0] + s0;
            p[1] = x[1] + s1;
            const double fn = reml_profiled(&pv.vector, c);
            if (fn <= f0) {
                x[0] = p[0];
                x[1] = p[1];
                f0 = fn;
                took = 1;
            }
        }
        if (!took || fabs(s0) + fabs(s1) < 1e-11)
            break;
    }
    x[0] = fabs(x[0]);
    x[1] = fabs(x[1]);
}

/* -2 log L_R at log variances phi (unit, rater, residual), not profiled:
 * log|M| + (N-1) log(2 pi s2) + r2 / s2.  Its Hessian is twice the
 * observed information. */
static double reml_full(reml_ctx *c, const double phi[3])
{
    const double s2 = exp(phi[2]);
    double ld, r2;
    if (reml_eval(c, sqrt(exp(phi[0] - phi[2])), sqrt(exp(phi[1] - phi[2])), &ld, &r2) != 0)
        return NAN;
    return ld + (c->N - 1.0) * log(2.0 * M_PI * s2) + r2 / s2;
}

/* Nelder-Mead (GSL's nmsimplex2) from (x0, x1) with first step `step`
 * until the simplex is below 1e-5 across (a simplex stalls near 1e-7,
 * where the criterion's rounding hides its curvature: reml_polish
 * finishes); the minimum into x.  0,
 * -1 when out of memory, 1 when it did not converge. */
static int reml_minimise(reml_ctx *c, double x[2], double step)
{
    gsl_multimin_function fn = {reml_profiled, 2, c};
    gsl_multimin_fminimizer *s = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
    gsl_vector *v = gsl_vector_alloc(2), *st = gsl_vector_alloc(2);
    int rc = -1;
    if (!s || !v || !st)
        goto done;
    gsl_vector_set(v, 0, x[0]);
    gsl_vector_set(v, 1, x[1]);
    gsl_vector_set_all(st, step);
    rc = 1;
    if (gsl_multimin_fminimizer_set(s, &fn, v, st) != GSL_SUCCESS)
        goto done;
    for (int it = 0; it < 5000; it++) {
        const int status = gsl_multimin_fminimizer_iterate(s);
        if (status != GSL_SUCCESS)
            break;
        if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 1e-5) == GSL_SUCCESS) {
            rc = 0;
            break;
        }
    }
    x[0] = fabs(gsl_vector_get(s->x, 0));
    x[1] = fabs(gsl_vector_get(s->x, 1));
done:
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(v);
    gsl_vector_free(st);
    return rc;
}

/* Covariance of the log variances: 2 H^-1 over the variances that are
 * not on the boundary (a relative sd below 1e-6 counts as 0 there: its
 * log has no finite information), by central differences of reml_full
 * (step 1e-3 on the log scale: truncation error ~1e-6 of H).  NaN where
 * the information is not positive definite; -1 when out of memory. */
static int reml_covariance(reml_ctx *c, const double phi0[3], int active[3],
                           double cov[3][3])
{
    size_t idx[3] = {0, 0, 0}, na = 0;
    for (size_t i = 0; i < 3; i++) {
        for (size_t j = 0; j < 3; j++)
            cov[i][j] = NAN;
        if (active[i])
            idx[na++] = i;
    }
    const double h = 1e-3, f0 = reml_full(c, phi0);
    double H[9];
    for (size_t a = 0; a < na; a++)
        for (size_t b = a; b < na; b++) {
            double p[3], f[4];
            const double sa[4] = {1, 1, -1, -1}, sb[4] = {1, -1, 1, -1};
            for (int k = 0; k < 4; k++) {
                memcpy(p, phi0, sizeof p);
                p[idx[a]] += sa[k] * h;
                if (a == b)
                    p[idx[a]] += sa[k] * h; /* second derivative: steps of 2h */
                else
                    p[idx[b]] += sb[k] * h;
                f[k] = reml_full(c, p);
            }
            double v;
            if (a == b) {
                v = (f[0] - 2.0 * f0 + f[3]) / (4.0 * h * h);
            } else {
                v = (f[0] - f[1] - f[2] + f[3]) / (4.0 * h * h);
            }
            H[a * na + b] = H[b * na + a] = v;
        }
    const int inv = na ? icstat_spd_invert(H, na) : -1;
    if (inv == -2)
        return -1;
    for (size_t a = 0; inv == 0 && a < na; a++)
        for (size_t b = 0; b < na; b++)
            cov[idx[a]][idx[b]] = 2.0 * H[a * na + b];
    return 0;
}

/* Can the crossed model be fitted at all: two units, two raters, more
 * ratings than the fixed two-way layout's parameters, ratings that vary.
 * 0, or the reason in err. */
static int reml_check(const icstat_icc_data *d, double *shift, icstat_error *err)
{
    size_t units = 0, raters = 0;
    char *seen_u = calloc(d->n_units + 1, 1), *seen_r = calloc(d->n_raters + 1, 1);
    if (!seen_u || !seen_r) {
        free(seen_u);
        free(seen_r);
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    double sum = 0.0, lo = INFINITY, hi = -INFINITY;
    for (size_t t = 0; t < d->N; t++) {
        if (d->m && d->m[d->unit[t]] == 0.0)
            continue;
        units += !seen_u[d->unit[t]];
        raters += !seen_r[d->rater[t]];
        seen_u[d->unit[t]] = seen_r[d->rater[t]] = 1;
        sum += d->y[t];
        lo = fmin(lo, d->y[t]);
        hi = fmax(hi, d->y[t]);
    }
    free(seen_u);
    free(seen_r);
    *shift = d->N ? sum / (double)d->N : 0.0;
    if (units < 2 || raters < 2)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "REML needs ratings of at least two units by at least two "
                                "raters (have %zu and %zu)", units, raters);
    if (d->N + 1 <= units + raters)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "REML needs more ratings (%zu) than units and raters less one "
                                "(%zu): nothing separates the units' and raters' variances "
                                "from the residual", d->N, units + raters - 1);
    if (!(hi > lo))
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "no variation among the scores, so REML has nothing to fit");
    return ICSTAT_OK;
}

int icstat_icc_reml_fit(const icstat_icc_data *d, icstat_icc_reml *out, icstat_error *err)
{
    double shift = 0.0;
    int st = reml_check(d, &shift, err);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            out->cov[i][j] = NAN;
    out->var_unit = out->var_rater = out->var_resid = out->mean = out->reml = NAN;
    if (st != ICSTAT_OK)
        return st;
    const int elim_units = d->m || d->n_units >= d->n_raters;
    reml_ctx c;
    if (reml_ctx_init(&c, d, elim_units, shift) != 0)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    /* x: (unit, rater) relative sds in the eliminated factor's order. */
    double x[2] = {1.0, 1.0};
    st = reml_minimise(&c, x, 0.5);
    if (st == 0)
        st = reml_minimise(&c, x, 0.05); /* restart: a simplex can stall */
    if (st == 0)
        reml_polish(&c, x);
    if (st != 0) {
        reml_ctx_free(&c);
        return st < 0 ? icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")
                      : icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                         "REML did not converge in 5000 simplex steps");
    }
    const double la = elim_units ? x[0] : x[1], lb = elim_units ? x[1] : x[0];
    double ld, r2;
    reml_eval(&c, x[0], x[1], &ld, &r2);
    const double df = c.N - 1.0, s2 = r2 / df;
    out->var_resid = s2;
    out->var_unit = la * la * s2;
    out->var_rater = lb * lb * s2;
    out->mean = c.x[c.nb] + shift;
    out->reml = ld + df * (1.0 + log(2.0 * M_PI * s2));
    /* The covariance in (unit, rater, residual) order whichever block
     * was eliminated: reml_full takes the eliminated factor first. */
    int active[3] = {la > 1e-6, lb > 1e-6, s2 > 0.0};
    double phi[3] = {log(out->var_unit), log(out->var_rater), log(s2)};
    if (!elim_units) {
        const double t = phi[0];
        phi[0] = phi[1];
        phi[1] = t;
        const int a = active[0];
        active[0] = active[1];
        active[1] = a;
    }
    double cv[3][3];
    if (reml_covariance(&c, phi, active, cv) != 0) {
        reml_ctx_free(&c);
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    const size_t map[3] = {elim_units ? 0u : 1u, elim_units ? 1u : 0u, 2u};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            out->cov[i][j] = cv[map[i]][map[j]];
    reml_ctx_free(&c);
    return ICSTAT_OK;
}
