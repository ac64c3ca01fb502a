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

/* Wald test of equal category shares in every group, from the full
 * covariance V (cells x cells).  Leaves r->chisq undefined when the
 * contrasts' covariance is singular. */
static int wald_test(icstat_describe_result *r, const double *V, icstat_error *err)
{
    const size_t G = r->n_groups, K = r->n_cats, ref = r->ref;
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
     * overflows, leaves the test undefined: NaN, and cmd_describe says
     * why in a note. */
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

int describe_cluster_adjust(icstat_describe_result *r, const describe_rows *rows, double conf,
                            icstat_error *err)
{
    const size_t G = r->n_groups, K = r->n_cats, cells = G * K, C = rows->n_clusters;
    const int full = cells <= MAX_TEST_CELLS;
    /* Rows in cluster order (a counting sort), so each cluster's total is
     * formed once. */
    size_t *start = calloc(C + 1, sizeof *start), *order = malloc(rows->n * sizeof *order);
    size_t *fill = malloc((C ? C : 1) * sizeof *fill);
    double *z = calloc(cells, sizeof *z);
    size_t *touched = malloc(cells * sizeof *touched), *last_cluster = malloc(G * sizeof *last_cluster);
    double *var = calloc(cells, sizeof *var), *cov_ref = calloc(cells, sizeof *cov_ref);
    double *V = full ? calloc(cells * cells, sizeof *V) : NULL;
    unsigned char *in_group = calloc(G, 1);
    int st = ICSTAT_OK;
    if (C < 2) {
        st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                              "--cluster '%s' has %zu cluster among the rows counted; "
                              "clustered intervals need at least two", r->cluster_name, C);
        goto done;
    }
    if (!start || !order || !fill || !z || !touched || !last_cluster || !var || !cov_ref ||
        (full && !V) || !in_group) {
        st = NOMEM();
        goto done;
    }
    for (size_t i = 0; i < rows->n; i++)
        start[rows->cluster[i] + 1]++;
    for (size_t c = 0; c < C; c++)
        start[c + 1] += start[c];
    memcpy(fill, start, C * sizeof *fill);
    for (size_t i = 0; i < rows->n; i++)
        order[fill[rows->cluster[i]]++] = i;

    r->n_clusters = C;
    for (size_t c = 0; c < C; c++) {
        /* z_c: this cluster's influence on every cell of the groups it
         * touches. */
        size_t n_touched = 0, n_groups_here = 0;
        for (size_t a = start[c]; a < start[c + 1]; a++) {
            const size_t i = order[a], g = rows->group[i];
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
            var[s] += z[s] * z[s];
            if (in_group[r->ref])
                cov_ref[s] += z[s] * z[r->ref * K + s % K];
            for (size_t b = 0; full && b < n_touched; b++)
                V[s * cells + touched[b]] += z[s] * z[touched[b]];
        }
        for (size_t h = 0; h < n_groups_here; h++)
            in_group[last_cluster[h]] = 0;
    }
    const double scale = (double)C / (double)(C - 1);
    for (size_t s = 0; s < cells; s++) {
        var[s] *= scale;
        cov_ref[s] *= scale;
    }
    for (size_t s = 0; full && s < cells * cells; s++)
        V[s] *= scale;

    /* Percentages: Wilson at the effective sample size. */
    for (size_t s = 0; s < cells; s++) {
        const double n = r->total[s / K], p = r->count[s] / n, srs = p * (1.0 - p) / n;
        r->deff[s] = srs > 0.0 && var[s] > srs ? var[s] / srs : 1.0;
        double lo, hi;
        wilson_eff(p, n, r->deff[s], conf, &lo, &hi);
        r->ci_low[s] = 100.0 * lo;
        r->ci_high[s] = 100.0 * hi;
    }
    /* Comparisons with the reference group. */
    r->n_rr_undefined = 0;
    const double z_crit = icstat_z_critical(conf);
    for (size_t g = 0; G >= 2 && g < G; g++) {
        if (g == r->ref)
            continue;
        for (size_t k = 0; k < K; k++) {
            const size_t s1 = g * K + k, s2 = r->ref * K + k;
            const double p1 = r->count[s1] / r->total[g], p2 = r->count[s2] / r->total[r->ref];
            const double l1 = r->ci_low[s1] / 100.0, u1 = r->ci_high[s1] / 100.0;
            const double l2 = r->ci_low[s2] / 100.0, u2 = r->ci_high[s2] / 100.0;
            const double v1 = var[s1], v2 = var[s2];
            const double rho = v1 > 0.0 && v2 > 0.0 ? cov_ref[s1] / sqrt(v1 * v2) : 0.0;
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
                const double w2 = r->deff[s2] * p2 * (1.0 - p2) / r->total[r->ref];
                const double vl = w1 / (p1 * p1) + w2 / (p2 * p2) -
                                  2.0 * rho * sqrt(w1 * w2) / (p1 * p2);
                const double se = sqrt(fmax(0.0, vl));
                r->rr_low[s1] = r->rr[s1] * exp(-z_crit * se);
                r->rr_high[s1] = r->rr[s1] * exp(z_crit * se);
            }
            r->n_rr_undefined += isnan(r->rr_low[s1]);
        }
    }
    r->chisq = (icstat_chisq){NAN, NAN, NAN, 0, 0, 0, 0, NAN};
    r->test_cells_limit = !full;
    if (G >= 2 && full)
        st = wald_test(r, V, err);
done:
    free(start);
    free(order);
    free(fill);
    free(z);
    free(touched);
    free(last_cluster);
    free(var);
    free(cov_ref);
    free(V);
    free(in_group);
    return st;
}
