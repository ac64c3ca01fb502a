/* cmd_agree.c — `icstat agree`: agreement among raters. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "icstat/agree.h"
#include "icstat/cli.h"
#include "icstat/ratings.h"
#include "icstat/table.h"

static void agree_usage(FILE *f)
{
    fputs(
        "Usage: icstat agree [options] FILE\n"
        "\n"
        "Agreement among raters who judged the same units (inspectors and schools).\n"
        "FILE has one row per unit and one column per rater (wide), or one row per\n"
        "rating with --long.  An empty cell, NA, N/A or . is a missing rating.\n"
        "\n"
        "Input:\n"
        "  --unit COL            unit column (default: the first column)\n"
        "  --raters A,B,...      rater columns (default: every other column)\n"
        "  --long UNIT,RATER,RATING\n"
        "                        read long format: one row per rating\n"
        "  --categories LIST     the categories in order, e.g.\n"
        "                        \"Outstanding,Good,Requires improvement,Inadequate\";\n"
        "                        a rating not in LIST is an error.  Or a scale's name:\n"
        "                        ofsted (1 Outstanding .. 4 Inadequate; Satisfactory is\n"
        "                        3), report-card (1 Exceptional .. 5 Urgent improvement)\n"
        "                        or met (Met, Not met): ratings are its words in any case\n"
        "                        or its codes 1..k, shown as its words.  Default: the\n"
        "                        distinct ratings, in a known scale's order when all are\n"
        "                        its words, numeric order when all are numbers, else\n"
        "                        sorted, but then unordered: --weights other than\n"
        "                        identity need an order\n"
        ICSTAT_CLI_DERIVE_HELP
        ICSTAT_CLI_WHERE_HELP
        "\n"
        "Coefficients:\n"
        "  --weights W           identity|linear|quadratic|ordinal|radical|ratio|\n"
        "                        circular|bipolar (Gwet's families; default identity)\n"
        "  --alpha-metric M      also Krippendorff's alpha under his own metric:\n"
        "                        nominal|ordinal|interval|ratio (default: not shown)\n"
        "  --icc                 also the six intraclass correlations (numeric ratings;\n"
        "                        units with a missing rating are dropped)\n"
        "  --conf X              interval level (default 0.95)\n"
        "  --bootstrap N         percentile intervals from N resamples of the units\n"
        "                        (default 0: t-based intervals)\n"
        "  --seed S              random seed for --bootstrap, 1 to 4294967295 (default 1)\n"
        "  --table               two raters: the confusion table and category-specific\n"
        "                        agreement (csv/tsv/json carry the table only)\n"
        "\n"
        "Output:\n"
        "  --format F            text|csv|tsv|json|md (default text)\n"
        "  -o FILE               write to FILE (default stdout); written whole or not at all\n"
        "  -h, --help            show this help\n"
        "\n"
        "csv columns: coefficient,estimate,se,ci_low,ci_high,p_value,pa,pe,units,raters,\n"
        "weights,ci_method.  Standard errors follow Gwet (2014) as in R's irrCAC;\n"
        "intervals are estimate +/- t(n-1) se clipped to [-1, 1]; p-values are two-sided.\n"
        "\n"
        "Examples:\n"
        "  icstat agree datasets/reference/fleiss1971_diagnoses.csv\n"
        "  icstat agree --weights quadratic --alpha-metric ordinal ratings.csv\n"
        "  icstat agree --icc --format csv -o icc.csv datasets/reference/shrout_fleiss1979.csv\n"
        "  icstat agree --raters lead,second --table double_inspections.csv\n"
        "  icstat agree --unit urn --raters previous_overall_effectiveness,overall_effectiveness \\\n"
        "      --weights quadratic --where phase=Primary inspections.csv\n",
        f);
}

enum {
    OPT_UNIT = 256, OPT_RATERS, OPT_LONG, OPT_CATEGORIES, OPT_WEIGHTS, OPT_METRIC, OPT_ICC,
    OPT_BOOT, OPT_SEED, OPT_TABLE
};

static const struct option agree_options[] = {
    {"unit", required_argument, NULL, OPT_UNIT},
    {"raters", required_argument, NULL, OPT_RATERS},
    {"long", required_argument, NULL, OPT_LONG},
    {"categories", required_argument, NULL, OPT_CATEGORIES},
    {"weights", required_argument, NULL, OPT_WEIGHTS},
    {"alpha-metric", required_argument, NULL, OPT_METRIC},
    {"icc", no_argument, NULL, OPT_ICC},
    {"conf", required_argument, NULL, ICSTAT_OPT_CONF},
    {"bootstrap", required_argument, NULL, OPT_BOOT},
    {"seed", required_argument, NULL, OPT_SEED},
    {"table", no_argument, NULL, OPT_TABLE},
    {"years-between", required_argument, NULL, ICSTAT_OPT_YEARS_BETWEEN},
    {"band", required_argument, NULL, ICSTAT_OPT_BAND},
    {"where", required_argument, NULL, ICSTAT_OPT_WHERE},
    {"format", required_argument, NULL, ICSTAT_OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

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
    {"coefficient", ICSTAT_COL_TEXT, 0}, {"estimate", ICSTAT_COL_NUM, 4},
    {"se", ICSTAT_COL_NUM, 4},           {"ci_low", ICSTAT_COL_NUM, 4},
    {"ci_high", ICSTAT_COL_NUM, 4},      {"p_value", ICSTAT_COL_P, 0},
    {"pa", ICSTAT_COL_NUM, 4},           {"pe", ICSTAT_COL_NUM, 4},
    {"units", ICSTAT_COL_INT, 0},        {"raters", ICSTAT_COL_INT, 0},
    {"weights", ICSTAT_COL_TEXT, 0},     {"ci_method", ICSTAT_COL_TEXT, 0},
};

static icstat_result *coef_result(const icstat_agree_result *a, const icstat_agree_options *opt,
                                  const char *path, const icstat_derive *derive)
{
    char title[512];
    snprintf(title, sizeof title,
             "Agreement in %s: %zu units, %zu raters, %zu categories; weights %s; %g%% %s "
             "intervals",
             path, a->units, a->raters, a->categories, icstat_weights_name(opt->weights),
             100.0 * opt->conf,
             a->boot_reps ? "bootstrap percentile" : opt->icc ? "t (F for ICC)" : "t");
    icstat_result *res =
        icstat_result_alloc(title, coef_cols, sizeof coef_cols / sizeof *coef_cols);
    if (!res)
        return NULL;
    for (size_t i = 0; i < a->n_coef; i++) {
        const icstat_coef *c = &a->coef[i];
        long row = icstat_result_add_row(res);
        if (row < 0)
            goto nomem;
        const double nums[] = {c->estimate, c->se, c->ci_low, c->ci_high, c->p_value,
                               c->pa, c->pe, (double)c->units, (double)c->raters};
        for (size_t j = 0; j < sizeof nums / sizeof *nums; j++)
            icstat_result_set_num(res, (size_t)row, j + 1, nums[j]);
        if (icstat_result_set_text(res, (size_t)row, 0, c->name) != 0 ||
            icstat_result_set_text(res, (size_t)row, 10, c->weights) != 0 ||
            icstat_result_set_text(res, (size_t)row, 11, c->ci_method) != 0)
            goto nomem;
    }
    /* One line per distinct reason, naming every coefficient it applies to. */
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
        if (icstat_result_add_note(res, "%s: %s", names, note) != 0)
            goto nomem;
    }
    if (a->boot_reps &&
        icstat_result_add_note(res, "intervals: %zu bootstrap resamples of the units; "
                                    "se and p_value are the analytic ones", a->boot_reps) != 0)
        goto nomem;
    for (size_t i = 0; i < a->n_notes; i++)
        if (icstat_result_add_note(res, "%s", a->notes[i]) != 0)
            goto nomem;
    if (icstat_cli_where_note(res, derive) != 0)
        goto nomem;
    return res;
nomem:
    icstat_result_free(res);
    return NULL;
}

/* The confusion table, long (machine formats: one row per cell) or as a
 * matrix with margins and specific agreement (text, md). */
static icstat_result *table_result(const icstat_agree_table *t, const icstat_ratings *r,
                                   int matrix)
{
    char title[512];
    const size_t q = t->q;
    snprintf(title, sizeof title,
             "Confusion table: rows '%s', columns '%s'; %zu units rated by both",
             r->rater_names[0], r->rater_names[1], t->n);
    icstat_result *res = NULL;
    if (!matrix) {
        static const icstat_col_spec cols[] = {
            {"row_category", ICSTAT_COL_TEXT, 0}, {"column_category", ICSTAT_COL_TEXT, 0},
            {"count", ICSTAT_COL_INT, 0},          {"proportion", ICSTAT_COL_NUM, 4},
            {"specific_agreement", ICSTAT_COL_NUM, 4}};
        if (!(res = icstat_result_alloc(title, cols, 5)))
            return NULL;
        for (size_t k = 0; k < q; k++)
            for (size_t l = 0; l < q; l++) {
                long row = icstat_result_add_row(res);
                if (row < 0 || icstat_result_set_text(res, (size_t)row, 0, r->cat_labels[k]) ||
                    icstat_result_set_text(res, (size_t)row, 1, r->cat_labels[l]))
                    goto nomem;
                const double c = t->count[k * q + l];
                icstat_result_set_num(res, (size_t)row, 2, c);
                icstat_result_set_num(res, (size_t)row, 3, t->n ? c / (double)t->n : NAN);
                if (k == l)
                    icstat_result_set_num(res, (size_t)row, 4, t->specific[k]);
            }
        return res;
    }
    icstat_col_spec *cols = calloc(q + 3, sizeof *cols);
    if (!cols)
        return NULL;
    cols[0] = (icstat_col_spec){r->rater_names[0], ICSTAT_COL_TEXT, 0};
    for (size_t l = 0; l < q; l++)
        cols[l + 1] = (icstat_col_spec){r->cat_labels[l], ICSTAT_COL_INT, 0};
    cols[q + 1] = (icstat_col_spec){"total", ICSTAT_COL_INT, 0};
    cols[q + 2] = (icstat_col_spec){"specific_agreement", ICSTAT_COL_NUM, 3};
    res = icstat_result_alloc(title, cols, q + 3);
    free(cols);
    if (!res)
        return NULL;
    for (size_t k = 0; k <= q; k++) {
        long row = icstat_result_add_row(res);
        if (row < 0 ||
            icstat_result_set_text(res, (size_t)row, 0, k < q ? r->cat_labels[k] : "total"))
            goto nomem;
        double total = 0.0;
        for (size_t l = 0; l < q; l++) {
            double c = 0.0;
            if (k < q)
                c = t->count[k * q + l];
            else
                for (size_t j = 0; j < q; j++)
                    c += t->count[j * q + l];
            icstat_result_set_num(res, (size_t)row, l + 1, c);
            total += c;
        }
        icstat_result_set_num(res, (size_t)row, q + 1, total);
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

int icstat_cmd_agree(int argc, char **argv)
{
    const char *unit = NULL;
    icstat_cli_common common = ICSTAT_CLI_COMMON_INIT;
    char **raters = NULL, **longcols = NULL, **categories = NULL;
    size_t n_raters = 0, n_long = 0, n_categories = 0, boot = 0;
    const icstat_scale *scale = NULL;
    unsigned long seed = 1;
    int table = 0, rc = 0;
    icstat_agree_options opt = {ICSTAT_W_IDENTITY, ICSTAT_METRIC_NONE, 0, 0.95};
    icstat_derive derive = ICSTAT_DERIVE_INIT;
    icstat_table *t = NULL;
    icstat_ratings *r = NULL;
    icstat_agree_result *a = NULL;
    icstat_agree_table *ct = NULL;
    icstat_result *res = NULL, *res2 = NULL;
    gsl_rng *rng = NULL;
    icstat_error err;
    icstat_error_clear(&err);

    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", agree_options, NULL)) != -1) {
        int k;
        switch (c) {
        case OPT_UNIT:
            unit = optarg;
            break;
        case OPT_RATERS:
        case OPT_LONG: {
            char ***list = c == OPT_RATERS ? &raters : &longcols;
            size_t *n = c == OPT_RATERS ? &n_raters : &n_long;
            const char *name = c == OPT_RATERS ? "--raters" : "--long";
            if ((rc = icstat_cli_list_option("agree", name, optarg, list, n)) != 0)
                goto done;
            break;
        }
        case OPT_CATEGORIES:
            if ((rc = icstat_cli_categories_option("agree", optarg, &categories, &n_categories,
                                                   &scale)) != 0)
                goto done;
            break;
        case OPT_WEIGHTS:
            if ((k = icstat_weights_lookup(optarg)) < 0) {
                rc = icstat_cli_usage_error("agree", "unknown --weights '%s' (use identity, "
                                            "linear, quadratic, ordinal, radical, ratio, "
                                            "circular or bipolar)", optarg);
                goto done;
            }
            opt.weights = (icstat_weights_kind)k;
            break;
        case OPT_METRIC:
            if ((k = icstat_alpha_metric_lookup(optarg)) < 0) {
                rc = icstat_cli_usage_error("agree", "unknown --alpha-metric '%s' (use "
                                            "nominal, ordinal, interval or ratio)", optarg);
                goto done;
            }
            opt.alpha_metric = (icstat_alpha_metric)k;
            break;
        case OPT_ICC:
            opt.icc = 1;
            break;
        case OPT_BOOT:
            if (icstat_cli_parse_size(optarg, &boot) != 0 || boot == 1 || boot > 10000000) {
                rc = icstat_cli_usage_error("agree", "--bootstrap must be a whole number of "
                                            "replicates from 2 to 10000000 (got '%s')", optarg);
                goto done;
            }
            break;
        case OPT_SEED:
            if (icstat_cli_seed_option("agree", optarg, &seed, &rc) != 0)
                goto done;
            break;
        case OPT_TABLE:
            table = 1;
            break;
        case ICSTAT_OPT_YEARS_BETWEEN:
        case ICSTAT_OPT_BAND:
        case ICSTAT_OPT_WHERE:
            if (icstat_cli_derive_option("agree", c, optarg, &derive, &rc) != 0)
                goto done;
            break;
        default:
            if (icstat_cli_common_option("agree", c, argv, agree_usage, &common, &rc) != 0)
                goto done;
        }
    }
    if ((rc = icstat_cli_one_input("agree", argc, optind)) != 0)
        goto done;
    if (longcols && n_long != 3) {
        rc = icstat_cli_usage_error("agree", "--long takes three columns UNIT,RATER,RATING "
                                    "(got %zu)", n_long);
        goto done;
    }
    if (longcols && (unit || raters)) {
        rc = icstat_cli_usage_error("agree", "--long names its own columns; leave out "
                                    "--unit and --raters");
        goto done;
    }
    const char *path = argv[optind];
    const icstat_format fmt = common.fmt;
    opt.conf = common.conf;
    if ((rc = icstat_cli_check_one("agree", path, common.out_path)) != 0)
        goto done;

    int st = icstat_table_read(path, &t, &err);
    if (st == ICSTAT_OK && derive.n && (st = icstat_table_need_rows(t, &err)) == ICSTAT_OK)
        st = icstat_derive_apply(&derive, t, &err);
    if (st == ICSTAT_OK) {
        icstat_ratings_spec spec = {
            .unit = unit,
            .raters = (const char *const *)raters,
            .n_raters = n_raters,
            .long_unit = longcols ? longcols[0] : NULL,
            .long_rater = longcols ? longcols[1] : NULL,
            .long_rating = longcols ? longcols[2] : NULL,
            .categories = (const char *const *)categories,
            .n_categories = n_categories,
            .scale = scale,
        };
        st = icstat_ratings_from_table(t, &spec, &r, &err);
    }
    if (st == ICSTAT_OK)
        st = icstat_agree_estimate(r, &opt, &a, &err);
    if (st == ICSTAT_OK && boot) {
        if (!(rng = gsl_rng_alloc(gsl_rng_mt19937))) {
            st = icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        } else {
            gsl_rng_set(rng, seed);
            st = icstat_agree_bootstrap(r, &opt, a, boot, rng,
                                        isatty(STDERR_FILENO) ? agree_progress : NULL, NULL,
                                        &err);
        }
    }
    if (st == ICSTAT_OK && table)
        st = icstat_agree_table_compute(r, &ct, &err);
    if (st != ICSTAT_OK) {
        if (!err.file[0] && st != ICSTAT_EUSAGE)
            snprintf(err.file, sizeof err.file, "%s", t ? t->path : path);
        rc = icstat_cli_report(&err);
        goto done;
    }

    const int human = fmt == ICSTAT_FMT_TEXT || fmt == ICSTAT_FMT_MD;
    res = table ? table_result(ct, r, human) : coef_result(a, &opt, t->path, &derive);
    res2 = table && human ? coef_result(a, &opt, t->path, &derive) : NULL;
    if (!res || (table && human && !res2)) {
        icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        rc = icstat_cli_report(&err);
        goto done;
    }

    /* Text and md with --table: the matrix, then the coefficients, in one file. */
    const icstat_result *parts[2] = {res, res2};
    if (icstat_cli_write_results(parts, res2 ? 2 : 1, common.out_path, fmt, &err) != ICSTAT_OK)
        rc = icstat_cli_report(&err);

done:
    gsl_rng_free(rng);
    icstat_result_free(res);
    icstat_result_free(res2);
    icstat_agree_table_free(ct);
    icstat_agree_result_free(a);
    icstat_ratings_free(r);
    icstat_table_free(t);
    icstat_cli_list_free(raters);
    icstat_cli_list_free(longcols);
    icstat_cli_list_free(categories);
    icstat_derive_clear(&derive);
    return rc;
}
