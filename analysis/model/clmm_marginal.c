/* clmm_marginal.c — the marginal log-likelihood of the cumulative link
 * model with a random intercept, by adaptive Gauss-Hermite quadrature,
 * and its exact gradient.
 *
 * With b = u / sigma ~ N(0, 1) and m_i = x_i'beta + sigma b, group g adds
 *     log  integral exp(h(b)) db / sqrt(2 pi),
 *     h(b) = sum_i log P(y_i | m_i) - b^2 / 2.
 * Around the mode b^ with curvature H = -h''(b^) and s = 1 / sqrt(H), the
 * rule with nodes z_k = b^ + sqrt(2) s x_k gives
 *     Q_g = log s - log(pi) / 2 + log sum_k omega_k exp(h(z_k)),
 * omega_k = w_k exp(x_k^2); one node (x = 0, w = sqrt(pi)) is the Laplace
 * approximation h(b^) - log(H) / 2.  Because the nodes move with the
 * parameters, dQ_g/dpsi has three parts: the rule's weights of dh/dpsi at
 * the nodes, the shift of the mode (db^/dpsi = [d h'/dpsi] / H) and the
 * change of scale (ds/dpsi = -s^3 / 2 dH/dpsi, where dH/dpsi takes the
 * third derivatives of log P).  Each group touches only its own rows. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_math.h>

#include "clm_internal.h"

/* Slots per row in w->row: terms at the mode, the row's exponential (see
 * group_bases), then la and lc per node. */
enum { M_LA, M_LC, M_JA, M_JC, M_R, M_RA, M_RC, M_BASE, M_SLOTS = CLM_MODE_SLOTS };

/* With the logit link, each row's exp(eta_i - theta) for its upper cut
 * point (its lower one in the top category) into its M_BASE slot, for
 * rows [r0, r1): one exp per row per evaluation, after which the
 * exponentials at every point b (mode search, nodes) are products with
 * exp(sigma b). */
static void group_bases(clm_work *w, size_t r0, size_t r1, size_t slots)
{
    const int *y = w->d->y;
    for (size_t i = r0; i < r1; i++) {
        const int yi = y[i];
        w->row[(i - r0) * slots + M_BASE] =
            exp(w->eta[i] - w->th[(size_t)yi < w->k1 ? yi + 1 : yi]);
    }
}

/* Row i's terms at m = eta_i + sigma b (eb = exp(sigma b); s its slots),
 * its log-probability added to ls (clm_row_eval).  -1 when a probability
 * is zero. */
static int row_eval(const clm_work *w, size_t i, const double *s, double m, double eb,
                    int order, icstat_link_terms *t, clm_logsum *ls)
{
    return clm_row_eval(w, w->d->y[i], s[M_BASE] * eb, m, order, t, ls);
}

/* h, h' and h'' at b for rows [r0, r1).  -1 when a probability is zero. */
static int group_h(clm_work *w, size_t r0, size_t r1, size_t slots, double sigma, double b,
                   double *h, double *h1, double *h2)
{
    double sq = 0.0, sr = 0.0;
    const double eb = exp(sigma * b);
    clm_logsum ls = {1.0, 0.0, 0};
    icstat_link_terms t;
    for (size_t i = r0; i < r1; i++) {
        const double m = w->eta[i] + sigma * b;
        if (row_eval(w, i, w->row + (i - r0) * slots, m, eb, 2, &t, &ls) != 0)
            return -1;
        sq += t.la + t.lc;
        sr += t.laa + 2.0 * t.lac + t.lcc;
    }
    *h = clm_logsum_value(&ls) - 0.5 * b * b;
    *h1 = -sigma * sq - b;
    *h2 = sigma * sigma * sr - 1.0;
    return 0;
}

/* Terms at b, up to third order, for each row of [r0, r1) into w->row;
 * also h, h' and the sums of r and of r_a + r_c.  -1 when a probability
 * is zero. */
static int group_terms(clm_work *w, size_t r0, size_t r1, size_t slots, double sigma, double b,
                       double *h, double *h1, double *sr, double *srarc)
{
    double sq = 0.0;
    const double eb = exp(sigma * b);
    clm_logsum ls = {1.0, 0.0, 0};
    icstat_link_terms t;
    *sr = *srarc = 0.0;
    for (size_t i = r0; i < r1; i++) {
        const double m = w->eta[i] + sigma * b;
        double *s = w->row + (i - r0) * slots;
        if (row_eval(w, i, s, m, eb, 3, &t, &ls) != 0)
            return -1;
        s[M_LA] = t.la;
        s[M_LC] = t.lc;
        s[M_JA] = t.laa + t.lac;
        s[M_JC] = t.lac + t.lcc;
        s[M_R] = t.laa + 2.0 * t.lac + t.lcc;
        s[M_RA] = t.laaa + 2.0 * t.laac + t.lacc;
        s[M_RC] = t.laac + 2.0 * t.lacc + t.lccc;
        sq += t.la + t.lc;
        *sr += s[M_R];
        *srarc += s[M_RA] + s[M_RC];
    }
    *h = clm_logsum_value(&ls) - 0.5 * b * b;
    *h1 = -sigma * sq - b;
    return 0;
}

/* The conditional mode of b in group g, with the row terms there (see
 * group_terms).  Newton's method with step halving (h is concave for these
 * links), warm-started at the last mode: near an optimum the first pass
 * usually finds the mode has not moved, and a step below 1e-6 is taken
 * without a check since the next would be below 1e-12. */
static int group_mode(clm_work *w, size_t g, size_t r0, size_t r1, size_t slots, double sigma,
                      double *h, double *sr, double *srarc)
{
    double b = w->bmode[g], h1, h2;
    if (!isfinite(b) || group_terms(w, r0, r1, slots, sigma, b, h, &h1, sr, srarc) != 0) {
        b = 0.0;
        if (group_terms(w, r0, r1, slots, sigma, b, h, &h1, sr, srarc) != 0)
            return -1;
    }
    h2 = sigma * sigma * *sr - 1.0;
    double step = -h1 / h2;
    if (!isfinite(step))
        return -1;
    if (fabs(step) < 1e-10 * (1.0 + fabs(b))) {
        w->bmode[g] = b;
        return 0;
    }
    double hb = *h;
    for (int it = 0; it < 200 && fabs(step) >= 1e-6 * (1.0 + fabs(b)); it++) {
        double t = 1.0, bn, hn, h1n, h2n;
        for (;;) {
            bn = b + t * step;
            if (group_h(w, r0, r1, slots, sigma, bn, &hn, &h1n, &h2n) == 0 &&
                hn >= hb - 1e-13 * (1.0 + fabs(hb)))
                break;
            t *= 0.5;
            if (t < 1e-12)
                break;
        }
        if (t < 1e-12) {
            step = 0.0; /* no further progress possible: b is the mode */
            break;
        }
        b = bn;
        /* hn is set: the loop above broke on a group_h that succeeded (t >= 1e-12). */
        hb = hn; /* NOLINT(clang-analyzer-core.uninitialized.Assign) */
        step = -h1n / h2n;
        if (!isfinite(step))
            return -1;
    }
    b += step;
    if (group_terms(w, r0, r1, slots, sigma, b, h, &h1, sr, srarc) != 0)
        return -1;
    w->bmode[g] = b;
    return 0;
}

/* What one evaluation's groups share: the scale, where the sums go, and
 * the current group's values at the quadrature nodes. */
typedef struct {
    clm_work *w;
    size_t slots;                 /* per row in w->row */
    size_t it, o_cb, o_cbv;       /* log sigma's index; sums of cb and cb v_j */
    double sigma, s2, s3;
    double hk[ICSTAT_CLM_MAX_QUAD], h1k[ICSTAT_CLM_MAX_QUAD], zk[ICSTAT_CLM_MAX_QUAD],
        pik[ICSTAT_CLM_MAX_QUAD]; /* h, h' and the node z; the rule's weight of each */
} eval_ctx;

/* h and h' at the nodes z_k = b + sqrt(2) sd x_k of rows [r0, r1), and
 * la and lc per row per node into w->row; *hmax the largest h.  -1 when a
 * probability is zero. */
static int group_nodes(eval_ctx *e, size_t r0, size_t r1, double b, double sd, double hmode,
                       double *hmax)
{
    clm_work *w = e->w;
    const size_t slots = e->slots;
    const double sigma = e->sigma;
    icstat_link_terms t;
    *hmax = -INFINITY;
    for (int k = 0; k < w->quad; k++) {
        const double z = b + M_SQRT2 * sd * w->node[k];
        if (w->node[k] == 0.0) {
            /* The middle node is the mode: its terms are at hand. */
            double sq = 0.0;
            for (size_t i = r0; i < r1; i++) {
                double *s = w->row + (i - r0) * slots;
                s[M_SLOTS + 2 * k] = s[M_LA];
                s[M_SLOTS + 2 * k + 1] = s[M_LC];
                sq += s[M_LA] + s[M_LC];
            }
            e->zk[k] = z;
            e->hk[k] = hmode;
            e->h1k[k] = -sigma * sq - z;
            *hmax = fmax(*hmax, e->hk[k]);
            continue;
        }
        double sq = 0.0;
        const double ez = exp(sigma * z);
        clm_logsum ls = {1.0, 0.0, 0};
        for (size_t i = r0; i < r1; i++) {
            double *s = w->row + (i - r0) * slots;
            const double m = w->eta[i] + sigma * z;
            if (row_eval(w, i, s, m, ez, 1, &t, &ls) != 0)
                return -1;
            s[M_SLOTS + 2 * k] = t.la;
            s[M_SLOTS + 2 * k + 1] = t.lc;
            sq += t.la + t.lc;
        }
        e->zk[k] = z;
        e->hk[k] = clm_logsum_value(&ls) - 0.5 * z * z;
        e->h1k[k] = -sigma * sq - z;
        if (e->hk[k] > *hmax)
            *hmax = e->hk[k];
    }
    return 0;
}

/* Group g's mode slope db^/dpsi = (d h'/dpsi) / H at its mode b, into dm
 * (k1 + p + 1 values), from
 *     h'(b) = -sigma sum_i (la_i + lc_i) - b,
 * whose derivatives are -sigma J_A (J_C) for the row's upper (lower) cut
 * point, sigma r_i (x_ij - shift_j) for coefficient j, and
 * -sigma sum (la + lc) + sigma^2 b sum r for log sigma.  group_gradient
 * leaves the sums over rows in dm (-J_A, -J_C, r_i v_ij) and sq =
 * sum (la + lc), sr = sum r; this scales them.  The next evaluation starts
 * each mode search at b + dm'(psi' - psi): a first-order prediction, which
 * the search then only confirms for the small steps of the differenced
 * Hessian (one pass over the rows instead of two) and shortens for the
 * optimiser's steps. */
static void group_slope(const eval_ctx *e, double b, double H, double sq, double sr,
                        double *dm)
{
    const clm_work *w = e->w;
    const size_t k1 = w->k1, p = w->p, np = e->it + 1;
    const double sigma = e->sigma;
    for (size_t m = 0; m < k1; m++)
        dm[m] *= sigma;
    for (size_t j = 0; j < p; j++)
        dm[k1 + j] = sigma * (dm[k1 + j] - w->shift[j] * sr);
    dm[e->it] = -sigma * sq + e->s2 * b * sr;
    for (size_t j = 0; j < np; j++)
        dm[j] /= H;
}

/* Group g's part of the gradient into acc (the sums of clmm_eval): the
 * rule's weights pik (unnormalised, summing to sum) of dh/dpsi at the
 * nodes, plus the shift of the mode b and the change of the curvature H
 * (srarc: the rows' sum of r_a + r_c at the mode); and, unless dm is NULL
 * (a clone's evaluation keeps no slopes), the group's mode slopes into dm
 * (group_slope), in the same pass over the rows. */
static void group_gradient(eval_ctx *e, size_t r0, size_t r1, double b, double sd, double H,
                           double sum, double srarc, double *acc, double *dm)
{
    const clm_work *w = e->w;
    const int *y = w->d->y;
    const int nq = w->quad;
    const size_t k1 = w->k1, it = e->it;
    const double sigma = e->sigma, s2 = e->s2, s3 = e->s3;
    double *pik = e->pik;
    double gb = 0.0, gs = 0.0;
    for (int k = 0; k < nq; k++) {
        pik[k] /= sum;
        gb += pik[k] * e->h1k[k];
        gs += pik[k] * e->h1k[k] * M_SQRT2 * w->node[k];
    }
    const double hb = s3 * srarc;                 /* dH/db at the mode */
    const double B = -0.5 * sd * sd * (1.0 + sd * gs);
    const double cj = gb / H + B * hb / H, ck = B;
    double sq = 0.0, sr = 0.0; /* for group_slope, whose sums over rows go into dm */
    if (dm)
        memset(dm, 0, (it + 1) * sizeof *dm);
    for (size_t i = r0; i < r1; i++) {
        const double *s = w->row + (i - r0) * e->slots;
        double wa = 0.0, wc = 0.0, wz = 0.0;
        for (int k = 0; k < nq; k++) {
            const double la = s[M_SLOTS + 2 * k], lc = s[M_SLOTS + 2 * k + 1];
            wa += pik[k] * la;
            wc += pik[k] * lc;
            wz += pik[k] * e->zk[k] * (la + lc);
        }
        const int yi = y[i];
        if (yi < (int)k1)
            acc[1 + yi] += wa - cj * sigma * s[M_JA] - ck * s2 * s[M_RA];
        if (yi > 0)
            acc[1 + yi - 1] += wc - cj * sigma * s[M_JC] - ck * s2 * s[M_RC];
        const double rarc = s[M_RA] + s[M_RC];
        const double cb = -(wa + wc) + cj * sigma * s[M_R] + ck * s2 * rarc;
        acc[e->o_cb] += cb;
        if (dm) {
            if (yi < (int)k1)
                dm[yi] -= s[M_JA];
            if (yi > 0)
                dm[yi - 1] -= s[M_JC];
            for (size_t k = w->rowp[i]; k < w->rowp[i + 1]; k++) {
                const size_t j = w->ccol[k];
                acc[e->o_cbv + j] += cb * w->cval[k];
                dm[k1 + j] += s[M_R] * w->cval[k];
            }
            sq += s[M_LA] + s[M_LC];
            sr += s[M_R];
        } else {
            for (size_t k = w->rowp[i]; k < w->rowp[i + 1]; k++)
                acc[e->o_cbv + w->ccol[k]] += cb * w->cval[k];
        }
        acc[1 + it] += -sigma * wz +
                       cj * (-sigma * (s[M_LA] + s[M_LC]) + s2 * b * s[M_R]) +
                       ck * (-2.0 * s2 * s[M_R] + s3 * b * rarc);
    }
    if (dm)
        group_slope(e, b, H, sq, sr, dm);
}

/* Start group g's mode search at its mode predicted from the last
 * evaluation's slopes (dpar: the parameters' change since): see
 * group_slope. */
static void predict_mode(clm_work *w, size_t g, size_t np, const double *dpar)
{
    const double *dm = w->mode_slope + g * np;
    double db = 0.0;
    for (size_t j = 0; j < np; j++)
        db += dm[j] * dpar[j];
    if (isfinite(db))
        w->bmode[g] += db;
}

int clmm_eval(clm_work *w, const double *par, double *ll, double *grad)
{
    const icstat_design *d = w->d;
    const size_t p = w->p, k1 = w->k1, it = k1 + p;
    if (clm_set_thresholds(w, par) != 0 || !isfinite(par[it]) || fabs(par[it]) > 30.0)
        return -1;
    eval_ctx e = {.w = w, .slots = M_SLOTS + 2 * (size_t)w->quad, .it = it};
    e.sigma = exp(par[it]);
    e.s2 = e.sigma * e.sigma;
    e.s3 = e.s2 * e.sigma;
    clm_work_eta(w, par + k1, w->eta);
    clm_set_gaps(w);
    w->evaluations++;
    /* The modes are predicted from the last evaluation's slopes when it
     * had them (x_at then becomes the parameters' change since), and the
     * slopes taken afresh with the gradient. */
    const size_t np = it + 1;
    const int predict = w->have_slope;
    if (predict)
        for (size_t j = 0; j < np; j++)
            w->x_at[j] = par[j] - w->x_at[j];
    w->have_slope = 0;
    /* Sums in w->blk, added to w->acc every CLM_BLOCK_ROWS rows (at a group's
     * end): [0] the log-likelihood, [1 + m] the gradient of threshold m,
     * [1 + it] that of log sigma, then the sum of the rows' coefficient
     * weights cb and (p) of cb v_j, from which the coefficients' gradient
     * is cb v_j - shift_j cb over the standardised columns. */
    e.o_cb = 2 + it;
    e.o_cbv = e.o_cb + 1;
    const size_t len = e.o_cbv + p;
    double *acc = w->blk;
    memset(w->acc, 0, len * sizeof *w->acc);
    memset(w->blk, 0, len * sizeof *w->blk);
    size_t since = 0; /* rows since the last flush */

    for (size_t g = 0; g < d->n_groups; g++) {
        const size_t r0 = d->group_start[g], r1 = d->group_start[g + 1];
        double hmode, sr, srarc, hmax;
        if (predict)
            predict_mode(w, g, np, w->x_at);
        if (w->link == ICSTAT_LINK_LOGIT)
            group_bases(w, r0, r1, e.slots);
        if (group_mode(w, g, r0, r1, e.slots, e.sigma, &hmode, &sr, &srarc) != 0)
            return -1;
        const double b = w->bmode[g];
        const double H = 1.0 - e.s2 * sr;
        if (!(H > 0.0) || !isfinite(H))
            return -1;
        const double sd = 1.0 / sqrt(H);
        w->hess[g] = H;
        if (group_nodes(&e, r0, r1, b, sd, hmode, &hmax) != 0)
            return -1;
        double sum = 0.0;
        for (int k = 0; k < w->quad; k++)
            sum += (e.pik[k] = w->omega[k] * exp(e.hk[k] - hmax));
        acc[0] += log(sd) - 0.5 * log(M_PI) + hmax + log(sum);
        if ((since += r1 - r0) >= CLM_BLOCK_ROWS) {
            clm_block_flush(w, grad ? len : 1);
            since = 0;
        }
        if (grad)
            group_gradient(&e, r0, r1, b, sd, H, sum, srarc, acc,
                           w->keep_slope ? NULL : w->mode_slope + g * np);
    }
    clm_block_flush(w, grad ? len : 1);
    *ll = w->acc[0];
    if (grad) {
        for (size_t m = 0; m < k1; m++)
            grad[m] = w->acc[1 + m];
        for (size_t j = 0; j < p; j++)
            grad[k1 + j] = w->acc[e.o_cbv + j] - w->shift[j] * w->acc[e.o_cb];
        grad[it] = w->acc[1 + it];
        if (!w->keep_slope) {
            memcpy(w->x_at, par, np * sizeof *w->x_at);
            w->have_slope = 1;
        }
    }
    return 0;
}
