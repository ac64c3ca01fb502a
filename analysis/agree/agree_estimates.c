/* agree_estimates.c — point estimates of agreement coefficients from the sums
 * of agree_stats.c, so the same code serves the data and every bootstrap
 * replicate.  Formulas: Gwet, Handbook of Inter-Rater Reliability (4th ed.,
 * 2014); Conger (1980); Krippendorff (2011); Fleiss, Cohen & Everitt (1969). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agree_internal.h"
#include "icstat/icc.h"

/* ---- small helpers ---------------------------------------------------- */

double agree_weights_total(const double *w, size_t q)
{
    double t = 0.0;
    for (size_t i = 0; i < q * q; i++)
        t += w[i];
    return t;
}

static double weighted_sum(const double *w, const double *x, size_t q)
{
    double t = 0.0;
    for (size_t i = 0; i < q * q; i++)
        t += w[i] * x[i];
    return t;
}

/* sum_kl w_kl a_k b_l */
static double bilinear(const double *w, const double *a, const double *b, size_t q)
{
    double t = 0.0;
    for (size_t k = 0; k < q; k++)
        for (size_t l = 0; l < q; l++)
            t += w[k * q + l] * a[k] * b[l];
    return t;
}

/* Chance agreement of 1 leaves (pa - pe) / (1 - pe) undefined. */
static int chance_is_one(double pe)
{
    return fabs(1.0 - pe) < 1e-12;
}

/* ---- point estimates from sums ---------------------------------------- */

static double agree_percent(const agree_sums *s, const double *w)
{
    return s->n2 > 0.0 ? weighted_sum(w, s->pairs, s->q) / s->n2 : NAN;
}

/* pi_k: the mean over units of the share of a unit's ratings in k. */
static void agree_pi(const agree_sums *s, double *pi)
{
    for (size_t k = 0; k < s->q; k++)
        pi[k] = s->prop[k] / s->n;
}

static double agree_pe_fleiss(const agree_sums *s, const double *w, double *pi)
{
    agree_pi(s, pi);
    return bilinear(w, pi, pi, s->q);
}

/* Gwet's chance agreement.  With one category on the scale every rating
 * is in it, so sum_k pi_k (1 - pi_k) = 0 and chance agreement is 0 on any
 * scale of two or more categories (irrCAC's 1e-15 stands for it). */
static double agree_pe_gwet(const agree_sums *s, const double *w, double *pi)
{
    const size_t q = s->q;
    agree_pi(s, pi);
    if (q < 2)
        return 0.0;
    double v = 0.0;
    for (size_t k = 0; k < q; k++)
        v += pi[k] * (1.0 - pi[k]);
    return agree_weights_total(w, q) * v / ((double)q * (double)(q - 1));
}

/* Brennan-Prediger's chance agreement T_w / q^2.  With one category on
 * the scale it would be 1, but the ratings (all in that category) then
 * agree fully and the coefficient is 1 on any scale of q >= 2 categories,
 * whatever its chance agreement; 0 stands in for it so that the estimate
 * and its standard error come out as they would on such a scale (the
 * reported pe is NA; see agree.c). */
static double agree_pe_bp(size_t q, const double *w)
{
    if (q < 2)
        return 0.0;
    return agree_weights_total(w, q) / ((double)q * (double)q);
}

/* Conger (1980): chance agreement from each rater's own category
 * distribution p_gk, averaged over ordered pairs of distinct raters.
 * Raters with no ratings take no part.  p receives r*q proportions. */
static double agree_pe_conger(const agree_sums *s, const double *w, double *p, size_t *r_used)
{
    const size_t q = s->q, r = s->r;
    double *pbar = p + r * q; /* caller provides (r + 1) * q doubles */
    size_t ru = 0;
    memset(pbar, 0, q * sizeof *pbar);
    for (size_t g = 0; g < r; g++) {
        double ng = 0.0;
        for (size_t k = 0; k < q; k++)
            ng += s->rater_cat[g * q + k];
        for (size_t k = 0; k < q; k++) {
            p[g * q + k] = ng > 0.0 ? s->rater_cat[g * q + k] / ng : 0.0;
            pbar[k] += p[g * q + k];
        }
        ru += ng > 0.0;
    }
    *r_used = ru;
    if (ru < 2)
        return NAN;
    /* sum over g != h of p_g' W p_h = (sum_g p_g)' W (sum_h p_h) - sum_g p_g' W p_g.
     * p_g' W p_g only over the categories rater g used (bilinear()'s terms
     * less its zeros, in its order): O(q + used^2) per rater, not O(q^2),
     * which with many raters on a long scale took seconds. */
    size_t used[q > 0 ? q : 1];
    double same = 0.0;
    for (size_t g = 0; g < r; g++) {
        const double *pg = p + g * q;
        size_t nu = 0;
        for (size_t k = 0; k < q; k++)
            if (pg[k] != 0.0)
                used[nu++] = k;
        double t = 0.0;
        for (size_t a = 0; a < nu; a++)
            for (size_t b = 0; b < nu; b++)
                t += w[used[a] * q + used[b]] * pg[used[a]] * pg[used[b]];
        same += t;
    }
    const double dr = (double)ru;
    return (bilinear(w, pbar, pbar, q) - same) / (dr * (dr - 1.0));
}

/* Krippendorff's alpha in Gwet's form (Gwet 2014, sec. 5.5): identical to
 * Krippendorff's 1 - D_o/D_e with disagreement 1 - w.  pi receives the
 * pooled category shares of pairable values. */
static double agree_kripp(const agree_sums *s, const double *w, double *pi,
                   double *pa_out, double *pe_out, double *paprime_out)
{
    const size_t q = s->q;
    double total = 0.0;
    for (size_t k = 0; k < q; k++) {
        pi[k] = 0.0;
        for (size_t l = 0; l < q; l++)
            pi[k] += s->coinc[k * q + l];
        total += pi[k];
    }
    if (!(total > 0.0)) {
        *pa_out = *pe_out = *paprime_out = NAN;
        return NAN;
    }
    for (size_t k = 0; k < q; k++)
        pi[k] /= total;
    const double paprime = weighted_sum(w, s->coinc, q) / total;
    const double eps = 1.0 / total;
    const double pa = (1.0 - eps) * paprime + eps;
    const double pe = bilinear(w, pi, pi, q);
    *pa_out = pa;
    *pe_out = pe;
    *paprime_out = paprime;
    return chance_is_one(pe) ? NAN : (pa - pe) / (1.0 - pe);
}

double agree_table_margins(const agree_sums *s, double *row, double *col)
{
    const size_t q = s->q;
    double n = 0.0;
    for (size_t i = 0; i < q * q; i++)
        n += s->table[i];
    for (size_t k = 0; k < q; k++)
        row[k] = col[k] = 0.0;
    for (size_t k = 0; k < q; k++)
        for (size_t l = 0; l < q; l++) {
            row[k] += s->table[k * q + l] / n;
            col[l] += s->table[k * q + l] / n;
        }
    return n;
}

/* Two raters, from the table of units both rated. */
static int agree_table_coefs(const agree_sums *s, const double *w, double out[3][3])
{
    const size_t q = s->q;
    double row[q > 0 ? q : 1], col[q > 0 ? q : 1], pi[q > 0 ? q : 1];
    const double n = agree_table_margins(s, row, col);
    if (!(n > 0.0))
        return -1;
    for (size_t k = 0; k < q; k++)
        pi[k] = (row[k] + col[k]) / 2.0;
    const double pa = weighted_sum(w, s->table, q) / n;
    const double pe[3] = {bilinear(w, row, col, q), bilinear(w, pi, pi, q),
                          agree_pe_bp(q, w)};
    for (int c = 0; c < 3; c++) {
        out[c][0] = chance_is_one(pe[c]) ? NAN : (pa - pe[c]) / (1.0 - pe[c]);
        out[c][1] = pa;
        out[c][2] = pe[c];
    }
    return 0;
}

/* Krippendorff's metric as weights 1 - delta^2 / max delta^2 (Krippendorff
 * 2011).  The ordinal metric is built from the pooled frequencies n_g of
 * pairable values: delta_ck = sum_{g=c..k} n_g - (n_c + n_k) / 2. */
void agree_metric_weights(icstat_alpha_metric metric, const double *x, const agree_sums *s,
                         double *w)
{
    const size_t q = s->q;
    /* cum[g] = n_0 + ... + n_{g-1}, so each ordinal distance is O(1), not a
     * sum over the categories between (O(q^3) in all, per bootstrap
     * replicate). */
    double nfreq[q > 0 ? q : 1], cum[q + 1];
    cum[0] = 0.0;
    for (size_t k = 0; k < q; k++) {
        nfreq[k] = 0.0;
        for (size_t l = 0; l < q; l++)
            nfreq[k] += s->coinc[k * q + l];
        cum[k + 1] = cum[k] + nfreq[k];
    }
    double dmax = 0.0;
    for (size_t c = 0; c < q; c++)
        for (size_t k = 0; k < q; k++) {
            double d = 0.0;
            if (c != k) {
                switch (metric) {
                case ICSTAT_METRIC_ORDINAL: {
                    const size_t lo = c < k ? c : k, hi = c < k ? k : c;
                    d = cum[hi + 1] - cum[lo] - (nfreq[c] + nfreq[k]) / 2.0;
                    d *= d;
                    break;
                }
                case ICSTAT_METRIC_INTERVAL:
                    d = (x[c] - x[k]) * (x[c] - x[k]);
                    break;
                case ICSTAT_METRIC_RATIO:
                    d = (x[c] - x[k]) / (x[c] + x[k]);
                    d *= d;
                    break;
                default:
                    d = 1.0;
                }
            }
            w[c * q + k] = d;
            if (d > dmax)
                dmax = d;
        }
    for (size_t i = 0; i < q * q; i++)
        w[i] = dmax > 0.0 ? 1.0 - w[i] / dmax : 1.0;
}

int agree_point_init(agree_point *p, size_t r, size_t q)
{
    memset(p, 0, sizeof *p);
    const size_t qq = q ? q : 1;
    p->pi = calloc(qq, sizeof *p->pi);
    p->pi_kripp = calloc(qq, sizeof *p->pi_kripp);
    p->pi_metric = calloc(qq, sizeof *p->pi_metric);
    p->wm = calloc(qq * qq, sizeof *p->wm);
    p->conger_p = calloc((r + 1) * qq, sizeof *p->conger_p);
    if (!p->pi || !p->pi_kripp || !p->pi_metric || !p->wm || !p->conger_p) {
        agree_point_free(p);
        return -1;
    }
    return 0;
}

void agree_point_free(agree_point *p)
{
    free(p->pi);
    free(p->pi_kripp);
    free(p->pi_metric);
    free(p->wm);
    free(p->conger_p);
    memset(p, 0, sizeof *p);
}

static const char note_pe_one[] =
    "chance agreement is 1 (every rating in one category), so the coefficient is undefined";

/* One category on the scale: what AC and BP (PABAK) report instead, and
 * how to name the unobserved categories (`categories`: the caller's word). */
static void note_one_category(char *note, coef_id id, const char *categories)
{
    snprintf(note, ICSTAT_NOTE_MAX,
             "only one category on the scale (list the unobserved ones with %s): %s", categories,
             id == C_GWET ? "Gwet's AC is 1 on any scale of two or more categories (chance "
                            "agreement 0), as irrCAC reports"
                          : "the coefficient is 1 on any scale of two or more categories, as "
                            "irrCAC reports; its chance agreement depends on their number "
                            "(pe NA)");
}

/* est = (pa - pe) / (1 - pe), or NaN with the reason. */
static void chance_corrected(agree_point *p, coef_id id, double pa, double pe)
{
    p->pa[id] = pa;
    p->pe[id] = pe;
    if (isnan(pa) || isnan(pe))
        return;
    if (chance_is_one(pe)) {
        snprintf(p->note[id], ICSTAT_NOTE_MAX, "%s", note_pe_one);
        return;
    }
    p->est[id] = (pa - pe) / (1.0 - pe);
}

/* The ICC forms when some unit misses a rating: every rating through
 * icc_reml.h (m: the bootstrap's multiplicities of the units, or NULL). */
static int agree_icc_gaps(const agree_ctx *ctx, const double *m, agree_point *p,
                          icstat_error *err)
{
    const icstat_icc_data d = {ctx->icc_ly, ctx->icc_lu, ctx->icc_lr, ctx->icc_N,
                               ctx->u.n, ctx->u.r, m};
    icstat_error ierr;
    if (icstat_icc_unbalanced(&d, ctx->opt.conf, p->icc, &p->icc_k, &ierr) != ICSTAT_OK)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "%s", ierr.msg);
    for (int f = 0; f < ICSTAT_ICC_FORMS; f++) {
        p->est[C_ICC + f] = p->icc[f].estimate;
        p->units[C_ICC + f] = ctx->u.n;
        if (p->icc[f].note)
            snprintf(p->note[C_ICC + f], ICSTAT_NOTE_MAX, "%s", p->icc[f].note);
    }
    return ICSTAT_OK;
}

int agree_point_compute(const agree_ctx *ctx, const agree_sums *s, const double *m,
                        agree_point *p, icstat_error *err)
{
    const size_t q = s->q, r = s->r;
    const double *w = ctx->w;
    for (int id = 0; id < C_COUNT; id++) {
        p->est[id] = p->pa[id] = p->pe[id] = NAN;
        p->note[id][0] = '\0';
        p->units[id] = (size_t)s->n2;
        p->raters[id] = r;
    }

    const double pa = agree_percent(s, w);
    if (s->n2 == 0.0)
        for (int id = C_PERCENT; id <= C_KRIPP_METRIC; id++)
            if (id < C_COHEN || id > C_PABAK)
                snprintf(p->note[id], ICSTAT_NOTE_MAX, "no unit has two or more ratings");
    p->est[C_PERCENT] = pa;
    p->pa[C_PERCENT] = pa;
    p->pe[C_PERCENT] = 0.0;

    if (ctx->active[C_COHEN]) {
        double t[3][3];
        double pairs = 0.0;
        for (size_t i = 0; i < q * q; i++)
            pairs += s->table[i];
        for (int c = 0; c < 3; c++)
            p->units[C_COHEN + c] = (size_t)pairs;
        if (agree_table_coefs(s, w, t) == 0) {
            for (int c = 0; c < 3; c++)
                chance_corrected(p, (coef_id)(C_COHEN + c), t[c][1], t[c][2]);
        } else {
            for (int c = 0; c < 3; c++)
                snprintf(p->note[C_COHEN + c], ICSTAT_NOTE_MAX,
                         "no unit was rated by both raters");
        }
    }
    if (s->n2 > 0.0) {
        chance_corrected(p, C_FLEISS, pa, agree_pe_fleiss(s, w, p->pi));
        chance_corrected(p, C_GWET, pa, agree_pe_gwet(s, w, p->pi));
        chance_corrected(p, C_BP, pa, agree_pe_bp(q, w));
        const double pe_c = agree_pe_conger(s, w, p->conger_p, &p->conger_raters);
        p->raters[C_CONGER] = p->conger_raters;
        chance_corrected(p, C_CONGER, pa, pe_c);

        double kpa, kpe;
        p->est[C_KRIPP] = agree_kripp(s, w, p->pi_kripp, &kpa, &kpe, &p->kripp_paprime);
        p->pa[C_KRIPP] = kpa;
        p->pe[C_KRIPP] = kpe;
        if (isnan(p->est[C_KRIPP]) && !isnan(kpe))
            snprintf(p->note[C_KRIPP], ICSTAT_NOTE_MAX, "%s", note_pe_one);
        if (ctx->active[C_KRIPP_METRIC]) {
            agree_metric_weights(ctx->opt.alpha_metric, ctx->x, s, p->wm);
            p->est[C_KRIPP_METRIC] =
                agree_kripp(s, p->wm, p->pi_metric, &kpa, &kpe, &p->metric_paprime);
            p->pa[C_KRIPP_METRIC] = kpa;
            p->pe[C_KRIPP_METRIC] = kpe;
            if (isnan(p->est[C_KRIPP_METRIC]) && !isnan(kpe))
                snprintf(p->note[C_KRIPP_METRIC], ICSTAT_NOTE_MAX, "%s", note_pe_one);
        }
    }

    if (q < 2) {
        const coef_id one[3] = {C_GWET, C_PABAK, C_BP};
        for (int j = 0; j < 3; j++)
            if (!isnan(p->est[one[j]]))
                note_one_category(p->note[one[j]], one[j], ctx->names.categories);
    }

    if (ctx->active[C_ICC] && ctx->icc_gaps)
        return agree_icc_gaps(ctx, m, p, err);
    if (ctx->active[C_ICC]) {
        p->icc_k = (double)r;
        double *mm = NULL;
        if (m) {
            mm = malloc((ctx->icc_n ? ctx->icc_n : 1) * sizeof *mm);
            if (!mm)
                return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            for (size_t i = 0; i < ctx->icc_n; i++)
                mm[i] = m[ctx->icc_unit[i]];
        }
        icstat_error ierr;
        int st = icstat_icc_compute(ctx->icc_y, ctx->icc_n, r, mm, ctx->opt.conf, p->icc, &ierr);
        free(mm);
        for (int f = 0; f < ICSTAT_ICC_FORMS; f++) {
            p->est[C_ICC + f] = p->icc[f].estimate;
            p->units[C_ICC + f] = ctx->icc_n;
            if (st == ICSTAT_ENOMEM)
                return icstat_error_set(err, st, NULL, 0, "%s", ierr.msg);
            if (st != ICSTAT_OK)
                snprintf(p->note[C_ICC + f], ICSTAT_NOTE_MAX, "%.150s", ierr.msg);
            else if (p->icc[f].note)
                snprintf(p->note[C_ICC + f], ICSTAT_NOTE_MAX, "%s", p->icc[f].note);
            else if (isnan(p->icc[f].estimate))
                snprintf(p->note[C_ICC + f], ICSTAT_NOTE_MAX,
                         "no variation among the scores, so the ICC is undefined");
        }
    }
    return ICSTAT_OK;
}
