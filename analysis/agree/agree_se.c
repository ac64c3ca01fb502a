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
#include "icstat/zero.h"

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
        /* A difference of terms of size sum[c]: zero but for rounding is 0
         * (zero.h), or its square root would be an se of 1e-8. */
        const double var = icstat_zero_snap(sum[c] - centre * centre, sum[c]) /
                           (n * (1.0 - pe) * (1.0 - pe));
        se[c] = isnan(est) || n < 2.0 ? NAN : sqrt(fmax(var, 0.0));
    }
}

/* What the per-unit terms of Gwet's linearised variances share: the
 * data, the point estimates, and what each unit's term is built from. */
typedef struct {
    const agree_units *u;
    const agree_point *p;
    const double *w;        /* q*q weights */
    size_t n, q, r;
    double dn, n2;          /* units, and units rated twice or more */
    double *cw, *cwm;       /* q: a unit's counts times the weights (and metric weights) */
    double *pull_f, *pull_k, *pull_m; /* q: each category's pull on Fleiss', Krippendorff's
                                       * and the metric alpha's chance agreement */
    double gw;              /* Gwet's AC: T_w / (q (q - 1)) */
    double *cg, *ng, *ag;   /* Conger: r*q slopes, r raters' counts, r a_g */
    double *wpsum;          /* q: (W' psum) */
    double conger_base, ru; /* sum of a_g; raters who rated */
    double rbar;            /* Krippendorff: mean ratings of a pairable unit */
    double ss[C_COUNT];     /* sums of squared deviations */
} se_work;

/* One unit's parts of the coefficients: its agreement and its shares of
 * chance agreement under each coefficient's model. */
typedef struct {
    double ri;        /* ratings of the unit */
    int two;          /* ri >= 2: the unit has a pair */
    double pa_i, kr_a, km_a, pe_f, pe_g, pe_k, pe_m, pe_c;
} unit_terms;

/* Carve the work arrays out of one allocation and set the pulls on
 * chance agreement and Gwet's factor.  0, or -1 when out of memory. */
static int se_work_init(se_work *W, const agree_ctx *ctx, const agree_point *p,
                        const agree_sums *s, double **buf)
{
    const agree_units *u = &ctx->u;
    const size_t q = u->q, r = u->r;
    *W = (se_work){.u = u, .p = p, .w = ctx->w, .n = u->n, .q = q, .r = r,
                   .dn = (double)u->n, .n2 = s->n2};
    if (!(*buf = calloc(8 * q + 2 * r * q + 2 * r + 1, sizeof **buf)))
        return -1;
    W->cw = *buf;
    W->cwm = W->cw + q;
    W->pull_f = W->cwm + q;
    W->pull_k = W->pull_f + q;
    W->pull_m = W->pull_k + q;
    W->cg = W->pull_m + q;
    W->ng = W->cg + r * q;
    W->ag = W->ng + r;
    W->wpsum = W->ag + r;
    symmetric_pull(W->w, p->pi, q, W->pull_f);
    symmetric_pull(W->w, p->pi_kripp, q, W->pull_k);
    if (ctx->active[C_KRIPP_METRIC])
        symmetric_pull(p->wm, p->pi_metric, q, W->pull_m);
    /* Gwet's AC: chance agreement per unit is gw * sum_k (c_ik / r_i)(1 - pi_k). */
    W->gw = q >= 2 ? agree_weights_total(W->w, q) / ((double)q * (double)(q - 1)) : 0.0;
    return 0;
}

/* Conger: unit i moves rater g's distribution p_g by (n/n_g)(delta - p_g);
 * cg[g][l] = sum_k w_kl sum_{h != g} p_hk is the slope of chance agreement,
 * computed as (W' psum)_l less the categories g used: O(q^2 + r q used),
 * not O(r q^2), which with many raters on a long scale took seconds. */
static void conger_slopes(se_work *W, const agree_sums *s)
{
    const size_t q = W->q, r = W->r;
    const double *w = W->w;
    const double *pg = W->p->conger_p, *psum = W->p->conger_p + r * q;
    for (size_t l = 0; l < q; l++) {
        W->wpsum[l] = 0.0;
        for (size_t k = 0; k < q; k++)
            W->wpsum[l] += w[k * q + l] * psum[k];
    }
    double conger_base = 0.0;
    for (size_t g = 0; g < r; g++) {
        W->ng[g] = 0.0;
        for (size_t k = 0; k < q; k++)
            W->ng[g] += s->rater_cat[g * q + k];
        double *c = W->cg + g * q;
        memcpy(c, W->wpsum, q * sizeof *c);
        for (size_t k = 0; k < q; k++)
            if (pg[g * q + k] != 0.0)
                for (size_t l = 0; l < q; l++)
                    c[l] -= w[k * q + l] * pg[g * q + k];
        W->ag[g] = 0.0;
        for (size_t l = 0; l < q; l++)
            W->ag[g] += c[l] * pg[g * q + l];
        conger_base += W->ag[g];
    }
    W->conger_base = conger_base;
    W->ru = (double)W->p->conger_raters;
}

/* Unit i's agreement and shares of chance agreement (W->cw and W->cwm
 * are its scratch). */
static void unit_terms_of(se_work *W, size_t i, unit_terms *t)
{
    const size_t q = W->q, r = W->r;
    const double *w = W->w, *wm = W->p->wm, *pi = W->p->pi;
    const double *c = W->u->count + i * q;
    const double ri = W->u->ri[i];
    const int two = ri >= 2;
    double pa_i = 0.0, kr_a = 0.0, km_a = 0.0, pe_f = 0.0, pe_g = 0.0, pe_k = 0.0, pe_m = 0.0;
    for (size_t k = 0; k < q; k++) {
        W->cw[k] = W->cwm[k] = 0.0;
        if (c[k] == 0.0)
            continue;
        for (size_t l = 0; l < q; l++) {
            W->cw[k] += w[k * q + l] * c[l];
            W->cwm[k] += wm[k * q + l] * c[l];
        }
        pe_f += c[k] / ri * W->pull_f[k];
        pe_g += c[k] / ri * (1.0 - pi[k]);
        pe_k += c[k] * W->pull_k[k];
        pe_m += c[k] * W->pull_m[k];
        if (two) {
            kr_a += c[k] * (W->cw[k] - 1.0);
            km_a += c[k] * (W->cwm[k] - 1.0);
        }
    }
    pe_g *= W->gw;
    if (two) {
        pa_i = kr_a / (ri * (ri - 1.0));
        kr_a /= ri - 1.0;
        km_a /= ri - 1.0;
    }
    double pe_c = W->conger_base;
    for (size_t g = 0; g < r; g++) {
        const int k = W->u->cat[i * r + g];
        if (k >= 0)
            pe_c += W->dn / W->ng[g] * (W->cg[g * q + (size_t)k] - W->ag[g]);
    }
    pe_c /= W->ru * (W->ru - 1.0);
    *t = (unit_terms){ri, two, pa_i, kr_a, km_a, pe_f, pe_g, pe_k, pe_m, pe_c};
}

/* Unit t's linearised values v (whose mean over the units is the
 * coefficient) of the multi-rater coefficients, into v[id]; the others
 * are left NaN.  Krippendorff's are centred on alpha' (below) and only
 * defined for a unit with a pair. */
static void unit_values(const se_work *W, const unit_terms *t, double v[C_COUNT])
{
    const double *est = W->p->est, *pe = W->p->pe;
    const double scale = W->dn / W->n2, on = t->two ? 1.0 : 0.0, pa_i = t->pa_i;
    for (int id = 0; id < C_COUNT; id++)
        v[id] = NAN;

    v[C_PERCENT] = scale * pa_i;
    v[C_FLEISS] = scale * (pa_i - pe[C_FLEISS] * on) / (1.0 - pe[C_FLEISS]) -
                  2.0 * (1.0 - est[C_FLEISS]) * (t->pe_f - pe[C_FLEISS]) / (1.0 - pe[C_FLEISS]);
    v[C_GWET] = scale * (pa_i - pe[C_GWET] * on) / (1.0 - pe[C_GWET]) -
                2.0 * (1.0 - est[C_GWET]) * (t->pe_g - pe[C_GWET]) / (1.0 - pe[C_GWET]);
    v[C_BP] = scale * (pa_i - pe[C_BP] * on) / (1.0 - pe[C_BP]);
    v[C_CONGER] = scale * (pa_i - pe[C_CONGER] * on) / (1.0 - pe[C_CONGER]) -
                  2.0 * (1.0 - est[C_CONGER]) * (t->pe_c - pe[C_CONGER]) / (1.0 - pe[C_CONGER]);
    if (!t->two)
        return;
    /* Krippendorff's alpha: centred on alpha' = (pa' - pe)/(1 - pe),
     * the coefficient before the small-sample term epsilon. */
    const double ri = t->ri, rbar = W->rbar;
    const struct {
        coef_id id;
        double a, pe_i, paprime;
    } kr[2] = {{C_KRIPP, t->kr_a, t->pe_k, W->p->kripp_paprime},
               {C_KRIPP_METRIC, t->km_a, t->pe_m, W->p->metric_paprime}};
    for (int j = 0; j < 2; j++) {
        const double e = pe[kr[j].id];
        const double alpha1 = (kr[j].paprime - e) / (1.0 - e);
        const double pa_k = kr[j].a / rbar - kr[j].paprime * (ri - rbar) / rbar;
        const double pe_kx = kr[j].pe_i / rbar - e * (ri - rbar) / rbar;
        v[kr[j].id] = (pa_k - e) / (1.0 - e) - 2.0 * (1.0 - alpha1) * (pe_kx - e) / (1.0 - e);
    }
}

/* Add unit t's squared deviation to each coefficient's sum: its value v
 * less the coefficient (Krippendorff's: less alpha'). */
static void unit_add(se_work *W, const unit_terms *t)
{
    static const coef_id multi[] = {C_PERCENT, C_FLEISS, C_GWET, C_BP, C_CONGER};
    const double *est = W->p->est, *pe = W->p->pe;
    double v[C_COUNT];
    unit_values(W, t, v);
    for (size_t j = 0; j < sizeof multi / sizeof *multi; j++)
        W->ss[multi[j]] += (v[multi[j]] - est[multi[j]]) * (v[multi[j]] - est[multi[j]]);
    if (!t->two)
        return;
    const double paprime[2] = {W->p->kripp_paprime, W->p->metric_paprime};
    for (coef_id id = C_KRIPP; id <= C_KRIPP_METRIC; id++) {
        const double e = pe[id], alpha1 = (paprime[id - C_KRIPP] - e) / (1.0 - e);
        W->ss[id] += (v[id] - alpha1) * (v[id] - alpha1);
    }
}

/* One pass over the units: each unit's terms, then its values into
 * v[i * C_COUNT + id] when v is given, else its squares into W->ss.
 * 0, or -1 when out of memory. */
static int se_pass(const agree_ctx *ctx, const agree_point *p, const agree_sums *s,
                   se_work *W, double *v)
{
    const size_t n = ctx->u.n, q = ctx->u.q;
    double *buf;
    if (se_work_init(W, ctx, p, s, &buf) != 0)
        return -1;
    conger_slopes(W, s);
    /* Krippendorff: units with two or more ratings, mean r-bar of them. */
    double rtot = 0.0;
    for (size_t i = 0; i < q * q; i++)
        rtot += s->coinc[i];
    W->rbar = rtot / s->n2;
    for (size_t i = 0; i < n; i++) {
        unit_terms t;
        unit_terms_of(W, i, &t);
        if (v)
            unit_values(W, &t, v + i * C_COUNT);
        else
            unit_add(W, &t);
    }
    free(buf);
    return 0;
}

int agree_unit_values(const agree_ctx *ctx, const agree_point *p, const agree_sums *s,
                      double *v)
{
    se_work W;
    if (!(s->n2 > 0.0)) {
        for (size_t i = 0; i < ctx->u.n * C_COUNT; i++)
            v[i] = NAN;
        return 0;
    }
    return se_pass(ctx, p, s, &W, v);
}

int agree_standard_errors(const agree_ctx *ctx, const agree_point *p, const agree_sums *s,
                          double se[C_COUNT])
{
    const size_t n = ctx->u.n;
    const double dn = (double)n, n2 = s->n2;
    for (int id = 0; id < C_COUNT; id++)
        se[id] = NAN;
    if (ctx->active[C_COHEN])
        table_standard_errors(s, ctx->w, p, se + C_COHEN);
    if (n < 2 || !(n2 > 0.0))
        return 0;

    se_work W;
    if (se_pass(ctx, p, s, &W, NULL) != 0)
        return -1;

    const double *est = p->est, *ss = W.ss;
    const coef_id multi[] = {C_PERCENT, C_FLEISS, C_GWET, C_BP, C_CONGER};
    for (size_t j = 0; j < sizeof multi / sizeof *multi; j++)
        if (!isnan(est[multi[j]]))
            se[multi[j]] = sqrt(ss[multi[j]] / (dn * (dn - 1.0)));
    for (coef_id id = C_KRIPP; id <= C_KRIPP_METRIC; id++)
        if (!isnan(est[id]) && n2 >= 2.0)
            se[id] = sqrt(ss[id] / (n2 * (n2 - 1.0)));
    return 0;
}
