/* describe_cluster.c — describe's intervals and test when rows come in
 * clusters (inspections by the same inspector).
 *
 * Inspections by one inspector share that inspector's leniency, so they
 * carry less information than as many independent inspections, and the
 * Wilson interval, which assumes independence, is too narrow.  The
 * variance of each cell proportion p_gk = x_gk / n_g is estimated from
 * cluster totals of the rows' influence, (1[y = k] - p_gk) / n_g, as
 *     V = C / (C - 1) sum_c z_c z_c'          (C clusters)
 * — the linearisation (sandwich) estimator of survey statistics, which is
 * what R's survey::svymean gives with ids = ~cluster.  From it:
 *   - the percentage's interval is Wilson's at the effective sample size
 *     n / deff, deff = V / (p(1-p)/n) floored at 1 so that clustering never
 *     narrows an interval (Korn & Graubard 1998);
 *   - differences use Newcombe's construction from those limits, with the
 *     correlation of the two proportions when a cluster has rows in both
 *     groups (Zou & Donner 2008, MOVER); 0 otherwise;
 *   - risk ratios use the delta method on the log scale with V;
 *   - the test of equal distributions across groups is a Wald test of
 *     p_gk - p_ref,k = 0 (all groups but the reference, all categories but
 *     the last used), chi-square with (G - 1)(K - 1) df. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "describe_internal.h"
#include "icstat/proportion.h"
#include "icstat/wald.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

/* Above this many cells the full covariance (cells^2 doubles) is not
 * formed and the clustered test is left undefined. */
#define MAX_TEST_CELLS 600

/* Wilson limits at the effective sample size of a cell. */
static double wilson_eff(double p, double n, double deff, double conf, double *lo, double *hi)
{
    const double m = n / deff;
    icstat_prop_wilson(p * m, m, conf, lo, hi);
    return p;
}

/* What the phases of describe_cluster_adjust share. */
typedef struct {
    icstat_describe_result *r;
    const describe_rows *rows;
    size_t G, K, cells, C, ref; /* groups, categories, cells, clusters, reference group */
    int full;        /* cells few enough for the full covariance and the test */
    size_t *start;   /* C + 1: where each cluster's rows start in order */
    size_t *order;   /* the rows in cluster order */
    double *var;     /* per cell: the clustered variance of its proportion */
    double *cov_ref; /* per cell: its covariance with the reference group's cell
                      * of the same category */
    double *V;       /* cells x cells: the full covariance when full, else NULL */
} cluster_ctx;

/* Wald test of equal category shares in every group, from the full
 * covariance V (cells x cells).  Leaves r->chisq undefined when the
 * contrasts' covariance is singular.  The phases read the sizes from the
 * context, which they do not change. */
static int wald_test(const cluster_ctx *c, icstat_error *err)
{
    icstat_describe_result *r = c->r;
    const double *V = c->V;
    const size_t G = c->G, K = c->K, ref = c->ref;
    size_t *cats = malloc(K * sizeof *cats), nk = 0;
    if (!cats)
        return NOMEM();
    for (size_t k = 0; k < K; k++) {
        double total = 0.0;
        for (size_t g = 0; g < G; g++)
            total += r->count[g * K + k];
        if (total > 0.0)
            cats[nk++] = k;
    }
    r->chisq.rows_used = G;
    r->chisq.cols_used = nk;
    r->chisq.n_cells = G * nk;
    if (nk < 2) {
        free(cats);
        return ICSTAT_OK;
    }
    nk--; /* the last used category is implied by the others */
    const size_t m = (G - 1) * nk;
    double *d = malloc(m * sizeof *d), *S = malloc(m * m * sizeof *S);
    size_t *gi = malloc(m * sizeof *gi), *ki = malloc(m * sizeof *ki);
    if (!d || !S || !gi || !ki) {
        free(cats);
        free(d);
        free(S);
        free(gi);
        free(ki);
        return NOMEM();
    }
    size_t a = 0;
    for (size_t g = 0; g < G; g++)
        for (size_t j = 0; g != ref && j < nk; j++, a++) {
            gi[a] = g;
            ki[a] = cats[j];
            d[a] = (r->count[g * K + cats[j]] / r->total[g]) -
                   (r->count[ref * K + cats[j]] / r->total[ref]);
        }
    const size_t cells = G * K;
#define COV(g1, k1, g2, k2) V[((g1) * K + (k1)) * cells + (g2) * K + (k2)]
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            S[i * m + j] = COV(gi[i], ki[i], gi[j], ki[j]) - COV(gi[i], ki[i], ref, ki[j]) -
                           COV(ref, ki[i], gi[j], ki[j]) + COV(ref, ki[i], ref, ki[j]);
#undef COV
    gsl_matrix_view Sv = gsl_matrix_view_array(S, m, m);
    gsl_vector_view dv = gsl_vector_view_array(d, m);
    double *x = malloc(m * sizeof *x);
    /* A singular covariance (the decomposition fails: not positive
     * definite), or one so near it that the solve fails or the statistic
     * overflows, leaves the test undefined: NaN, and the test's table
     * says why in a note (describe_tables.c). */
    if (x && gsl_linalg_cholesky_decomp1(&Sv.matrix) == GSL_SUCCESS) {
        gsl_vector_view xv = gsl_vector_view_array(x, m);
        double w = 0.0;
        if (gsl_linalg_cholesky_solve(&Sv.matrix, &dv.vector, &xv.vector) != GSL_SUCCESS)
            w = NAN;
        for (size_t i = 0; i < m && !isnan(w); i++)
            w += d[i] * x[i];
        if (isfinite(w) && w >= 0.0) {
            r->chisq.statistic = w;
            r->chisq.df = (double)m;
            r->chisq.p_value = gsl_cdf_chisq_Q(w, (double)m);
        }
    }
    const int st = x ? ICSTAT_OK : NOMEM();
    free(x);
    free(cats);
    free(d);
    free(S);
    free(gi);
    free(ki);
    return st;
}

/* Rows in cluster order (a counting sort), so that each cluster's total
 * is formed once.  0, or -1 when out of memory. */
static int cluster_order(const cluster_ctx *x)
{
    const describe_rows *rows = x->rows;
    size_t *fill = malloc((x->C ? x->C : 1) * sizeof *fill);
    if (!fill)
        return -1;
    for (size_t i = 0; i < rows->n; i++)
        x->start[rows->cluster[i] + 1]++;
    for (size_t c = 0; c < x->C; c++)
        x->start[c + 1] += x->start[c];
    memcpy(fill, x->start, x->C * sizeof *fill);
    for (size_t i = 0; i < rows->n; i++)
        x->order[fill[rows->cluster[i]]++] = i;
    free(fill);
    return 0;
}

/* var, cov_ref and V: the sum over clusters of z_c z_c' times C / (C - 1),
 * where z_c is the cluster's influence on every cell of the groups it
 * touches (only those cells are visited).  Also counts the clusters with
 * rows in more than one group.  0, or -1 when out of memory. */
static int cluster_variances(const cluster_ctx *x)
{
    icstat_describe_result *r = x->r;
    const describe_rows *rows = x->rows;
    const size_t G = x->G, K = x->K, cells = x->cells;
    double *z = calloc(cells, sizeof *z);
    size_t *touched = malloc(cells * sizeof *touched);
    size_t *last_cluster = malloc(G * sizeof *last_cluster);
    unsigned char *in_group = calloc(G, 1);
    const int ok = z && touched && last_cluster && in_group;
    r->n_clusters = x->C;
    for (size_t c = 0; ok && c < x->C; c++) {
        size_t n_touched = 0, n_groups_here = 0;
        for (size_t a = x->start[c]; a < x->start[c + 1]; a++) {
            const size_t i = x->order[a], g = rows->group[i];
            if (!in_group[g]) {
                in_group[g] = 1;
                last_cluster[n_groups_here++] = g;
                for (size_t k = 0; k < K; k++) {
                    z[g * K + k] = 0.0;
                    touched[n_touched++] = g * K + k;
                }
            }
            for (size_t k = 0; k < K; k++)
                z[g * K + k] += ((rows->cat[i] == k) - r->count[g * K + k] / r->total[g]) /
                                r->total[g];
        }
        r->n_clusters_crossing += n_groups_here > 1;
        for (size_t a = 0; a < n_touched; a++) {
            const size_t s = touched[a];
            x->var[s] += z[s] * z[s];
            if (in_group[x->ref])
                x->cov_ref[s] += z[s] * z[x->ref * K + s % K];
            for (size_t b = 0; x->full && b < n_touched; b++)
                x->V[s * cells + touched[b]] += z[s] * z[touched[b]];
        }
        for (size_t h = 0; h < n_groups_here; h++)
            in_group[last_cluster[h]] = 0;
    }
    const double scale = (double)x->C / (double)(x->C - 1);
    for (size_t s = 0; ok && s < cells; s++) {
        x->var[s] *= scale;
        x->cov_ref[s] *= scale;
    }
    for (size_t s = 0; ok && x->full && s < cells * cells; s++)
        x->V[s] *= scale;
    free(z);
    free(touched);
    free(last_cluster);
    free(in_group);
    return ok ? 0 : -1;
}

/* Percentages: the design effect, and Wilson's interval at the
 * effective sample size. */
static void clustered_percentages(const cluster_ctx *x, double conf)
{
    icstat_describe_result *r = x->r;
    for (size_t s = 0; s < x->cells; s++) {
        const double n = r->total[s / x->K], p = r->count[s] / n, srs = p * (1.0 - p) / n;
        r->deff[s] = srs > 0.0 && x->var[s] > srs ? x->var[s] / srs : 1.0;
        double lo, hi;
        wilson_eff(p, n, r->deff[s], conf, &lo, &hi);
        r->ci_low[s] = 100.0 * lo;
        r->ci_high[s] = 100.0 * hi;
    }
}

/* Comparisons with the reference group: Newcombe's difference from the
 * clustered limits with their correlation (MOVER), and the risk ratio's
 * delta-method log interval. */
static void clustered_comparisons(const cluster_ctx *x, double conf)
{
    icstat_describe_result *r = x->r;
    const size_t G = x->G, K = x->K, ref = x->ref;
    r->n_rr_undefined = 0;
    const double z_crit = icstat_z_critical(conf);
    for (size_t g = 0; G >= 2 && g < G; g++) {
        if (g == ref)
            continue;
        for (size_t k = 0; k < K; k++) {
            const size_t s1 = g * K + k, s2 = ref * K + k;
            const double p1 = r->count[s1] / r->total[g], p2 = r->count[s2] / r->total[ref];
            const double l1 = r->ci_low[s1] / 100.0, u1 = r->ci_high[s1] / 100.0;
            const double l2 = r->ci_low[s2] / 100.0, u2 = r->ci_high[s2] / 100.0;
            const double v1 = x->var[s1], v2 = x->var[s2];
            const double rho = v1 > 0.0 && v2 > 0.0 ? x->cov_ref[s1] / sqrt(v1 * v2) : 0.0;
            const double dl1 = p1 - l1, du1 = u1 - p1, dl2 = p2 - l2, du2 = u2 - p2;
            r->diff[s1] = 100.0 * (p1 - p2);
            r->diff_low[s1] =
                100.0 * (p1 - p2 - sqrt(fmax(0.0, dl1 * dl1 + du2 * du2 - 2 * rho * dl1 * du2)));
            r->diff_high[s1] =
                100.0 * (p1 - p2 + sqrt(fmax(0.0, du1 * du1 + dl2 * dl2 - 2 * rho * du1 * dl2)));
            /* log(p1 / p2) by the delta method; each variance at least its
             * independent-rows value, as for the percentages. */
            r->rr_low[s1] = r->rr_high[s1] = NAN;
            if (r->count[s1] > 0.0 && r->count[s2] > 0.0) {
                const double w1 = r->deff[s1] * p1 * (1.0 - p1) / r->total[g];
                const double w2 = r->deff[s2] * p2 * (1.0 - p2) / r->total[ref];
                const double vl = w1 / (p1 * p1) + w2 / (p2 * p2) -
                                  2.0 * rho * sqrt(w1 * w2) / (p1 * p2);
                const double se = sqrt(fmax(0.0, vl));
                r->rr_low[s1] = r->rr[s1] * exp(-z_crit * se);
                r->rr_high[s1] = r->rr[s1] * exp(z_crit * se);
            }
            r->n_rr_undefined += isnan(r->rr_low[s1]);
        }
    }
}

int describe_cluster_adjust(icstat_describe_result *r, const describe_rows *rows, double conf,
                            const char *what, icstat_error *err)
{
    const size_t G = r->n_groups, cells = G * r->n_cats;
    const int full = cells <= MAX_TEST_CELLS;
    cluster_ctx x = {.r = r, .rows = rows, .G = G, .K = r->n_cats, .cells = cells,
                     .C = rows->n_clusters, .ref = r->ref, .full = full};
    if (x.C < 2)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "%s '%s' has %zu cluster among the rows counted; "
                                "clustered intervals need at least two", what, r->cluster_name,
                                x.C);
    x.start = calloc(x.C + 1, sizeof *x.start);
    x.order = malloc(rows->n * sizeof *x.order);
    x.var = calloc(cells, sizeof *x.var);
    x.cov_ref = calloc(cells, sizeof *x.cov_ref);
    x.V = full ? calloc(cells * cells, sizeof *x.V) : NULL;
    int st = ICSTAT_OK;
    if (!x.start || !x.order || !x.var || !x.cov_ref || (full && !x.V) ||
        cluster_order(&x) != 0 || cluster_variances(&x) != 0) {
        st = NOMEM();
    } else {
        clustered_percentages(&x, conf);
        clustered_comparisons(&x, conf);
        r->chisq = (icstat_chisq){NAN, NAN, NAN, 0, 0, 0, 0, NAN};
        r->test_cells_limit = !full;
        if (G >= 2 && full)
            st = wald_test(&x, err);
    }
    free(x.start);
    free(x.order);
    free(x.var);
    free(x.cov_ref);
    free(x.V);
    return st;
}
