/* cmd_agree_run.c — `icstat agree` once its options are checked
 * (cmd_agree.c): read the file, call the engines, lay out the tables
 * (which columns, titles, notes) and write them. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "cmd_agree_internal.h"
#include "icstat/agree_coef.h"
#include "icstat/label_matrix.h"
#include "icstat/ratings.h"
#include "icstat/weights_matrix.h"
#include "icstat/table.h"

/* Bootstrap progress on a terminal only, so logs and pipes stay clean. */
static void agree_progress(size_t done, size_t total, void *ctx)
{
    (void)ctx;
    if (done == total || done % (total / 100 ? total / 100 : 1) == 0)
        fprintf(stderr, "\rbootstrap: %zu/%zu replicates", done, total);
    if (done == total)
        fputc('\n', stderr);
}

static const icstat_col_spec coef_cols[] = {
    ICSTAT_CMD_AGREE_LEAD_COLS,
    {"se_method", ICSTAT_COL_TEXT, 0},
    /* csv, tsv and json only: the level of the row's interval, as fit's
     * csv has it, so that a chart reads it rather than working it back
     * from the intervals (issue 17); text and md say it in the title. */
    {"conf", ICSTAT_COL_NUM, 3},
};
#define COEF_NCOL (sizeof coef_cols / sizeof *coef_cols)
#define COEF_CONF (COEF_NCOL - 1) /* the index of conf */

/* Whether the coefficient table has column conf: the machine formats. */
static int has_conf(const icstat_cmd_agree_args *args)
{
    return args->common.fmt != ICSTAT_FMT_TEXT && args->common.fmt != ICSTAT_FMT_MD;
}

/* A wide file whose rater columns are named like categories (a known
 * scale's words, or --categories' labels) and hold small whole numbers is
 * most likely counts per category, which read as ratings gives numbers
 * with no meaning: point to --counts.  0, or -1 when out of memory. */
static int counts_hint(icstat_result *res, const icstat_cmd_agree_args *args,
                       const icstat_ratings *r)
{
    if (args->crosstab || args->counts || args->longcols || !r->cat_numeric)
        return 0;
    for (size_t k = 0; k < r->n_cat; k++)
        if (r->cat_values[k] < 0.0 || r->cat_values[k] != floor(r->cat_values[k]) ||
            r->cat_values[k] > 1000.0)
            return 0;
    const char **names = malloc(r->n_raters * sizeof *names);
    if (!names)
        return -1;
    size_t named = 0;
    for (size_t j = 0; j < r->n_raters; j++) {
        names[j] = r->rater_names[j];
        for (size_t k = 0; k < args->n_categories; k++)
            named += strcmp(args->categories[k], names[j]) == 0;
    }
    const int like = (args->categories && named == r->n_raters) ||
                     (!args->categories && icstat_scale_detect(names, r->n_raters) != NULL);
    free(names);
    if (!like)
        return 0;
    return icstat_result_add_note(res, "the rater columns are named like categories and hold "
                                       "whole numbers: if they count how many raters chose "
                                       "each category, read the file with --counts");
}

/* --counts: the coefficients that need to know who rated what (Cohen's
 * and Conger's kappa, the two-way ICC forms) are taken out of res; their
 * names, comma separated, in omitted. */
static void counts_omit(icstat_agree_result *res, char *omitted, size_t size)
{
    static const icstat_coef_id need[] = {ICSTAT_COEF_COHEN, ICSTAT_COEF_CONGER,
                                          ICSTAT_COEF_ICC_2_1, ICSTAT_COEF_ICC_3_1,
                                          ICSTAT_COEF_ICC_2_K, ICSTAT_COEF_ICC_3_K};
    size_t kept = 0;
    omitted[0] = '\0';
    for (size_t i = 0; i < res->n_coef; i++) {
        int drop = 0;
        for (size_t j = 0; j < sizeof need / sizeof *need; j++)
            drop |= res->coef[i].id == need[j];
        if (drop)
            snprintf(omitted + strlen(omitted), size - strlen(omitted), "%s%s",
                     omitted[0] ? ", " : "", res->coef[i].name);
        else
            res->coef[kept++] = res->coef[i];
    }
    res->n_coef = kept;
}

/* --weights FILE: the user's matrix in the ratings' category order, put
 * in a->opt (*w owns it). */
int icstat_cmd_agree_weights_file(icstat_cmd_agree_args *a, const icstat_ratings *r, double **w,
                                  icstat_error *err)
{
    icstat_label_matrix *m = NULL;
    int st = icstat_label_matrix_read(a->weights_path, &m, err);
    if (st == ICSTAT_OK)
        st = icstat_weights_from_matrix(m, r, a->opt.names ? a->opt.names->categories : NULL,
                                        w, err);
    icstat_label_matrix_free(m);
    if (st == ICSTAT_OK) {
        a->opt.weights_matrix = *w;
        a->opt.weights_label = "custom";
    }
    return st;
}

/* Notes on how FILE was read: --crosstab and --counts, what --counts
 * leaves out (`omitted`), ratings trimmed, categories differing in case,
 * and a wide file that looks like counts.  0, or -1 when out of memory. */
static int input_notes(icstat_result *res, const icstat_cmd_agree_args *args,
                       const icstat_ratings *r, const char *omitted)
{
    if (args->crosstab &&
        icstat_result_add_note(res, "input: a cross-table, read as one row per unit (rater "
                                    "'%s' its rows, '%s' its columns)", r->rater_names[0],
                               r->rater_names[1]))
        return -1;
    if (args->counts &&
        icstat_result_add_note(res, "input: counts per unit and category, read as ratings "
                                    "by anonymous raters%s%s%s", omitted[0] ? "; " : "",
                               omitted, omitted[0] ? " left out: they need to know which "
                               "rater gave which rating, which counts do not tell" : ""))
        return -1;
    if (r->n_trimmed &&
        icstat_result_add_note(res, "ratings: surrounding spaces removed from %zu rating%s, "
                                    "so that a stray space does not make a category of its "
                                    "own", r->n_trimmed, r->n_trimmed == 1 ? "" : "s"))
        return -1;
    if (r->case_twin[0] >= 0 &&
        icstat_result_add_note(res, "categories '%s' and '%s' differ only in case and are "
                                    "counted apart; if they are one category, write them "
                                    "alike", r->cat_labels[r->case_twin[0]],
                               r->cat_labels[r->case_twin[1]]))
        return -1;
    return counts_hint(res, args, r);
}

/* The number of columns bench_cols lays out. */
static size_t bench_ncols(const icstat_benchmark_scale *s, int conf, int icc)
{
    return (conf ? COEF_NCOL : COEF_NCOL - 1) + (icc ? 1 : 0) + (s ? 2 + s->n_bands : 0);
}

/* The coefficient columns (conf in the machine formats only), then with
 * --icc `estimator` (which fit gave each ICC row), then with --benchmark
 * benchmark, benchmark_probability and one p_BAND per band of the scale,
 * into cols (room for all); their number. */
static size_t bench_cols(const icstat_benchmark_scale *s, int conf, int icc,
                         icstat_col_spec *cols)
{
    size_t n = conf ? COEF_NCOL : COEF_NCOL - 1;
    memcpy(cols, coef_cols, n * sizeof *cols);
    if (icc)
        cols[n++] = (icstat_col_spec){"estimator", ICSTAT_COL_TEXT, 0};
    if (!s)
        return n;
    cols[n++] = (icstat_col_spec){"benchmark", ICSTAT_COL_TEXT, 0};
    cols[n++] = (icstat_col_spec){"benchmark_probability", ICSTAT_COL_NUM, 4};
    for (size_t i = 0; i < s->n_bands; i++)
        cols[n++] = (icstat_col_spec){s->bands[i].column, ICSTAT_COL_NUM, 4};
    return n;
}

/* --alpha-min: alpha_min and p_below_min after every other column
 * (cols has room); the number of columns now. */
static size_t alpha_min_cols(const icstat_cmd_agree_args *args, icstat_col_spec *cols,
                             size_t n)
{
    if (isnan(args->alpha_min))
        return n;
    cols[n++] = (icstat_col_spec){"alpha_min", ICSTAT_COL_NUM, 4};
    cols[n++] = (icstat_col_spec){"p_below_min", ICSTAT_COL_NUM, 4};
    return n;
}

/* --alpha-bootstrap: what the Krippendorff rows' intervals are, and with
 * --alpha-min what q means.  0, or -1 when out of memory. */
static int kalpha_note(icstat_result *res, const icstat_agree_result *a,
                       const icstat_cmd_agree_args *args, const char *pre)
{
    if (!a->kalpha_reps)
        return 0;
    if (icstat_result_add_note(res, "%skrippendorff_alpha intervals (ci_method bootstrap_kalpha): "
                                    "Krippendorff's bootstrap as in the KALPHA macro (Hayes & "
                                    "Krippendorff 2007), %zu replicates of %zu pairs drawn "
                                    "from the coincidences of %.0f pairable values, expected "
                                    "disagreement held fixed; se and p_value are the analytic "
                                    "ones", pre, a->kalpha_reps, a->kalpha_draws,
                               a->kalpha_pairable) != 0)
        return -1;
    if (!isnan(args->alpha_min) &&
        icstat_result_add_note(res, "%sp_below_min: q, the share of those replicates below "
                                    "alpha_min %g, the probability that alpha fails to reach "
                                    "it", pre, args->alpha_min) != 0)
        return -1;
    return 0;
}

/* --benchmark, row `row` of res from column col on: the band coefficient
 * c reached and its membership probabilities; left NA for a coefficient
 * that is not chance-corrected (the bands were made for kappa-like
 * coefficients).  0, or -1 when out of memory. */
static int bench_row(icstat_result *res, size_t row, size_t col, const icstat_coef *c,
                     const icstat_benchmark_scale *s)
{
    const icstat_coef_def *def = icstat_coef_def_get(c->id);
    if (!s || !def || !def->chance_corrected)
        return 0;
    double prob[16], cum[16];
    size_t reached;
    icstat_benchmark_compute(s, c->estimate, c->se, prob, cum, &reached);
    if (reached < s->n_bands) {
        if (icstat_result_set_text(res, row, col, s->bands[reached].label) != 0)
            return -1;
        icstat_result_set_num(res, row, col + 1, cum[reached]);
    }
    for (size_t i = 0; i < s->n_bands; i++)
        icstat_result_set_num(res, row, col + 2 + i, prob[i]);
    return 0;
}

/* The coefficients' rows into res, after a first column `group` when
 * group is not NULL (--by, --paired).  0, or -1 when out of memory. */
int icstat_cmd_agree_coef_rows(icstat_result *res, const icstat_agree_result *a,
                               const icstat_cmd_agree_args *args, const char *group)
{
    const size_t g0 = group ? 1 : 0;
    const icstat_agree_options *opt = &args->opt;
    const int conf = has_conf(args);
    const size_t est_at = g0 + (conf ? COEF_NCOL : COEF_NCOL - 1), bench_at = est_at + !!opt->icc;
    const size_t n_bench = g0 + bench_ncols(args->benchmark, conf, opt->icc);
    for (size_t i = 0; i < a->n_coef; i++) {
        const icstat_coef *c = &a->coef[i];
        long row = icstat_result_add_row(res);
        if (row < 0)
            return -1;
        const double nums[] = {c->estimate, c->se, c->ci_low, c->ci_high, c->p_value,
                               c->pa, c->pe, (double)c->units, (double)c->raters};
        for (size_t j = 0; j < sizeof nums / sizeof *nums; j++)
            icstat_result_set_num(res, (size_t)row, g0 + j + 1, nums[j]);
        /* As fit's: the level on every row with an interval, NA elsewhere. */
        if (conf)
            icstat_result_set_num(res, (size_t)row, g0 + COEF_CONF,
                                  isfinite(c->ci_low) || isfinite(c->ci_high) ? opt->conf : NAN);
        if ((group && icstat_result_set_text(res, (size_t)row, 0, group) != 0) ||
            icstat_result_set_text(res, (size_t)row, g0, c->name) != 0 ||
            icstat_result_set_text(res, (size_t)row, g0 + 10, c->weights) != 0 ||
            icstat_result_set_text(res, (size_t)row, g0 + 11, c->ci_method) != 0 ||
            icstat_result_set_text(res, (size_t)row, g0 + 12, c->se_method) != 0 ||
            (opt->icc && icstat_result_set_text(res, (size_t)row, est_at, c->estimator) != 0) ||
            bench_row(res, (size_t)row, bench_at, c, args->benchmark) != 0)
            return -1;
        if (!isnan(args->alpha_min)) {
            icstat_result_set_num(res, (size_t)row, n_bench, c->alpha_min);
            icstat_result_set_num(res, (size_t)row, n_bench + 1, c->p_below_min);
        }
    }
    return 0;
}

/* The notes of one set of coefficients' rows: one line per distinct
 * reason, naming every coefficient it applies to; each after `prefix`
 * ("phase=Primary: ") when not NULL.  0, or -1 when out of memory. */
int icstat_cmd_agree_coef_notes(icstat_result *res, const icstat_agree_result *a,
                                const char *prefix)
{
    const char *pre = prefix ? prefix : "";
    for (size_t i = 0; i < a->n_coef; i++) {
        const char *note = a->coef[i].note;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(a->coef[j].note, note) == 0;
        if (!note[0] || seen)
            continue;
        char names[512] = "";
        for (size_t j = i; j < a->n_coef; j++)
            if (strcmp(a->coef[j].note, note) == 0)
                snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                         names[0] ? ", " : "", a->coef[j].name);
        if (icstat_result_add_note(res, "%s%s: %s", pre, names, note) != 0)
            return -1;
    }
    return 0;
}

/* The bootstrap's and the engine's caveats of one set of coefficients,
 * after `prefix` as above.  0, or -1 when out of memory. */
int icstat_cmd_agree_caveats(icstat_result *res, const icstat_agree_result *a,
                             const icstat_cmd_agree_args *args, const char *prefix)
{
    const char *pre = prefix ? prefix : "";
    /* Conditional standard errors are the default: said to people (text,
     * md), while csv, tsv and json have the se_method column and keep
     * stderr as it was. */
    const icstat_format fmt = args->common.fmt;
    if (args->opt.se_method == ICSTAT_SE_CONDITIONAL &&
        (fmt == ICSTAT_FMT_TEXT || fmt == ICSTAT_FMT_MD) &&
        icstat_result_add_note(res, "%sse: conditional on these %zu raters (Gwet 2014, ch. 5, as "
                                    "irrCAC): the intervals speak for other units rated by "
                                    "the same raters (--se unconditional: also for other "
                                    "raters from their pool)", pre, a->raters) != 0)
        return -1;
    if (a->boot_reps &&
        icstat_result_add_note(res, "%sintervals: %zu bootstrap resamples of the units; "
                                    "se and p_value are the analytic ones", pre,
                               a->boot_reps) != 0)
        return -1;
    if (kalpha_note(res, a, args, pre) != 0)
        return -1;
    for (size_t i = 0; i < a->n_notes; i++)
        if (icstat_result_add_note(res, "%s%s", pre, a->notes[i]) != 0)
            return -1;
    return 0;
}

/* --benchmark's note: the bands and the rule.  0, or -1. */
int icstat_cmd_agree_bench_note(icstat_result *res, const icstat_cmd_agree_args *args)
{
    if (args->benchmark &&
        icstat_result_add_note(res, "benchmark: the bands of %s; the band reached is the highest "
                                    "whose probability, summed from the top band down, is at "
                                    "least %g (Gwet 2014, ch. 6: normal(estimate, se) truncated "
                                    "to [-1, 1]); not for percent agreement or ICC",
                               args->benchmark->title, ICSTAT_BENCHMARK_LEVEL) != 0)
        return -1;
    return 0;
}

/* The notes that concern the whole run, not one group: what --where
 * kept, how FILE was read.  0, or -1. */
int icstat_cmd_agree_run_notes(icstat_result *res, const icstat_cmd_agree_args *args,
                               const icstat_ratings *r, const char *omitted)
{
    if (icstat_cli_where_note(res, &args->derive) != 0 || input_notes(res, args, r, omitted) != 0)
        return -1;
    return 0;
}

/* An empty coefficient table titled for FILE (`path`), with a first
 * column `group` when `group` is given: "COL = LEVEL" names the group
 * in the title, "" only adds the column. */
icstat_result *icstat_cmd_agree_coef_table(const icstat_agree_result *a,
                                           const icstat_cmd_agree_args *args, const char *path,
                                           const char *group)
{
    const icstat_agree_options *opt = &args->opt;
    char title[768], counts[96];
    /* The machine formats' one table of every group: each row's units and
     * raters are in its columns, not in the title. */
    if (group && !group[0])
        snprintf(counts, sizeof counts, "per %s (column group)",
                 args->by ? "level" : "set of raters");
    else
        snprintf(counts, sizeof counts, "%zu units, %zu raters, %zu categories", a->units,
                 a->raters, a->categories);
    snprintf(title, sizeof title, "Agreement in %s%s%s: %s; weights %s%s; %g%% %s intervals%s",
             path, group && group[0] ? ", " : "", group ? group : "", counts,
             args->weights_path ? "from " : icstat_weights_name(opt->weights),
             args->weights_path ? args->weights_path : "", 100.0 * opt->conf,
             a->boot_reps ? "bootstrap percentile" : opt->icc ? "t (F for ICC)" : "t",
             a->kalpha_reps ? " (Krippendorff's bootstrap for alpha)" : "");
    icstat_col_spec cols[COEF_NCOL + 1 + 3 + 16 + 2];
    size_t g0 = 0;
    if (group && !group[0])
        cols[g0++] = (icstat_col_spec){"group", ICSTAT_COL_TEXT, 0};
    const size_t n_bench = bench_cols(args->benchmark, has_conf(args), opt->icc, cols + g0);
    return icstat_result_alloc(title, cols, g0 + alpha_min_cols(args, cols + g0, n_bench));
}

static icstat_result *coef_result(const icstat_agree_result *a,
                                  const icstat_cmd_agree_args *args, const icstat_ratings *r,
                                  const icstat_table *t, const char *omitted)
{
    icstat_result *res = icstat_cmd_agree_coef_table(a, args, t->path, NULL);
    if (!res || icstat_cmd_agree_coef_rows(res, a, args, NULL) != 0 ||
        icstat_cmd_agree_coef_notes(res, a, NULL) != 0 ||
        icstat_cmd_agree_bench_note(res, args) != 0 ||
        icstat_cmd_agree_caveats(res, a, args, NULL) != 0 ||
        icstat_cmd_agree_run_notes(res, args, r, omitted) != 0) {
        icstat_result_free(res);
        return NULL;
    }
    return res;
}

/* The confusion table for machine formats: one row per cell. */
static icstat_result *table_long(const icstat_agree_table *t, const icstat_ratings *r,
                                 const char *title)
{
    static const icstat_col_spec cols[] = {
        {"row_category", ICSTAT_COL_TEXT, 0}, {"column_category", ICSTAT_COL_TEXT, 0},
        {"count", ICSTAT_COL_INT, 0},          {"proportion", ICSTAT_COL_NUM, 4},
        {"specific_agreement", ICSTAT_COL_NUM, 4}};
    const size_t q = t->q;
    icstat_result *res = icstat_result_alloc(title, cols, 5);
    if (!res)
        return NULL;
    for (size_t k = 0; k < q; k++)
        for (size_t l = 0; l < q; l++) {
            long row = icstat_result_add_row(res);
            if (row < 0 || icstat_result_set_text(res, (size_t)row, 0, r->cat_labels[k]) ||
                icstat_result_set_text(res, (size_t)row, 1, r->cat_labels[l])) {
                icstat_result_free(res);
                return NULL;
            }
            icstat_result_set_num(res, (size_t)row, 2, t->count[k * q + l]);
            icstat_result_set_num(res, (size_t)row, 3, t->share[k * q + l]);
            if (k == l)
                icstat_result_set_num(res, (size_t)row, 4, t->specific[k]);
        }
    return res;
}

/* The confusion table for people (text, md): a matrix, the first rater's
 * categories down and the second's across, with margins and specific
 * agreement. */
static icstat_result *table_matrix(const icstat_agree_table *t, const icstat_ratings *r,
                                   const char *title)
{
    const size_t q = t->q;
    icstat_col_spec *cols = calloc(q + 3, sizeof *cols);
    if (!cols)
        return NULL;
    cols[0] = (icstat_col_spec){r->rater_names[0], ICSTAT_COL_TEXT, 0};
    for (size_t l = 0; l < q; l++)
        cols[l + 1] = (icstat_col_spec){r->cat_labels[l], ICSTAT_COL_INT, 0};
    cols[q + 1] = (icstat_col_spec){"total", ICSTAT_COL_INT, 0};
    cols[q + 2] = (icstat_col_spec){"specific_agreement", ICSTAT_COL_NUM, 3};
    icstat_result *res = icstat_result_alloc(title, cols, q + 3);
    free(cols);
    if (!res)
        return NULL;
    for (size_t k = 0; k <= q; k++) {
        long row = icstat_result_add_row(res);
        if (row < 0 ||
            icstat_result_set_text(res, (size_t)row, 0, k < q ? r->cat_labels[k] : "total"))
            goto nomem;
        for (size_t l = 0; l < q; l++)
            icstat_result_set_num(res, (size_t)row, l + 1,
                                  k < q ? t->count[k * q + l] : t->col_total[l]);
        icstat_result_set_num(res, (size_t)row, q + 1, k < q ? t->row_total[k] : (double)t->n);
        if (k < q)
            icstat_result_set_num(res, (size_t)row, q + 2, t->specific[k]);
    }
    if (icstat_result_add_note(res, "specific agreement for category k: 2 n_kk / (row total "
                                    "+ column total), the share of uses of k the raters agreed on"))
        goto nomem;
    return res;
nomem:
    icstat_result_free(res);
    return NULL;
}

/* The confusion table, as a matrix for people or long for machines. */
static icstat_result *table_result(const icstat_agree_table *t, const icstat_ratings *r,
                                   int matrix)
{
    char title[512];
    snprintf(title, sizeof title,
             "Confusion table: rows '%s', columns '%s'; %zu units rated by both",
             r->rater_names[0], r->rater_names[1], t->n);
    return matrix ? table_matrix(t, r, title) : table_long(t, r, title);
}

#define ICSTAT_CORNER_NAME 128

/* s[0..n) with surrounding white space removed, into dst (cut to size). */
static void trimmed_into(char *dst, size_t size, const char *s, size_t n)
{
    while (n && isspace((unsigned char)s[0]))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    snprintf(dst, size, "%.*s", (int)(n < size ? n : size - 1), s);
}

/* The two raters' names: a corner cell "lead \ second" (the way tables
 * label their rows and columns) names them; otherwise, or when a name
 * would be empty, missing, "unit" or both the same, "rows" and
 * "columns". */
static void crosstab_raters(const char *corner, char names[2][ICSTAT_CORNER_NAME])
{
    const char *bs = strchr(corner, '\\');
    if (bs && !strchr(bs + 1, '\\')) {
        trimmed_into(names[0], ICSTAT_CORNER_NAME, corner, (size_t)(bs - corner));
        trimmed_into(names[1], ICSTAT_CORNER_NAME, bs + 1, strlen(bs + 1));
        const int usable = !icstat_is_missing_token(names[0]) &&
                           !icstat_is_missing_token(names[1]) &&
                           strcmp(names[0], names[1]) != 0 && strcmp(names[0], "unit") != 0 &&
                           strcmp(names[1], "unit") != 0;
        if (usable)
            return;
    }
    snprintf(names[0], ICSTAT_CORNER_NAME, "rows");
    snprintf(names[1], ICSTAT_CORNER_NAME, "columns");
}

/* FILE as --crosstab or --counts says: the wide table of ratings it
 * summarises (label_matrix.h), its rows' lines those of FILE. */
static int agree_read_summary(const icstat_cmd_agree_args *a, icstat_table **t,
                              icstat_error *err)
{
    if (a->crosstab) {
        icstat_label_matrix *m = NULL;
        int st = icstat_label_matrix_read(a->path, &m, err);
        if (st == ICSTAT_OK) {
            char names[2][ICSTAT_CORNER_NAME];
            crosstab_raters(m->corner, names);
            st = icstat_crosstab_expand(m, names[0], names[1], t, err);
        }
        icstat_label_matrix_free(m);
        return st;
    }
    icstat_table *counts = NULL;
    int st = icstat_table_read(a->path, &counts, err);
    if (st == ICSTAT_OK)
        st = icstat_counts_expand(counts, a->unit, t, err);
    icstat_table_free(counts);
    return st;
}

int icstat_cmd_agree_read(icstat_cmd_agree_args *a, icstat_table **t, icstat_error *err)
{
    int st = a->crosstab || a->counts ? agree_read_summary(a, t, err)
                                      : icstat_table_read(a->path, t, err);
    if (st == ICSTAT_OK && a->derive.n && (st = icstat_table_need_rows(*t, err)) == ICSTAT_OK)
        st = icstat_derive_apply(&a->derive, *t, err);
    return st;
}

int icstat_cmd_agree_ratings_of(const icstat_cmd_agree_args *a, const icstat_table *t,
                                const char *const *raters, size_t n_raters, icstat_ratings **r,
                                icstat_error *err)
{
    const icstat_ratings_spec spec = {
        .unit = a->unit,
        .raters = raters,
        .n_raters = n_raters,
        .long_unit = a->longcols ? a->longcols[0] : NULL,
        .long_rater = a->longcols ? a->longcols[1] : NULL,
        .long_rating = a->longcols ? a->longcols[2] : NULL,
        .categories = (const char *const *)a->categories,
        .n_categories = a->n_categories,
        .scale = a->scale,
        .names = a->opt.names,
    };
    return icstat_ratings_from_table(t, &spec, r, err);
}

/* Read the file, derive and filter its rows (--years-between, --band,
 * --where), and read the ratings from it as the options say. */
static int agree_ratings(icstat_cmd_agree_args *a, icstat_table **t, icstat_ratings **r,
                         icstat_error *err)
{
    int st = icstat_cmd_agree_read(a, t, err);
    if (st != ICSTAT_OK)
        return st;
    return icstat_cmd_agree_ratings_of(a, *t, (const char *const *)a->raters, a->n_raters, r,
                                       err);
}

/* --bootstrap's intervals into res, from a generator seeded with --seed
 * afresh for each call (so a --by level's intervals are those of the
 * level alone). */
static int agree_bootstrap(const icstat_cmd_agree_args *a, const icstat_ratings *r,
                           icstat_agree_result *res, icstat_error *err)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    gsl_rng_set(rng, a->seed);
    int st = icstat_agree_bootstrap(r, &a->opt, res, a->boot, rng,
                                    isatty(STDERR_FILENO) ? agree_progress : NULL, NULL, err);
    gsl_rng_free(rng);
    return st;
}

/* --alpha-bootstrap: Krippendorff's bootstrap for the alpha rows, from a
 * generator of its own seeded with --seed, so that its draws are the same
 * with or without --bootstrap. */
static int agree_kalpha(const icstat_cmd_agree_args *a, const icstat_ratings *r,
                        icstat_agree_result *res, icstat_error *err)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    gsl_rng_set(rng, a->seed);
    const int st = icstat_agree_kalpha(r, &a->opt, res, a->alpha_boot, a->alpha_min, rng, err);
    gsl_rng_free(rng);
    return st;
}

int icstat_cmd_agree_estimate(const icstat_cmd_agree_args *a, const icstat_ratings *r,
                              icstat_agree_result **out, icstat_error *err)
{
    int st = icstat_agree_estimate(r, &a->opt, out, err);
    if (st == ICSTAT_OK && a->boot)
        st = agree_bootstrap(a, r, *out, err);
    if (st == ICSTAT_OK && a->alpha_boot)
        st = agree_kalpha(a, r, *out, err);
    return st;
}


/* The coefficients, then bootstrap intervals and the confusion table as
 * asked.  --table on other than two raters is a usage error that only the
 * ratings can tell, so it is checked here, before the bootstrap's work. */
static int agree_compute(const icstat_cmd_agree_args *a, const icstat_ratings *r,
                         icstat_agree_result **out, icstat_agree_table **ct, icstat_error *err)
{
    int st = icstat_agree_estimate(r, &a->opt, out, err);
    if (st == ICSTAT_OK && a->table && r->n_raters != 2)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "--table needs exactly two raters (have %zu); pick two "
                                "with --raters A,B", r->n_raters);
    if (st == ICSTAT_OK && a->boot)
        st = agree_bootstrap(a, r, *out, err);
    if (st == ICSTAT_OK && a->alpha_boot)
        st = agree_kalpha(a, r, *out, err);
    if (st == ICSTAT_OK && a->table)
        st = icstat_agree_table_compute(r, ct, err);
    return st;
}

/* The ratings, the user's weights, the coefficients; --counts' omissions. */
static int agree_all(icstat_cmd_agree_args *a, icstat_table **t, icstat_ratings **r,
                     double **w, icstat_agree_result **ag, icstat_agree_table **ct,
                     char *omitted, size_t size, icstat_error *err)
{
    int st = agree_ratings(a, t, r, err);
    if (st == ICSTAT_OK && a->weights_path)
        st = icstat_cmd_agree_weights_file(a, *r, w, err);
    if (st == ICSTAT_OK)
        st = agree_compute(a, *r, ag, ct, err);
    omitted[0] = '\0';
    if (st == ICSTAT_OK && a->counts)
        counts_omit(*ag, omitted, size);
    return st;
}

int icstat_cmd_agree_run(icstat_cmd_agree_args *a)
{
    if (a->by || a->paired[0])
        return icstat_cmd_agree_groups_run(a);
    icstat_table *t = NULL;
    icstat_ratings *r = NULL;
    icstat_agree_result *ag = NULL;
    icstat_agree_table *ct = NULL;
    icstat_result *res = NULL, *res2 = NULL;
    double *w = NULL;
    char omitted[192];
    icstat_error err;
    icstat_error_clear(&err);
    int rc = 0;
    int st = agree_all(a, &t, &r, &w, &ag, &ct, omitted, sizeof omitted, &err);
    if (st != ICSTAT_OK) {
        if (!err.file[0] && st != ICSTAT_EUSAGE)
            snprintf(err.file, sizeof err.file, "%s", t ? t->path : a->path);
        rc = icstat_cli_report(&err);
        goto done;
    }

    /* Text and md with --table: the matrix, then the coefficients, in one
     * file; the machine formats carry the table alone. */
    const icstat_format fmt = a->common.fmt;
    const int human = fmt == ICSTAT_FMT_TEXT || fmt == ICSTAT_FMT_MD;
    res = a->table ? table_result(ct, r, human) : coef_result(ag, a, r, t, omitted);
    res2 = a->table && human ? coef_result(ag, a, r, t, omitted) : NULL;
    if (!res || (a->table && human && !res2)) {
        icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        rc = icstat_cli_report(&err);
        goto done;
    }
    const icstat_result *parts[2] = {res, res2};
    if (icstat_cli_write_results(parts, res2 ? 2 : 1, a->common.out_path, fmt, &err) !=
        ICSTAT_OK)
        rc = icstat_cli_report(&err);
done:
    icstat_result_free(res);
    icstat_result_free(res2);
    icstat_agree_table_free(ct);
    icstat_agree_result_free(ag);
    free(w);
    icstat_ratings_free(r);
    icstat_table_free(t);
    return rc;
}
