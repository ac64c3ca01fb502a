/* cmd_agree.c — `icstat agree`: agreement among raters.  Here: its help,
 * its options, and their checks, all made before any file is opened; the
 * run is in cmd_agree_run.c. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_agree_internal.h"
#include "icstat/categories.h"
#include "icstat/strmap.h"

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
        "  --crosstab            FILE is a two-rater k x k table of counts as papers\n"
        "                        print it: a corner cell (empty or a name), the second\n"
        "                        rater's category labels, then per row the first rater's\n"
        "                        label and the counts; read as one row per unit\n"
        "  --counts              FILE has one row per unit: the unit (--unit), then one\n"
        "                        column per category, headed by its label, holding how\n"
        "                        many raters chose it (irrCAC's *.dist input); Cohen's\n"
        "                        and Conger's kappa and ICC(2,*) and ICC(3,*) need to\n"
        "                        know who rated what and are left out\n"
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
        "                        identity need an order.  Surrounding spaces are trimmed\n"
        "                        from ratings (a note says when)\n"
        ICSTAT_CLI_DERIVE_HELP
        ICSTAT_CLI_WHERE_HELP,
        f);
    fputs(
        "\n"
        "Coefficients:\n"
        "  --weights W           identity|linear|quadratic|ordinal|radical|ratio|\n"
        "                        circular|bipolar (Gwet's families; default identity),\n"
        "                        or a csv FILE (a name with '.' or '/') of your own:\n"
        "                        laid out as for --crosstab, symmetric, 1 on the\n"
        "                        diagonal, every weight within [0, 1]\n"
        "  --alpha-metric M      also Krippendorff's alpha under his own metric:\n"
        "                        nominal|ordinal|interval|ratio (default: not shown)\n"
        "  --icc                 also the six intraclass correlations (numeric ratings).\n"
        "                        Every unit rated by every rater: the ANOVA forms of\n"
        "                        Shrout & Fleiss with F intervals.  Otherwise every\n"
        "                        rating is used: ICC(1,*) by the unbalanced one-way\n"
        "                        ANOVA, ICC(2,*) and ICC(3,*) by REML on unit + rater\n"
        "                        (as psych::ICC with lmer), k of the average forms\n"
        "                        being n0, the design's ratings per unit\n",
        f);
    fputs(
        "  --conf X              interval level (default 0.95)\n"
        "  --se M                conditional|unconditional (default conditional):\n"
        "                        conditional speaks for other units rated by these\n"
        "                        raters (Gwet 2014, irrCAC); unconditional also for\n"
        "                        other raters from the pool they were drawn from\n"
        "                        (Gwet 2014 sec. 5.4, kappaetc se(unconditional)): it\n"
        "                        adds a jackknife over raters (three or more raters;\n"
        "                        t on Satterthwaite's degrees of freedom; ICC rows keep\n"
        "                        their F intervals; not with --counts or --bootstrap)\n"
        "  --bootstrap N         percentile intervals from N resamples of the units\n"
        "                        (default 0: t-based intervals)\n"
        "  --alpha-bootstrap N   Krippendorff's alpha rows: intervals from N replicates\n"
        "                        of Krippendorff's bootstrap as the KALPHA macro draws\n"
        "                        them (Hayes & Krippendorff 2007): pairs of values\n"
        "                        resampled from the coincidences, expected disagreement\n"
        "                        held fixed; ci_method bootstrap_kalpha.  Other rows\n"
        "                        keep theirs (t, or --bootstrap's)\n"
        "  --alpha-min X         with it, the probability q that alpha falls below X,\n"
        "                        -1 < X <= 1 (e.g. 0.667 or 0.8), in columns alpha_min\n"
        "                        and p_below_min (NA but for Krippendorff's alpha);\n"
        "                        without --alpha-bootstrap, 20000 replicates\n"
        "  --seed S              random seed for --bootstrap and --alpha-bootstrap, 1 to\n"
        "                        4294967295 (default 1)\n",
        f);
    fputs(
        "  --table               two raters: the confusion table and category-specific\n"
        "                        agreement (csv/tsv/json carry the table only)\n"
        "  --kappa-range AGREED/TOTAL\n"
        "                        no FILE: for a two-category decision published only as\n"
        "                        \"AGREED of TOTAL units agreed\", rows percent_agreement\n"
        "                        (AGREED/TOTAL, Wilson interval at --conf) and\n"
        "                        cohen_kappa_min, cohen_kappa_max: the smallest and largest\n"
        "                        Cohen's kappa over every 2 x 2 table with that agreement\n"
        "                        (exact); agree's csv columns up to ci_method, conf (the\n"
        "                        interval's level, NA for the kappas), then\n"
        "                        n11,n12,n21,n22, the table reaching each kappa (n12: the\n"
        "                        first rater chose the first category, the second the\n"
        "                        second); takes only --conf, --format and -o\n",
        f);
    fputs(
        "\n"
        "Groups and differences (Gwet 2016; Stata's kappaetc, ttest):\n"
        "  --by COL              a block of coefficients per level of COL, a column that\n"
        "                        describes units (in a long file the same on each of a\n"
        "                        unit's rows); every level keeps the whole file's\n"
        "                        categories and needs two units; --bootstrap resamples\n"
        "                        each level from --seed afresh (as --where COL=LEVEL\n"
        "                        alone would)\n"
        "  --compare             with --by: each level minus the reference level,\n"
        "                        independent groups: se = sqrt(se1^2 + se2^2), t on\n"
        "                        Welch-Satterthwaite df; csv/tsv/json carry the\n"
        "                        differences instead of the coefficients\n"
        "  --ref LEVEL           the reference level (default: the first, in sorted order)\n"
        "  --paired A,B:C,D      two sets of raters (columns, or --long's rater names) on\n"
        "                        the same units: each set's coefficients on the units both\n"
        "                        rated, and set one minus set two, se from the per-unit\n"
        "                        differences of Gwet's linearised values, t on units - 1\n"
        "                        df (percent agreement, Fleiss, Conger, Gwet,\n"
        "                        Brennan-Prediger); implies --compare\n"
        "\n"
        "Output:\n"
        "  --format F            text|csv|tsv|json|md (default text)\n"
        "  -o FILE               write to FILE (default stdout); written whole or not at all\n"
        "  -h, --help            show this help\n"
        "\n"
        "csv columns: coefficient,estimate,se,ci_low,ci_high,p_value,pa,pe,units,raters,\n"
        "weights,ci_method,se_method (conditional or unconditional; NA for ICC\n"
        "rows),conf (the interval level, as --conf, NA on a row with no interval; csv,\n"
        "tsv and json only)[,estimator with --icc: the ICC rows' fit, anova,\n"
        "anova_unbalanced or reml (ci_method logit_wald)][,benchmark columns with\n"
        "--benchmark][,alpha_min,p_below_min with --alpha-min]; with --by or --paired\n"
        "a first column group (the level, or the set A,B).  With --compare:\n"
        "coefficient,group,reference,test (independent or paired),estimate (group\n"
        "minus reference),se,ci_low,ci_high,conf,df,p_value,group_estimate,\n"
        "reference_estimate,units; intervals not clipped.  Standard errors\n"
        "follow Gwet (2014) as in R's irrCAC; intervals are estimate +/- t(n-1) se\n"
        "clipped to [-1, 1] ([0, 1] for percent agreement, which cannot be\n"
        "negative); p-values are two-sided.\n"
        "\n"
        "Examples:\n"
        "  icstat agree datasets/reference/fleiss1971_diagnoses.csv\n"
        "  icstat agree --weights quadratic --alpha-metric ordinal ratings.csv\n"
        "  icstat agree --icc --format csv -o icc.csv datasets/reference/shrout_fleiss1979.csv\n"
        "  icstat agree --raters lead,second --table double_inspections.csv\n"
        "  icstat agree --crosstab --weights quadratic published_table.csv\n"
        "  icstat agree --alpha-metric ordinal --alpha-bootstrap 20000 --alpha-min 0.8 \\\n"
        "      datasets/reference/hayes_krippendorff2007.csv\n"
        "  icstat agree --counts --unit school counts_per_grade.csv\n"
        "  icstat agree --se unconditional datasets/reference/fleiss1971_diagnoses.csv\n"
        "  icstat agree --long urn,inspector,grade --by phase --compare inspections.csv\n"
        "  icstat agree --paired lead_a,second_a:lead_b,second_b double_inspections.csv\n"
        "  icstat agree --unit urn --raters previous_overall_effectiveness,overall_effectiveness \\\n"
        "      --weights quadratic --where phase=Primary inspections.csv\n",
        f);
}

enum {
    OPT_UNIT = 256, OPT_RATERS, OPT_LONG, OPT_CATEGORIES, OPT_WEIGHTS, OPT_METRIC, OPT_ICC,
    OPT_BOOT, OPT_SEED, OPT_TABLE, OPT_CROSSTAB, OPT_COUNTS, OPT_BENCHMARK, OPT_ALPHA_BOOT,
    OPT_ALPHA_MIN, OPT_SE, OPT_KAPPA_RANGE, OPT_BY, OPT_REF, OPT_COMPARE, OPT_PAIRED
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
    {"alpha-bootstrap", required_argument, NULL, OPT_ALPHA_BOOT},
    {"alpha-min", required_argument, NULL, OPT_ALPHA_MIN},
    {"se", required_argument, NULL, OPT_SE},
    {"table", no_argument, NULL, OPT_TABLE},
    {"crosstab", no_argument, NULL, OPT_CROSSTAB},
    {"counts", no_argument, NULL, OPT_COUNTS},
    {"benchmark", required_argument, NULL, OPT_BENCHMARK},
    {"kappa-range", required_argument, NULL, OPT_KAPPA_RANGE},
    {"by", required_argument, NULL, OPT_BY},
    {"ref", required_argument, NULL, OPT_REF},
    {"compare", no_argument, NULL, OPT_COMPARE},
    {"paired", required_argument, NULL, OPT_PAIRED},
    ICSTAT_CLI_DERIVE_OPTIONS,
    ICSTAT_CLI_OUTPUT_OPTIONS,
};

const icstat_agree_names icstat_cmd_agree_names = {
    .unit = "--unit",
    .raters = "--raters",
    .long_form = "--long",
    .categories = "--categories",
    .weights = "--weights",
    .alpha_metric = "--alpha-metric",
    .icc = "--icc",
};

/* --paired A,B:C,D: two sets of two or more raters, apart.  0, or the
 * exit status of a usage error (2 when out of memory). */
static int agree_paired_option(const char *value, icstat_cmd_agree_args *a)
{
    const char *colon = strchr(value, ':');
    if (!colon || strchr(colon + 1, ':'))
        return icstat_cli_usage_error("agree", "--paired takes two sets of raters as "
                                      "A,B:C,D (got '%s')", value);
    char *first = strndup(value, (size_t)(colon - value));
    if (!first)
        return icstat_cli_out_of_memory();
    int rc = icstat_cli_list_option("agree", "--paired", first, &a->paired[0], &a->n_paired[0]);
    free(first);
    if (rc == 0)
        rc = icstat_cli_list_option("agree", "--paired", colon + 1, &a->paired[1],
                                    &a->n_paired[1]);
    if (rc != 0)
        return rc;
    for (int s = 0; s < 2; s++)
        if (a->n_paired[s] < 2)
            return icstat_cli_usage_error("agree", "--paired: each set needs two or more "
                                          "raters ('%.*s' has %zu)",
                                          s ? (int)strlen(colon + 1) : (int)(colon - value),
                                          s ? colon + 1 : value, a->n_paired[s]);
    /* Every pair of names in the two sets: a set's raters must differ
     * and the sets must not share one (a few raters: quadratic is fine). */
    const size_t n0 = a->n_paired[0], n = n0 + a->n_paired[1];
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const char *x = i < n0 ? a->paired[0][i] : a->paired[1][i - n0];
            const char *y = j < n0 ? a->paired[0][j] : a->paired[1][j - n0];
            if (strcmp(x, y) == 0)
                return icstat_cli_usage_error("agree", "--paired names rater '%s' %s", x,
                                              (i < n0) == (j < n0) ? "twice in a set"
                                              : "in both sets: the sets must be apart");
        }
    a->compare = 1;
    return 0;
}

/* A number of bootstrap replicates for OPT: 2 to 10000000, or 0 when
 * least is 0 (--bootstrap 0: none).  0, or -1 with *rc set. */
static int agree_reps_option(const char *opt, const char *value, size_t least, size_t *reps,
                             int *rc)
{
    if (icstat_cli_parse_size(value, reps) != 0 || *reps < least || *reps == 1 ||
        *reps > 10000000) {
        *rc = icstat_cli_usage_error("agree", "%s must be a whole number of replicates from "
                                     "2 to 10000000 (got '%s')", opt, value);
        return -1;
    }
    return 0;
}

/* One option (c from getopt_long) into `a`; the shared ones through
 * icstat_cli_common_option.  0, or -1 with *rc the exit status: 1 after a
 * usage error, 2 when out of memory, 0 after --help. */
static int agree_option(int c, char **argv, icstat_cmd_agree_args *a, int *rc)
{
    int k;
    switch (c) {
    case OPT_UNIT:
        a->unit = optarg;
        return 0;
    case OPT_RATERS:
        *rc = icstat_cli_list_option("agree", "--raters", optarg, &a->raters, &a->n_raters);
        return *rc ? -1 : 0;
    case OPT_LONG:
        *rc = icstat_cli_list_option("agree", "--long", optarg, &a->longcols, &a->n_long);
        return *rc ? -1 : 0;
    case OPT_CATEGORIES:
        *rc = icstat_cli_categories_option("agree", optarg, &a->categories, &a->n_categories,
                                           &a->scale);
        return *rc ? -1 : 0;
    case OPT_WEIGHTS:
        /* A family's name, else a file: a name no family has and that
         * looks like a path (a '.' or '/'), so a typo of a family stays a
         * usage error rather than a missing file. */
        a->weights_path = NULL;
        a->opt.weights = ICSTAT_W_IDENTITY;
        if ((k = icstat_weights_lookup(optarg)) >= 0)
            a->opt.weights = (icstat_weights_kind)k;
        else if (strchr(optarg, '.') || strchr(optarg, '/'))
            a->weights_path = optarg;
        else {
            *rc = icstat_cli_usage_error("agree", "unknown --weights '%s' (use identity, "
                                         "linear, quadratic, ordinal, radical, ratio, "
                                         "circular, bipolar or a csv file)", optarg);
            return -1;
        }
        return 0;
    case OPT_METRIC:
        if ((k = icstat_alpha_metric_lookup(optarg)) < 0) {
            *rc = icstat_cli_usage_error("agree", "unknown --alpha-metric '%s' (use "
                                         "nominal, ordinal, interval or ratio)", optarg);
            return -1;
        }
        a->opt.alpha_metric = (icstat_alpha_metric)k;
        return 0;
    case OPT_ICC:
        a->opt.icc = 1;
        return 0;
    case OPT_BOOT:
        return agree_reps_option("--bootstrap", optarg, 0, &a->boot, rc);
    case OPT_SEED:
        return icstat_cli_seed_option("agree", optarg, &a->seed, rc);
    case OPT_ALPHA_BOOT:
        return agree_reps_option("--alpha-bootstrap", optarg, 2, &a->alpha_boot, rc);
    case OPT_ALPHA_MIN:
        if (icstat_cli_parse_double(optarg, &a->alpha_min) != 0 ||
            !(a->alpha_min > -1.0 && a->alpha_min <= 1.0)) {
            *rc = icstat_cli_usage_error("agree", "--alpha-min must be a number above -1 and "
                                         "at most 1, e.g. 0.667 or 0.8 (got '%s')", optarg);
            a->alpha_min = NAN;
            return -1;
        }
        return 0;
    case OPT_SE:
        if ((k = icstat_se_method_lookup(optarg)) < 0) {
            *rc = icstat_cli_usage_error("agree", "unknown --se '%s' (use conditional or "
                                         "unconditional)", optarg);
            return -1;
        }
        a->opt.se_method = (icstat_se_method)k;
        return 0;
    case OPT_TABLE:
        a->table = 1;
        return 0;
    case OPT_CROSSTAB:
        a->crosstab = 1;
        return 0;
    case OPT_COUNTS:
        a->counts = 1;
        return 0;
    case OPT_BENCHMARK:
        if (!(a->benchmark = icstat_benchmark_lookup(optarg))) {
            *rc = icstat_cli_usage_error("agree", "unknown --benchmark '%s' (use %s)", optarg,
                                         icstat_benchmark_names());
            return -1;
        }
        return 0;
    case OPT_KAPPA_RANGE:
        *rc = icstat_cmd_agree_range_option(optarg, a);
        return *rc ? -1 : 0;
    case OPT_BY:
        a->by = optarg;
        return 0;
    case OPT_REF:
        a->ref = optarg;
        return 0;
    case OPT_COMPARE:
        a->compare = 1;
        return 0;
    case OPT_PAIRED:
        return (*rc = agree_paired_option(optarg, a)) != 0 ? -1 : 0;
    case ICSTAT_OPT_YEARS_BETWEEN:
    case ICSTAT_OPT_BAND:
    case ICSTAT_OPT_WHERE:
        return icstat_cli_derive_option("agree", c, optarg, &a->derive, rc);
    default:
        return icstat_cli_common_option("agree", c, argv, agree_usage, &a->common, rc);
    }
}

/* A rater or a category named twice: usage errors found in the lists
 * themselves, so reported before the file is read, in the words (and
 * with the exit status, 1) of the engines' own checks.  0, or the exit
 * status. */
static int agree_check_lists(const icstat_cmd_agree_args *a)
{
    icstat_error err;
    icstat_error_clear(&err);
    int st = ICSTAT_OK;
    if (a->raters) {
        /* A hash of the names, so that a list of 100,000 columns stays linear. */
        icstat_strmap *seen = icstat_strmap_alloc();
        if (!seen)
            st = icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        for (size_t j = 0; st == ICSTAT_OK && j < a->n_raters; j++) {
            int added = 0;
            if (icstat_strmap_intern(seen, a->raters[j], &added) < 0)
                st = icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            else if (!added)
                st = icstat_error_set(&err, ICSTAT_EUSAGE, NULL, 0, "--raters names '%s' twice",
                                      a->raters[j]);
        }
        icstat_strmap_free(seen);
    }
    if (st == ICSTAT_OK && a->categories)
        st = icstat_categories_check((const char *const *)a->categories, a->n_categories, 0,
                                     "--categories", &err);
    return st == ICSTAT_OK ? 0 : icstat_cli_report(&err);
}

/* --crosstab and --counts: FILE is not ratings, so the options that pick
 * rater columns (and, for a cross-table, any column) do not apply.
 * 0, or the exit status. */
static int agree_check_inputs(const icstat_cmd_agree_args *a)
{
    if (a->crosstab && a->counts)
        return icstat_cli_usage_error("agree", "--crosstab and --counts are two layouts of "
                                      "FILE; give one");
    const char *form = a->crosstab ? "--crosstab" : a->counts ? "--counts" : NULL;
    if (form && (a->longcols || a->raters))
        return icstat_cli_usage_error("agree", "%s reads no rater columns; leave out %s",
                                      form, a->longcols ? "--long" : "--raters");
    if (a->counts && a->table)
        return icstat_cli_usage_error("agree", "--table needs to know which rater gave which "
                                      "rating, which --counts does not tell");
    if (a->crosstab && a->unit)
        return icstat_cli_usage_error("agree", "--crosstab has no unit column; leave out "
                                      "--unit");
    if (form && a->derive.n)
        return icstat_cli_usage_error("agree", "%s: --years-between, --band and --where "
                                      "need the raw rows", form);
    /* Resampling units alone leaves the raters' sampling out of the
     * intervals, and resampling raters with replacement would set a rater
     * beside a copy of itself, agreeing by construction: refused. */
    if (a->opt.se_method == ICSTAT_SE_UNCONDITIONAL && a->boot)
        return icstat_cli_usage_error("agree", "--se unconditional and --bootstrap: the "
                                      "bootstrap resamples units only, so its intervals "
                                      "leave out the raters' sampling; give one or the other");
    if (a->opt.se_method == ICSTAT_SE_UNCONDITIONAL && a->counts)
        return icstat_cli_usage_error("agree", "--se unconditional leaves out one rater at a "
                                      "time, and --counts does not tell who rated what");
    const char *grp = a->by ? "--by" : a->paired[0] ? "--paired" : NULL;
    if (a->by && a->paired[0])
        return icstat_cli_usage_error("agree", "--by compares groups of units, --paired sets "
                                      "of raters on the same units; give one");
    if (grp && form)
        return icstat_cli_usage_error("agree", "%s needs the raw rows, which %s does not "
                                      "give", grp, form);
    if (grp && a->table)
        return icstat_cli_usage_error("agree", "--table with %s: run once per %s (%s)", grp,
                                      a->by ? "level" : "pair of raters",
                                      a->by ? "--where COL=LEVEL" : "--raters A,B");
    if (a->paired[0] && a->raters)
        return icstat_cli_usage_error("agree", "--paired names its own rater columns; leave "
                                      "out --raters");
    if ((a->compare && !grp) || (a->ref && !a->by))
        return icstat_cli_usage_error("agree", "%s needs --by%s", a->ref ? "--ref" : "--compare",
                                      a->ref ? "" : " or --paired");
    if (a->paired[0] && a->opt.se_method == ICSTAT_SE_UNCONDITIONAL)
        return icstat_cli_usage_error("agree", "--paired with --se unconditional: the paired "
                                      "difference's se is conditional on the raters; leave "
                                      "out --se");
    if (a->weights_path && a->common.out_path &&
        strcmp(a->weights_path, a->common.out_path) == 0)
        return icstat_cli_usage_error("agree", "-o '%s' would overwrite the --weights file",
                                      a->weights_path);
    return 0;
}

/* --kappa-range: a table from two numbers, so no FILE and none of the
 * options that read or weigh ratings.  0, or the exit status. */
static int agree_check_range(const icstat_cmd_agree_args *a, int argc, char **argv)
{
    if (optind < argc)
        return icstat_cli_usage_error("agree", "--kappa-range reads no FILE (got '%s')",
                                      argv[optind]);
    if (a->unit || a->raters || a->longcols || a->categories || a->scale || a->crosstab ||
        a->counts || a->table || a->weights_path || a->opt.weights != ICSTAT_W_IDENTITY ||
        a->opt.alpha_metric != ICSTAT_METRIC_NONE || a->opt.icc || a->boot || a->benchmark ||
        a->derive.n || a->by || a->ref || a->compare || a->paired[0])
        return icstat_cli_usage_error("agree", "--kappa-range takes no other option than "
                                      "--conf, --format and -o");
    return 0;
}

/* The options together, before any I/O: one input FILE, --long's three
 * columns and not with --unit or --raters, the input not the output, the
 * lists without repeats.  0, or the exit status. */
static int agree_check(icstat_cmd_agree_args *a, int argc, char **argv)
{
    int rc;
    if (a->kappa_range)
        return agree_check_range(a, argc, argv);
    if ((rc = icstat_cli_one_input("agree", argc, optind)) != 0)
        return rc;
    if (a->longcols && a->n_long != 3)
        return icstat_cli_usage_error("agree", "--long takes three columns UNIT,RATER,RATING "
                                      "(got %zu)", a->n_long);
    if (a->longcols && (a->unit || a->raters))
        return icstat_cli_usage_error("agree", "--long names its own columns; leave out "
                                      "--unit and --raters");
    if ((rc = agree_check_inputs(a)) != 0)
        return rc;
    a->path = argv[optind];
    a->opt.conf = a->common.conf;
    /* A minimum alpha is judged on the bootstrap distribution: 20000
     * replicates unless told (Stata's kalpha's default). */
    if (!isnan(a->alpha_min) && !a->alpha_boot)
        a->alpha_boot = ICSTAT_CMD_AGREE_ALPHA_REPS;
    if ((rc = icstat_cli_check_one("agree", a->path, a->common.out_path)) != 0)
        return rc;
    return agree_check_lists(a);
}

int icstat_cmd_agree(int argc, char **argv)
{
    icstat_cmd_agree_args a = {
        .seed = 1,
        .alpha_min = NAN,
        .opt = {.weights = ICSTAT_W_IDENTITY, .alpha_metric = ICSTAT_METRIC_NONE, .conf = 0.95,
                .names = &icstat_cmd_agree_names},
        .common = ICSTAT_CLI_COMMON_INIT,
        .derive = ICSTAT_DERIVE_INIT,
    };
    int c, rc = 0;
    /* The options whose repeats add up (their --help says so). */
    static const int repeats[] = {ICSTAT_OPT_WHERE, ICSTAT_OPT_YEARS_BETWEEN, ICSTAT_OPT_BAND, 0};
    icstat_cli_parser parser = ICSTAT_CLI_PARSER("agree", agree_options, repeats);
    while ((c = icstat_cli_getopt(&parser, argc, argv)) != -1)
        if (agree_option(c, argv, &a, &rc) != 0)
            goto done;
    if ((rc = agree_check(&a, argc, argv)) == 0)
        rc = a.kappa_range ? icstat_cmd_agree_kappa_range(&a) : icstat_cmd_agree_run(&a);
done:
    icstat_strv_free(a.raters);
    icstat_strv_free(a.longcols);
    icstat_strv_free(a.categories);
    icstat_strv_free(a.paired[0]);
    icstat_strv_free(a.paired[1]);
    icstat_derive_clear(&a.derive);
    return rc;
}
