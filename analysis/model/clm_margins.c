/* clm_margins.c — average predicted category probabilities for each level
 * of a categorical term ("what share would be graded Inadequate if every
 * inspection were led by a woman?"), with delta-method intervals.
 *
 * For level L every row keeps its other columns and takes L for the term;
 * the probability of category j is averaged over rows and over the random
 * effect u ~ N(0, sigma^2) (Gauss-Hermite), so the figures are population
 * averages, comparable with observed percentages.  The gradient of each
 * average with respect to (theta, beta, log sigma) is accumulated in the
 * same pass, and var = J V J'. */
#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "clm_internal.h"
#include "icstat/wald.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")
#define MARGIN_NODES 20

void icstat_clm_margins_free(icstat_clm_margins *m)
{
    if (!m)
        return;
    free(m->prob);
    free(m->se);
    free(m->ci_low);
    free(m->ci_high);
    free(m);
}

int icstat_clm_margins_compute(const icstat_design *d, const icstat_clm_fit *f,
                               icstat_link link, size_t term, double conf,
                               icstat_clm_margins **out, icstat_error *err)
{
    *out = NULL;
    const icstat_term *tm = &d->terms[term];
    if (!tm->categorical) /* the caller's to check, and to say how to fix */
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "margins need a categorical term; '%s' is numeric", tm->name);
    const size_t n = d->n, p = d->p, k = d->k, k1 = f->k1, np = f->npar, L = tm->n_levels;
    const double *th = f->par, *beta = f->par + k1;
    const double sigma = f->mixed ? exp(f->par[k1 + p]) : 0.0;
    const size_t nn = sigma > 0.0 ? MARGIN_NODES : 1;
    double u[MARGIN_NODES], wt[MARGIN_NODES];
    if (nn == 1) {
        u[0] = 0.0;
        wt[0] = 1.0;
    } else if (clm_normal_rule(sigma, nn, u, wt) != 0) {
        return NOMEM();
    }

    icstat_clm_margins *m = calloc(1, sizeof *m);
    double *jac = calloc(k * np, sizeof *jac);  /* one level at a time */
    double *xr = malloc((p ? p : 1) * sizeof *xr);
    double *fs = malloc(k1 * sizeof *fs), *cat = malloc(k * sizeof *cat),
           *fu = malloc(k1 * sizeof *fu);
    if (!m || !jac || !xr || !fs || !cat || !fu)
        goto nomem;
    m->n_levels = L;
    m->k = k;
    m->prob = calloc(L * k, sizeof *m->prob);
    m->se = malloc(L * k * sizeof *m->se);
    m->ci_low = malloc(L * k * sizeof *m->ci_low);
    m->ci_high = malloc(L * k * sizeof *m->ci_high);
    if (!m->prob || !m->se || !m->ci_low || !m->ci_high)
        goto nomem;
    /* Parameters whose variance is unknown (sigma at its boundary) are
     * left out of the delta method. */
    const int use_tau = f->mixed && isfinite(f->vcov[(np - 1) * np + np - 1]);
    const double z = icstat_z_critical(conf);

    for (size_t l = 0; l < L; l++) {
        memset(jac, 0, k * np * sizeof *jac);
        double *prob = m->prob + l * k;
        for (size_t i = 0; i < n; i++) {
            memcpy(xr, d->x + i * p, p * sizeof *xr);
            for (size_t c = 0; c < tm->ncols; c++)
                xr[tm->first_col + c] = (l > 0 && c == l - 1) ? 1.0 : 0.0;
            double eta = 0.0;
            for (size_t c = 0; c < p; c++)
                eta += xr[c] * beta[c];
            /* Node sums of each category's probability (from its own cut
             * points, so a small one keeps its digits), and of f and f u at
             * each threshold. */
            memset(fs, 0, k1 * sizeof *fs);
            memset(cat, 0, k * sizeof *cat);
            memset(fu, 0, k1 * sizeof *fu);
            for (size_t q = 0; q < nn; q++) {
                const double e = eta + u[q];
                for (size_t j = 0; j < k; j++)
                    cat[j] += wt[q] * icstat_link_prob(link, j < k1 ? th[j] - e : INFINITY,
                                                       j > 0 ? th[j - 1] - e : -INFINITY);
                for (size_t j = 0; j < k1; j++) {
                    const double dens = icstat_link_pdf(link, th[j] - e);
                    fs[j] += wt[q] * dens;
                    fu[j] += wt[q] * dens * u[q];
                }
            }
            for (size_t j = 0; j < k; j++)
                prob[j] += cat[j];
            /* dP_j/dtheta_j = f_j, dP_j/dtheta_{j-1} = -f_{j-1},
             * dP_j/deta = -f_j + f_{j-1}, d eta/d log sigma = u. */
            for (size_t j = 0; j < k; j++) {
                double *jr = jac + j * np;
                const double fj = j < k1 ? fs[j] : 0.0, fj1 = j > 0 ? fs[j - 1] : 0.0;
                if (j < k1)
                    jr[j] += fj;
                if (j > 0)
                    jr[j - 1] -= fj1;
                const double deta = -fj + fj1;
                for (size_t c = 0; c < p; c++)
                    jr[k1 + c] += deta * xr[c];
                if (use_tau)
                    jr[np - 1] += -(j < k1 ? fu[j] : 0.0) + (j > 0 ? fu[j - 1] : 0.0);
            }
        }
        for (size_t j = 0; j < k; j++) {
            prob[j] /= (double)n;
            double *jr = jac + j * np, var = 0.0;
            for (size_t a = 0; a < np; a++)
                jr[a] /= (double)n;
            for (size_t a = 0; a < np; a++)
                for (size_t b = 0; b < np; b++) {
                    const double v = f->vcov[a * np + b];
                    if (isfinite(v))
                        var += jr[a] * v * jr[b];
                }
            const size_t idx = l * k + j;
            const double pr = prob[j];
            m->se[idx] = sqrt(var);
            if (pr > 0.0 && pr < 1.0) {
                const double lg = log(pr / (1.0 - pr)), slg = m->se[idx] / (pr * (1.0 - pr));
                m->ci_low[idx] = 1.0 / (1.0 + exp(-(lg - z * slg)));
                m->ci_high[idx] = 1.0 / (1.0 + exp(-(lg + z * slg)));
            } else {
                m->ci_low[idx] = m->ci_high[idx] = NAN;
            }
        }
    }
    free(jac);
    free(xr);
    free(fs);
    free(cat);
    free(fu);
    *out = m;
    return ICSTAT_OK;
nomem:
    free(jac);
    free(xr);
    free(fs);
    free(cat);
    free(fu);
    icstat_clm_margins_free(m);
    return NOMEM();
}
