/* agree_se.c — standard errors of the agreement coefficients.
 *
 * Multi-rater coefficients: Gwet's linearisation (Handbook, 4th ed., 2014,
 * ch. 5; as irrCAC computes it).  Each unit i gets a value v_i whose mean is
 * the coefficient: its own agreement scaled by n/n2 (units with one rating
 * add nothing to agreement), minus twice its pull on chance agreement
 * weighted by (1 - coefficient).  Then var = sum (v_i - est)^2 / (n (n - 1)),
 * conditional on the raters, without finite-population correction.
 * Two raters: the large-sample variances of Fleiss, Cohen & Everitt (1969)
 * for kappa, and their analogues for Scott's pi and PABAK (Gwet 2014, ch. 2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agree_internal.h"

/* (W pi + W' pi) / 2: the pull of each category on chance agreement. */
static void symmetric_pull(const double *w, const double *pi, size_t q, double *out)
{
    for (size_t k = 0; k < q; k++) {
        double a = 0.0;
        for (size_t l = 0; l < q; l++)
            a += (w[k * q + l] + w[l * q + k]) * pi[l];
        out[k] = a / 2.0;
    }
}

/* Cohen (0), Scott (1), PABAK (2) standard errors from the two-rater table. */
static void table_standard_errors(const agree_sums *s, const double *w, const agree_point *p,
                                  double se[3])
{
    const size_t q = s->q;
    double row[q], col[q], wrow[q], wcol[q], pull[q];
    const double n = agree_table_margins(s, row, col);
    for (size_t k = 0; k < q; k++) {
        wrow[k] = wcol[k] = 0.0;
        for (size_t l = 0; l < q; l++) {
            wrow[k] += w[k * q + l] * col[l];
            wcol[k] += w[l * q + k] * row[l];
        }
        pull[k] = (wrow[k] + wcol[k]) / 2.0;
    }
    double sum[3] = {0.0, 0.0, 0.0};
    const double kc = p->est[C_COHEN], ks = p->est[C_SCOTT];
    for (size_t k = 0; k < q; k++)
        for (size_t l = 0; l < q; l++) {
            const double pkl = s->table[k * q + l] / n, wkl = w[k * q + l];
            const double dc = wkl - (1.0 - kc) * (wrow[k] + wcol[l]);
            const double ds = wkl - (1.0 - ks) * (pull[k] + pull[l]);
            sum[0] += pkl * dc * dc;
            sum[1] += pkl * ds * ds;
            sum[2] += pkl * wkl * wkl;
        }
    for (int c = 0; c < 3; c++) {
        const coef_id id = (coef_id)(C_COHEN + c);
        const double est = p->est[id], pa = p->pa[id], pe = p->pe[id];
        const double centre = c == 2 ? pa : pa - 2.0 * (1.0 - est) * pe;
        const double var = (sum[c] - centre * centre) / (n * (1.0 - pe) * (1.0 - pe));
        se[c] = isnan(est) || n < 2.0 ? NAN : sqrt(fmax(var, 0.0));
    }
}

int agree_standard_errors(const agree_ctx *ctx, const agree_point *p, const agree_sums *s,
                          double se[C_COUNT])
{
    const agree_units *u = &ctx->u;
    const size_t n = u->n, q = u->q, r = u->r;
    const double *w = ctx->w, dn = (double)n, n2 = s->n2;
    for (int id = 0; id < C_COUNT; id++)
        se[id] = NAN;
    if (ctx->active[C_COHEN])
        table_standard_errors(s, w, p, se + C_COHEN);
    if (n < 2 || !(n2 > 0.0))
        return 0;

    double *buf = calloc(8 * q + 2 * r * q + 2 * r + 1, sizeof *buf);
    if (!buf)
        return -1;
    double *cw = buf, *cwm = cw + q, *pull_f = cwm + q, *pull_k = pull_f + q,
           *pull_m = pull_k + q, *cg = pull_m + q, *ng = cg + r * q, *ag = ng + r,
           *wpsum = ag + r;

    symmetric_pull(w, p->pi, q, pull_f);
    symmetric_pull(w, p->pi_kripp, q, pull_k);
    if (ctx->active[C_KRIPP_METRIC])
        symmetric_pull(p->wm, p->pi_metric, q, pull_m);

    /* Gwet's AC: chance agreement per unit is gw * sum_k (c_ik / r_i)(1 - pi_k). */
    const double gw =
        q >= 2 ? agree_weights_total(w, q) / ((double)q * (double)(q - 1)) : 0.0;

    /* Conger: unit i moves rater g's distribution p_g by (n/n_g)(delta - p_g);
     * cg[g][l] = sum_k w_kl sum_{h != g} p_hk is the slope of chance agreement,
     * computed as (W' psum)_l less the categories g used: O(q^2 + r q used),
     * not O(r q^2), which with many raters on a long scale took seconds. */
    const double *pg = p->conger_p, *psum = p->conger_p + r * q;
    for (size_t l = 0; l < q; l++) {
        wpsum[l] = 0.0;
        for (size_t k = 0; k < q; k++)
            wpsum[l] += w[k * q + l] * psum[k];
    }
    double conger_base = 0.0;
    for (size_t g = 0; g < r; g++) {
        ng[g] = 0.0;
        for (size_t k = 0; k < q; k++)
            ng[g] += s->rater_cat[g * q + k];
        double *c = cg + g * q;
        memcpy(c, wpsum, q * sizeof *c);
        for (size_t k = 0; k < q; k++)
            if (pg[g * q + k] != 0.0)
                for (size_t l = 0; l < q; l++)
                    c[l] -= w[k * q + l] * pg[g * q + k];
        ag[g] = 0.0;
        for (size_t l = 0; l < q; l++)
            ag[g] += c[l] * pg[g * q + l];
        conger_base += ag[g];
    }
    const double ru = (double)p->conger_raters;

    /* Krippendorff: units with two or more ratings, mean r-bar of them. */
    double rtot = 0.0;
    for (size_t i = 0; i < q * q; i++)
        rtot += s->coinc[i];
    const double rbar = rtot / n2;

    double ss[C_COUNT] = {0};
    const double *est = p->est, *pe = p->pe;
    for (size_t i = 0; i < n; i++) {
        const double *c = u->count + i * q;
        const double ri = u->ri[i];
        const int two = ri >= 2;
        double pa_i = 0.0, kr_a = 0.0, km_a = 0.0, pe_f = 0.0, pe_g = 0.0, pe_k = 0.0,
               pe_m = 0.0;
        for (size_t k = 0; k < q; k++) {
            cw[k] = cwm[k] = 0.0;
            if (c[k] == 0.0)
                continue;
            for (size_t l = 0; l < q; l++) {
                cw[k] += w[k * q + l] * c[l];
                cwm[k] += p->wm[k * q + l] * c[l];
            }
            pe_f += c[k] / ri * pull_f[k];
            pe_g += c[k] / ri * (1.0 - p->pi[k]);
            pe_k += c[k] * pull_k[k];
            pe_m += c[k] * pull_m[k];
            if (two) {
                kr_a += c[k] * (cw[k] - 1.0);
                km_a += c[k] * (cwm[k] - 1.0);
            }
        }
        pe_g *= gw;
        if (two) {
            pa_i = kr_a / (ri * (ri - 1.0));
            kr_a /= ri - 1.0;
            km_a /= ri - 1.0;
        }
        const double scale = dn / n2, on = two ? 1.0 : 0.0;
        double v;

        v = scale * pa_i;
        ss[C_PERCENT] += (v - est[C_PERCENT]) * (v - est[C_PERCENT]);

        v = scale * (pa_i - pe[C_FLEISS] * on) / (1.0 - pe[C_FLEISS]) -
            2.0 * (1.0 - est[C_FLEISS]) * (pe_f - pe[C_FLEISS]) / (1.0 - pe[C_FLEISS]);
        ss[C_FLEISS] += (v - est[C_FLEISS]) * (v - est[C_FLEISS]);

        v = scale * (pa_i - pe[C_GWET] * on) / (1.0 - pe[C_GWET]) -
            2.0 * (1.0 - est[C_GWET]) * (pe_g - pe[C_GWET]) / (1.0 - pe[C_GWET]);
        ss[C_GWET] += (v - est[C_GWET]) * (v - est[C_GWET]);

        v = scale * (pa_i - pe[C_BP] * on) / (1.0 - pe[C_BP]);
        ss[C_BP] += (v - est[C_BP]) * (v - est[C_BP]);

        double pe_c = conger_base;
        for (size_t g = 0; g < r; g++) {
            const int k = u->cat[i * r + g];
            if (k >= 0)
                pe_c += dn / ng[g] * (cg[g * q + (size_t)k] - ag[g]);
        }
        pe_c /= ru * (ru - 1.0);
        v = scale * (pa_i - pe[C_CONGER] * on) / (1.0 - pe[C_CONGER]) -
            2.0 * (1.0 - est[C_CONGER]) * (pe_c - pe[C_CONGER]) / (1.0 - pe[C_CONGER]);
        ss[C_CONGER] += (v - est[C_CONGER]) * (v - est[C_CONGER]);

        if (two) {
            /* Krippendorff's alpha: centred on alpha' = (pa' - pe)/(1 - pe),
             * the coefficient before the small-sample term epsilon. */
            const struct {
                coef_id id;
                double a, pe_i, paprime;
            } kr[2] = {{C_KRIPP, kr_a, pe_k, p->kripp_paprime},
                       {C_KRIPP_METRIC, km_a, pe_m, p->metric_paprime}};
            for (int j = 0; j < 2; j++) {
                const double e = pe[kr[j].id];
                const double alpha1 = (kr[j].paprime - e) / (1.0 - e);
                const double pa_k = kr[j].a / rbar - kr[j].paprime * (ri - rbar) / rbar;
                const double pe_kx = kr[j].pe_i / rbar - e * (ri - rbar) / rbar;
                v = (pa_k - e) / (1.0 - e) - 2.0 * (1.0 - alpha1) * (pe_kx - e) / (1.0 - e);
                ss[kr[j].id] += (v - alpha1) * (v - alpha1);
            }
        }
    }
    free(buf);

    const coef_id multi[] = {C_PERCENT, C_FLEISS, C_GWET, C_BP, C_CONGER};
    for (size_t j = 0; j < sizeof multi / sizeof *multi; j++)
        if (!isnan(est[multi[j]]))
            se[multi[j]] = sqrt(ss[multi[j]] / (dn * (dn - 1.0)));
    for (coef_id id = C_KRIPP; id <= C_KRIPP_METRIC; id++)
        if (!isnan(est[id]) && n2 >= 2.0)
            se[id] = sqrt(ss[id] / (n2 * (n2 - 1.0)));
    return 0;
}
