/* agree.c — the agreement engine's entry points: set up, estimate, report.
 * The formulas live in agree_estimates.c (point estimates), agree_se.c
 * (standard errors), icc.c and agree_bootstrap.c. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "agree_internal.h"
#include "icstat/zero.h"

static const char *const metric_names[] = {"nominal", "ordinal", "interval", "ratio"};

const char *icstat_alpha_metric_name(icstat_alpha_metric m)
{
    return m >= 0 && m <= ICSTAT_METRIC_RATIO ? metric_names[m] : "none";
}

int icstat_alpha_metric_lookup(const char *name)
{
    for (int m = 0; m <= ICSTAT_METRIC_RATIO; m++)
        if (strcmp(name, metric_names[m]) == 0)
            return m;
    return -1;
}

static void result_note(icstat_agree_result *res, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void result_note(icstat_agree_result *res, const char *fmt, ...)
{
    if (res->n_notes >= sizeof res->notes / sizeof *res->notes)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->notes[res->n_notes++], sizeof *res->notes, fmt, ap);
    va_end(ap);
}

void agree_ctx_free(agree_ctx *ctx)
{
    agree_units_free(&ctx->u);
    free(ctx->w);
    free(ctx->icc_y);
    free(ctx->icc_unit);
    free(ctx->icc_ly);
    free(ctx->icc_lu);
    free(ctx->icc_lr);
    memset(ctx, 0, sizeof *ctx);
}

/* Options these ratings cannot serve, refused before anything is
 * allocated: an interval level outside (0, 1) (a caller's slip: commands
 * check it), an id or free-text column read as categories, weights on
 * categories with no order, and values too far from 1 to square. */
static int ctx_check_options(const icstat_ratings *r, const icstat_agree_options *opt,
                             const icstat_agree_names *nm, icstat_error *err)
{
    const size_t q = r->n_cat;
    if (!(opt->conf > 0.0 && opt->conf < 1.0))
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "the interval level must be between 0 and 1 (got %g)", opt->conf);
    /* The q*q matrices and per-category work are meant for rating scales;
     * thousands of "categories" means an id or free-text column. */
    if (q > ICSTAT_AGREE_MAX_CATEGORIES)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "the ratings have %zu distinct values (at most %d are allowed): "
                                "is a rater column an id or free text?",
                                q, ICSTAT_AGREE_MAX_CATEGORIES);
    /* Weights other than identity measure how far apart two categories
     * are, which text sorted by its bytes does not tell ("Good" would sit
     * between "Exceptional" and "Inadequate").  A usage error (exit 1):
     * the user asked for weights the file cannot have without an order. */
    if (opt->weights != ICSTAT_W_IDENTITY && !opt->weights_matrix && !r->cat_ordered)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "weighted coefficients (%s %s) need the categories' "
                                "order, and text ratings that are not a known scale's words "
                                "have none: give it with %s (a list in order, or %s)",
                                nm->weights, icstat_weights_name(opt->weights), nm->categories,
                                icstat_scale_names());
    /* Value-based weights, the interval and ratio metrics and the ICC
     * square and sum the ratings: far from 1 in magnitude that overflows
     * or underflows to 0/0, and every coefficient would be NaN with no
     * reason given.  No rating scale comes near these bounds. */
    char uses[96];
    if (opt->weights != ICSTAT_W_IDENTITY && opt->weights != ICSTAT_W_ORDINAL &&
        !opt->weights_matrix)
        snprintf(uses, sizeof uses, "%s %s", nm->weights, icstat_weights_name(opt->weights));
    else if (opt->alpha_metric == ICSTAT_METRIC_INTERVAL ||
             opt->alpha_metric == ICSTAT_METRIC_RATIO)
        snprintf(uses, sizeof uses, "%s %s", nm->alpha_metric,
                 icstat_alpha_metric_name(opt->alpha_metric));
    else if (opt->icc)
        snprintf(uses, sizeof uses, "%s", nm->icc);
    else
        return ICSTAT_OK;
    for (size_t k = 0; r->cat_numeric && k < q; k++) {
        const double a = fabs(r->cat_values[k]);
        if (a > 1e100 || (a > 0.0 && a < 1e-100))
            return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                    "rating '%s' is too %s for %s, which computes with the "
                                    "rating values (numeric ratings must be 0 or between "
                                    "1e-100 and 1e100 in magnitude)",
                                    r->cat_labels[k], a > 1.0 ? "large" : "small", uses);
    }
    return ICSTAT_OK;
}

/* Which coefficients apply: the two-rater ones with two raters only,
 * Krippendorff's alpha under his own metric when asked for and the
 * categories allow it, the ICC forms when asked for on ordered ratings. */
static int ctx_activate(agree_ctx *ctx, const icstat_ratings *r, icstat_error *err)
{
    const icstat_agree_options *opt = &ctx->opt;
    const icstat_agree_names *nm = &ctx->names;
    for (int id = C_PERCENT; id <= C_KRIPP; id++)
        ctx->active[id] = 1;
    if (r->n_raters != 2)
        ctx->active[C_COHEN] = ctx->active[C_SCOTT] = ctx->active[C_PABAK] = 0;

    if (opt->alpha_metric != ICSTAT_METRIC_NONE) {
        const icstat_alpha_metric m = opt->alpha_metric;
        if (m != ICSTAT_METRIC_NOMINAL && !r->cat_ordered)
            return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                    "%s %s needs ordered categories: the ratings "
                                    "are text, so give their order with %s",
                                    nm->alpha_metric, icstat_alpha_metric_name(m),
                                    nm->categories);
        if (m == ICSTAT_METRIC_RATIO && r->cat_values[0] < 0.0)
            return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                    "%s ratio needs ratings of zero or more "
                                    "(smallest is %g)", nm->alpha_metric, r->cat_values[0]);
        ctx->active[C_KRIPP_METRIC] = 1;
    }
    if (opt->icc) {
        if (!r->cat_ordered)
            return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                    "%s needs numeric ratings (or %s to score "
                                    "text categories 1, 2, ... in that order)",
                                    nm->icc, nm->categories);
        for (int f = 0; f < ICSTAT_ICC_FORMS; f++)
            ctx->active[C_ICC + f] = 1;
    }
    return ICSTAT_OK;
}

/* ICC when some unit misses a rating: every rating as one entry of a
 * long list (score, unit, rater), for the unbalanced and REML fits of
 * icc_reml.h.  0, or -1 when out of memory. */
static int ctx_icc_long(agree_ctx *ctx, const icstat_ratings *r)
{
    const size_t n = ctx->u.n, nr = r->n_raters;
    size_t N = 0;
    for (size_t i = 0; i < n; i++)
        N += (size_t)ctx->u.ri[i];
    ctx->icc_ly = malloc((N ? N : 1) * sizeof *ctx->icc_ly);
    ctx->icc_lu = malloc((N ? N : 1) * sizeof *ctx->icc_lu);
    ctx->icc_lr = malloc((N ? N : 1) * sizeof *ctx->icc_lr);
    if (!ctx->icc_ly || !ctx->icc_lu || !ctx->icc_lr)
        return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t g = 0; g < nr; g++)
            if (r->cat[i * nr + g] >= 0) {
                ctx->icc_ly[ctx->icc_N] = r->cat_values[r->cat[i * nr + g]];
                ctx->icc_lu[ctx->icc_N] = i;
                ctx->icc_lr[ctx->icc_N++] = g;
            }
    return 0;
}

/* ICC: with every unit rated by every rater, the scores row by row and
 * which units they are (for the bootstrap's multiplicities), for the
 * balanced ANOVA of icc.c; when some unit misses a rating, every rating
 * instead (ctx_icc_long), so that no unit is dropped.  0, or -1 when out
 * of memory. */
static int ctx_icc_scores(agree_ctx *ctx, const icstat_ratings *r)
{
    const size_t n = ctx->u.n, nr = r->n_raters;
    for (size_t i = 0; i < n; i++)
        ctx->icc_gaps |= (size_t)ctx->u.ri[i] != nr;
    if (ctx->icc_gaps)
        return ctx_icc_long(ctx, r);
    ctx->icc_y = malloc((n * nr + 1) * sizeof *ctx->icc_y);
    ctx->icc_unit = malloc((n ? n : 1) * sizeof *ctx->icc_unit);
    if (!ctx->icc_y || !ctx->icc_unit)
        return -1;
    for (size_t i = 0; i < n; i++) {
        for (size_t g = 0; g < nr; g++)
            ctx->icc_y[ctx->icc_n * nr + g] = r->cat_values[r->cat[i * nr + g]];
        ctx->icc_unit[ctx->icc_n++] = i;
    }
    return 0;
}

int agree_ctx_init(agree_ctx *ctx, const icstat_ratings *r, const icstat_agree_options *opt,
                   icstat_error *err)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->opt = *opt;
    ctx->names = agree_names_or_plain(opt->names);
    ctx->x = r->cat_values;
    ctx->ranks_of_numbers = r->cat_ranks_of_numbers;
    const size_t q = r->n_cat;
    int st = ctx_check_options(r, opt, &ctx->names, err);
    if (st != ICSTAT_OK)
        return st;
    if (agree_units_init(&ctx->u, r) != 0 || !(ctx->w = malloc(q * q * sizeof *ctx->w)))
        goto nomem;
    /* The caller's matrix replaces the family's: every coefficient reads
     * the weights from ctx->w alone. */
    if (opt->weights_matrix)
        memcpy(ctx->w, opt->weights_matrix, q * q * sizeof *ctx->w);
    else if ((st = icstat_weights_fill(opt->weights, r->cat_values, q, ctx->w, err)) !=
             ICSTAT_OK) {
        agree_ctx_free(ctx);
        return st;
    }
    if ((st = ctx_activate(ctx, r, err)) != ICSTAT_OK) {
        agree_ctx_free(ctx);
        return st;
    }
    if (opt->icc && ctx_icc_scores(ctx, r) != 0)
        goto nomem;
    return ICSTAT_OK;
nomem:
    agree_ctx_free(ctx);
    return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
}

/* Interval estimate +/- t se clipped to [lo_bound, 1]; two-sided p from t. */
static void coef_interval(icstat_coef *c, double conf, double lo_bound)
{
    if (isnan(c->estimate) || isnan(c->se) || !(c->df > 0.0)) {
        c->ci_low = c->ci_high = c->p_value = NAN;
        return;
    }
    const double t = gsl_cdf_tdist_Qinv((1.0 - conf) / 2.0, c->df);
    c->ci_low = fmax(lo_bound, c->estimate - t * c->se);
    c->ci_high = fmin(1.0, c->estimate + t * c->se);
    if (c->se > 0.0)
        c->p_value = 2.0 * gsl_cdf_tdist_Q(fabs(c->estimate / c->se), c->df);
    else
        c->p_value = c->estimate != 0.0 ? 0.0 : NAN;
}

void icstat_agree_result_free(icstat_agree_result *res)
{
    if (!res)
        return;
    free(res->coef);
    free(res);
}

/* What the weights column says: the family or metric, the caller's own
 * matrix's label, and "rank-" before it when numeric categories given out of
 * increasing order made a family or metric that measures distances
 * between values use their ranks instead (--categories 8,4,2,1:
 * "rank-quadratic"), which
 * changes the coefficient and must not pass without a word. */
static const char *coef_weights_name(const agree_ctx *ctx, coef_id id)
{
    static const char *const ranked_w[ICSTAT_W_COUNT] = {
        [ICSTAT_W_LINEAR] = "rank-linear",     [ICSTAT_W_QUADRATIC] = "rank-quadratic",
        [ICSTAT_W_RADICAL] = "rank-radical",   [ICSTAT_W_RATIO] = "rank-ratio",
        [ICSTAT_W_CIRCULAR] = "rank-circular", [ICSTAT_W_BIPOLAR] = "rank-bipolar"};
    const icstat_agree_options *o = &ctx->opt;
    if (id == C_KRIPP_METRIC) {
        if (ctx->ranks_of_numbers && o->alpha_metric == ICSTAT_METRIC_INTERVAL)
            return "rank-interval";
        if (ctx->ranks_of_numbers && o->alpha_metric == ICSTAT_METRIC_RATIO)
            return "rank-ratio";
        return icstat_alpha_metric_name(o->alpha_metric);
    }
    if (o->weights_matrix)
        return o->weights_label ? o->weights_label : "custom";
    if (ctx->ranks_of_numbers && ranked_w[o->weights])
        return ranked_w[o->weights];
    return icstat_weights_name(o->weights);
}

/* Coefficient `id`'s row from the point estimates p and standard errors
 * se: an ICC form keeps its F interval; the others get a t interval on
 * n - 1 degrees of freedom and the reason when se is missing or 0, or,
 * given the raters' variances var_r (--se unconditional), an interval
 * from the unconditional se (agree_se_raters.c). */
static void coef_from_point(icstat_coef *c, coef_id id, const agree_ctx *ctx,
                            const agree_point *p, const double *se, const double *var_r)
{
    const size_t n = ctx->u.n, q = ctx->u.q;
    c->name = icstat_coef_name(id);
    c->id = id;
    c->estimate = p->est[id];
    c->pa = p->pa[id];
    c->pe = p->pe[id];
    c->units = p->units[id];
    c->raters = p->raters[id];
    c->alpha_min = c->p_below_min = NAN;
    snprintf(c->note, sizeof c->note, "%s", p->note[id]);
    if (id >= C_ICC) {
        const icstat_icc *ic = &p->icc[id - C_ICC];
        c->se = NAN;
        c->df = ic->df1;
        c->ci_low = ic->ci_low;
        c->ci_high = ic->ci_high;
        c->p_value = ic->p_value;
        c->ci_method = ic->estimator && strcmp(ic->estimator, "reml") == 0 ? "logit_wald" : "F";
        c->estimator = ic->estimator;
        return;
    }
    c->weights = coef_weights_name(ctx, id);
    /* A coefficient is agreement minus chance: zero but for rounding is 0
     * (zero.h), and so is such a standard error, so that every format
     * writes 0 and an estimate of 0 with se 0 has no test. */
    c->estimate = icstat_zero_snap(c->estimate, 1.0);
    c->se = icstat_zero_snap(se[id], 1.0);
    c->ci_method = "t";
    /* t on n - 1 degrees of freedom: n units rated at least once, or
     * the pairs both raters rated for the two-rater coefficients. */
    const size_t units_df = id >= C_COHEN && id <= C_PABAK ? p->units[id] : n;
    c->df = units_df >= 2 ? (double)(units_df - 1) : NAN;
    if (!isnan(c->estimate) && isnan(c->se) && !c->note[0])
        snprintf(c->note, sizeof c->note, "standard error needs at least two units");
    c->se_method = icstat_se_method_name(ICSTAT_SE_CONDITIONAL);
    if (var_r)
        agree_coef_unconditional(c, var_r[id], ctx->u.r);
    coef_interval(c, ctx->opt.conf, id == C_PERCENT ? 0.0 : -1.0);
    if (q < 2 && (id == C_PABAK || id == C_BP))
        c->pe = NAN; /* T_w / q^2 on a scale of which one category was seen */
    /* Gwet's linearised variance is 0 when every unit adds the same to
     * the coefficient (perfect agreement or disagreement): the interval
     * is then a point, and p is 0 unless the estimate is 0 as well. */
    if (c->se == 0.0 && !c->note[0])
        snprintf(c->note, sizeof c->note,
                 "standard error 0: every unit %sadds the same to the coefficient, so the "
                 "interval has no width (no variation among these units, not "
                 "certainty)%s",
                 var_r ? "(and, left out, every rater) " : "",
                 isnan(c->p_value) ? "; with an estimate of 0 too there is no test "
                                     "(p_value NA)"
                                   : "");
}

/* Unconditional standard errors: what they add, and how the intervals
 * use them. */
static void se_method_caveat(icstat_agree_result *res, const agree_ctx *ctx)
{
    if (ctx->opt.se_method != ICSTAT_SE_UNCONDITIONAL)
        return; /* the default: the caller says so where it shows notes to people */
    result_note(res, "se: unconditional (Gwet 2014, sec. 5.4; Stata's kappaetc "
                     "se(unconditional)): the variance over units plus the variance due to "
                     "sampling the raters from a large pool, a jackknife over the %zu raters; "
                     "t intervals and p-values on Satterthwaite's degrees of freedom (n - 1 "
                     "for the units' part, raters - 1 for the raters'), where kappaetc uses "
                     "the normal%s",
                ctx->u.r, ctx->opt.icc ? "; the ICC rows keep their F intervals (ICC(2,*) "
                                         "already treats the raters as sampled)" : "");
}

/* The caveats a reader should see beside the table: units rated once or
 * not at all, and what the ICC dropped and how it scored the categories. */
static void result_caveats(icstat_agree_result *res, const icstat_ratings *r,
                           const agree_ctx *ctx, double p_k)
{
    const size_t n = ctx->u.n;
    /* Units rated once: no pair to agree or disagree.  Gwet (2014) and
     * irrCAC keep them in the chance-agreement shares and in n; Krippendorff's
     * alpha has no place for a value that cannot be paired and leaves them
     * out of the coefficient and its variance.  The t degrees of freedom
     * count them for every coefficient, as irrCAC's do. */
    if (res->units_single)
        result_note(res, "%zu unit%s with a single rating: not in observed agreement (units "
                         "= %zu rated twice or more); Fleiss, Conger, Gwet and "
                         "Brennan-Prediger keep %s in chance agreement and in n; "
                         "Krippendorff's alpha leaves %s out of the coefficient and its "
                         "variance (a lone value cannot be paired); t intervals use all %zu "
                         "units, as irrCAC does",
                    res->units_single, res->units_single == 1 ? "" : "s",
                    n - res->units_single, res->units_single == 1 ? "it" : "them",
                    res->units_single == 1 ? "it" : "them", n);
    if (res->units_empty)
        result_note(res, "%zu unit%s with no rating at all dropped", res->units_empty,
                    res->units_empty == 1 ? "" : "s");
    const icstat_agree_options *o = &ctx->opt;
    const int by_value = (!o->weights_matrix && o->weights != ICSTAT_W_IDENTITY &&
                          o->weights != ICSTAT_W_ORDINAL) ||
                         o->alpha_metric == ICSTAT_METRIC_INTERVAL ||
                         o->alpha_metric == ICSTAT_METRIC_RATIO;
    if (ctx->ranks_of_numbers && by_value)
        result_note(res, "distances: the categories are numbers but %s gives them out of "
                         "increasing order, so distances between categories are their ranks "
                         "1 to %zu in that order, not their values (weights column: \"rank-\" "
                         "before the name); list them in increasing order to weigh by value",
                    ctx->names.categories, r->n_cat);
    se_method_caveat(res, ctx);
    if (!ctx->opt.icc)
        return;
    res->icc_dropped = 0; /* every unit with a rating takes part */
    if (ctx->icc_gaps) {
        size_t gaps = 0;
        for (size_t i = 0; i < n; i++)
            gaps += (size_t)ctx->u.ri[i] != r->n_raters;
        char k0[32] = "NA (one unit)";
        if (!isnan(p_k))
            snprintf(k0, sizeof k0, "%.4g", p_k);
        result_note(res, "ICC: %zu of %zu units miss a rating, so every rating is used: "
                         "icc_1_1 and icc_1_k by the unbalanced one-way ANOVA (F intervals "
                         "with n0 for k), the two-way forms by REML on the crossed model "
                         "unit + rater + residual as psych::ICC(lmer = TRUE) (logit Wald "
                         "intervals, no p-value); the average forms are for k = n0 = %s "
                         "ratings per unit (Searle 1971), not the %zu raters",
                    gaps, n, k0, r->n_raters);
    }
    if (r->cat_scale)
        result_note(res, "ICC: categories scored by their %s codes (%s = 1)",
                    r->cat_scale->name, r->cat_scale->words[0]);
    else if (!r->cat_numeric)
        result_note(res, "ICC: categories scored 1 to %zu in %s order", r->n_cat,
                    ctx->names.categories);
    result_note(res, "ICC: se, pa and pe do not apply (intervals and p-values from the F "
                     "distribution%s)", ctx->icc_gaps ? " but for REML's logit intervals" : "");
}

int icstat_agree_estimate(const icstat_ratings *r, const icstat_agree_options *opt,
                          icstat_agree_result **out, icstat_error *err)
{
    *out = NULL;
    agree_ctx ctx;
    agree_sums s = {0};
    agree_point p = {0};
    icstat_agree_result *res = NULL;
    int st = agree_ctx_init(&ctx, r, opt, err);
    if (st != ICSTAT_OK)
        return st;
    const size_t q = r->n_cat, nr = r->n_raters, n = ctx.u.n;
    if (agree_sums_init(&s, nr, q) != 0 || agree_point_init(&p, nr, q) != 0 ||
        !(res = calloc(1, sizeof *res)) || !(res->coef = calloc(C_COUNT, sizeof *res->coef)))
        goto nomem;
    if (agree_sums_accumulate(&s, &ctx.u, NULL) != 0)
        goto nomem;
    if ((st = agree_point_compute(&ctx, &s, NULL, &p, err)) != ICSTAT_OK)
        goto done;
    double se[C_COUNT], var_r[C_COUNT];
    const int uncond = opt->se_method == ICSTAT_SE_UNCONDITIONAL;
    if (agree_standard_errors(&ctx, &p, &s, se) != 0 ||
        (uncond && agree_rater_variance(&ctx, var_r) != 0))
        goto nomem;

    res->units = n;
    res->units_empty = r->units_empty;
    res->raters = nr;
    res->categories = q;
    for (size_t i = 0; i < n; i++)
        res->units_single += ctx.u.ri[i] == 1;
    res->pairs = nr == 2 ? p.units[C_COHEN] : 0;
    for (int id = 0; id < C_COUNT; id++)
        if (ctx.active[id])
            coef_from_point(&res->coef[res->n_coef++], (coef_id)id, &ctx, &p, se,
                            uncond ? var_r : NULL);
    result_caveats(res, r, &ctx, p.icc_k);
    *out = res;
    res = NULL;
    goto done;
nomem:
    st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
done:
    icstat_agree_result_free(res);
    agree_point_free(&p);
    agree_sums_free(&s);
    agree_ctx_free(&ctx);
    return st;
}
