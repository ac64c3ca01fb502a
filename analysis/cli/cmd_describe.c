/* cmd_describe.c — `icstat describe`: percentages with intervals, and the
 * comparisons that back a sentence about them.  Every option is read and
 * checked before the file is; the describe engine counts (describe/) and
 * makes the tables, and this file picks the tables for the format and
 * writes them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/categories.h"
#include "icstat/cli.h"
#include "icstat/condition.h"
#include "icstat/describe.h"
#include "icstat/table.h"

static void describe_usage(FILE *f)
{
    fputs(
        "Usage: icstat describe --outcome COL [--by COL] [options] FILE\n"
        "       icstat describe --proportions [options] FILE\n"
        "\n"
        "The tables that back a sentence such as \"8.2% of primary schools inspected by\n"
        "men were judged Outstanding, against 7.8% of those inspected by women\".\n"
        "For each group (each level of --by, or one group 'all') and each outcome\n"
        "category: the count, the group total, the percentage and its Wilson interval.\n"
        "With two or more groups, text and md add Pearson's chi-square test of\n"
        "independence and, for each category, each group against the reference group:\n"
        "the difference in percentage points (Newcombe's hybrid score interval) and the\n"
        "risk ratio (Katz's log interval).  Rows missing the outcome or the group are\n"
        "dropped and counted.\n"
        "\n"
        "Table:\n"
        "  --outcome COL         the outcome (a grade)\n"
        "  --by COL              groups to compare (e.g. inspector gender); default: none\n"
        "  --by-period P         groups are periods of the inspection date, in time order:\n"
        "                        year (calendar year, 2019), academic-year (the school\n"
        "                        year, September to August, 2019/20) or term (autumn\n"
        "                        September-December, spring January-March, summer\n"
        "                        April-August: 2019/20 autumn); a column 'period' is\n"
        "                        added, which --where may test.  Instead of --by\n"
        "  --date COL            the date --by-period reads (default inspection_date, as\n"
        "                        icstat import ofsted writes it)\n"
        "  --where COND          keep rows where COL=VALUE, COL!=VALUE, COL<N, COL<=N, COL>N\n"
        "                        or COL>=N; repeat it or give a comma list, and every\n"
        "                        condition must hold (a row missing COL meets none; numbers\n"
        "                        compare as numbers)\n"
        "  --categories LIST     the categories in order, e.g.\n"
        "                        \"Outstanding,Good,Requires improvement,Inadequate\";\n"
        "                        join values with + to count them as one category, e.g.\n"
        "                        \"Outstanding,Good,Requires improvement+Inadequate\";\n"
        "                        a value not in LIST is an error.  Or a scale's name:\n"
        "                        ofsted (1 Outstanding .. 4 Inadequate; Satisfactory is\n"
        "                        3), report-card (1 Exceptional .. 5 Urgent improvement)\n"
        "                        or met (Met, Not met): values are its words in any case\n"
        "                        or its codes 1..k, shown as its words.  Default: the\n"
        "                        distinct values, in a known scale's order when all are\n"
        "                        its words, numeric order when all are numbers, else\n"
        "                        sorted\n"
        ICSTAT_CLI_DERIVE_HELP
        "                        (before --where, which may test NEW)\n"
        "  --ref LEVEL           the reference group for comparisons (default: the first\n"
        "                        level of --by, in the order the categories take)\n"
        "  --cluster COL         rows come in clusters, e.g. inspections by the same\n"
        "                        inspector: intervals, comparisons and the test allow for\n"
        "                        it (cluster-robust variances; Wilson intervals at the\n"
        "                        effective sample size; a Wald test instead of Pearson's);\n"
        "                        adds a column deff (design effect)\n"
        "  --compare             csv, tsv and json carry the comparisons instead of the\n"
        "                        percentages (text and md always show both)\n"
        "  --conf X              interval level (default 0.95)\n"
        "\n",
        f);
    fputs(
        "Survey figures:\n"
        "  --proportions         FILE has columns label,count,total or label,percent,total\n"
        "                        (percent on 0-100); each figure gets its Wilson interval.\n"
        "                        From a percent, count = round(percent x total / 100) and\n"
        "                        the estimate is count / total; a note names every row\n"
        "                        where that differs from the given percent by more than\n"
        "                        0.05 points.  Figures as published: a percent may end\n"
        "                        in % (91%); a total may have thousands separators\n"
        "                        (\"1,400\", quoted in the csv) and end in + (\"1,400+\": at\n"
        "                        least 1,400, the interval made at 1,400, the widest for\n"
        "                        any base of at least that); with a percent the total may\n"
        "                        be empty (base not published: no count, no interval).\n"
        "                        With --proportions, --outcome COL names the label column\n"
        "                        (default label) and --by COL a group column (figures in\n"
        "                        groups, each label once per group; csv column group first)\n"
        "  --difference NEW=WHOLE-PART\n"
        "                        with --proportions: a figure NEW derived in each group as\n"
        "                        WHOLE's percent minus PART's (a paper's \"RI or Inadequate\"\n"
        "                        minus its \"Inadequate\"), put after them; without bases,\n"
        "                        the percents' difference; with one base, the counts'\n"
        "                        difference and its Wilson interval; a note says it is\n"
        "                        derived.  Repeat it for several\n"
        "  --sum NEW=A+B+...     with --proportions: a figure NEW derived in each group as\n"
        "                        the sum of the figures named (what a group's published\n"
        "                        shares add up to), as --difference does; repeatable\n"
        "\n"
        "Output:\n"
        "  --format F            text|csv|tsv|json|md (default text)\n"
        "  -o FILE               write to FILE (default stdout); written whole or not at all\n"
        "  -h, --help            show this help\n"
        "\n"
        "csv columns: group,category,n,total,percent,ci_low,ci_high,conf (percent and\n"
        "interval on the 0-100 scale; conf the interval level, as --conf, NA on a row\n"
        "with no interval; deff after it with --cluster).  With --compare: measure,\n"
        "category,group,reference,estimate,ci_low,ci_high,conf,df,p_value, where measure\n"
        "is chisq (category and group 'all'; estimate the statistic), difference\n"
        "(percentage points, group minus reference) or risk_ratio.  With --proportions:\n"
        "label,count,total,percent,ci_low,ci_high,conf (and base, exact|at_least|\n"
        "not_published, when a total ends in + or is empty).  conf is in csv, tsv and\n"
        "json only: text and md give the level in the title.\n"
        "Notes go to stderr with csv and tsv.\n"
        "\n"
        "Examples:\n"
        "  icstat describe --outcome grade --by gender --where phase=Primary \\\n"
        "      --categories \"Outstanding,Good,Requires improvement,Inadequate\" inspections.csv\n"
        "  icstat describe --outcome grade --by role --ref OI --compare --format csv \\\n"
        "      -o role.csv inspections.csv\n"
        "  icstat describe --proportions survey.csv\n",
        f);
}

enum {
    OPT_OUTCOME = 256, OPT_BY, OPT_WHERE, OPT_CATEGORIES, OPT_REF, OPT_COMPARE, OPT_PROPORTIONS,
    OPT_CLUSTER, OPT_BY_PERIOD, OPT_DATE, OPT_DIFFERENCE, OPT_SUM
};

static const struct option describe_options[] = {
    {"outcome", required_argument, NULL, OPT_OUTCOME},
    {"by", required_argument, NULL, OPT_BY},
    {"by-period", required_argument, NULL, OPT_BY_PERIOD},
    {"date", required_argument, NULL, OPT_DATE},
    {"where", required_argument, NULL, OPT_WHERE},
    {"categories", required_argument, NULL, OPT_CATEGORIES},
    {"ref", required_argument, NULL, OPT_REF},
    {"compare", no_argument, NULL, OPT_COMPARE},
    {"cluster", required_argument, NULL, OPT_CLUSTER},
    {"proportions", no_argument, NULL, OPT_PROPORTIONS},
    {"difference", required_argument, NULL, OPT_DIFFERENCE},
    {"sum", required_argument, NULL, OPT_SUM},
    {"years-between", required_argument, NULL, ICSTAT_OPT_YEARS_BETWEEN},
    {"band", required_argument, NULL, ICSTAT_OPT_BAND},
    {"conf", required_argument, NULL, ICSTAT_OPT_CONF},
    ICSTAT_CLI_OUTPUT_OPTIONS,
};

/* The options as read; spec points into argv and the lists. */
typedef struct {
    icstat_describe_spec spec;
    icstat_cli_common common;
    char **where, **categories; /* spec's, owned */
    int compare, proportions;
    icstat_derive derive;
    const char *by_period; /* --by-period as given, or NULL */
    icstat_period_kind period;
    const char *date;      /* --date, or NULL */
    char **differences;    /* --difference NEW=WHOLE-PART and --sum NEW=A+B+..., each as
                            * given after a '-' or '+' saying which (owned list) */
    size_t n_differences;
} describe_opts;

/* The column --by-period adds, which the groups are. */
#define PERIOD_COLUMN "period"

/* --by-period's value: 0 and o->period, or the exit status of a usage
 * error. */
static int period_option(const char *value, describe_opts *o)
{
    static const struct {
        const char *name;
        icstat_period_kind kind;
    } periods[] = {{"year", ICSTAT_PERIOD_YEAR},
                   {"academic-year", ICSTAT_PERIOD_ACADEMIC_YEAR},
                   {"term", ICSTAT_PERIOD_TERM}};
    for (size_t i = 0; i < sizeof periods / sizeof *periods; i++)
        if (strcmp(value, periods[i].name) == 0) {
            o->by_period = value;
            o->period = periods[i].kind;
            return 0;
        }
    return icstat_cli_usage_error("describe", "--by-period takes year, academic-year or term "
                                  "(got '%s')", value);
}

/* Append the conditions of one --where (a comma list) to o->where, each
 * checked as the engine will read it.  0, or the exit status of a usage
 * error or of out of memory. */
static int add_where(const char *value, describe_opts *o)
{
    size_t i = o->spec.n_where;
    int rc = icstat_cli_list_append("describe", "--where", value, &o->where, &o->spec.n_where);
    for (; rc == 0 && i < o->spec.n_where; i++) {
        icstat_condition c;
        icstat_error err;
        const int cs = icstat_condition_parse(o->where[i], 0, &c);
        icstat_condition_clear(&c);
        if (cs == ICSTAT_COND_NOMEM)
            rc = icstat_cli_out_of_memory();
        else if (cs != ICSTAT_COND_OK) {
            icstat_condition_refusal(&err, ICSTAT_EUSAGE, "--where", o->where[i], cs);
            rc = icstat_cli_usage_error("describe", "%s", err.msg);
        }
    }
    return rc;
}

/* One --difference NEW=WHOLE-PART (op '-') or --sum NEW=A+B+... (op '+'),
 * its form checked (NEW not empty, an op with something either side),
 * added to o->differences after op.  0, or the exit status of a usage
 * error or of out of memory. */
static int difference_option(const char *value, char op, describe_opts *o)
{
    const char *eq = strchr(value, '=');
    const char *d = eq ? strchr(eq + 1, op) : NULL;
    if (!eq || eq == value || !d || d == eq + 1 || !d[1])
        return op == '-' ? icstat_cli_usage_error("describe", "--difference takes NEW=WHOLE-PART, "
                                                  "e.g. requires_improvement=ri_or_inadequate-"
                                                  "inadequate (got '%s')", value)
                         : icstat_cli_usage_error("describe", "--sum takes NEW=A+B+..., e.g. "
                                                  "all=good+outstanding (got '%s')", value);
    char **v = realloc(o->differences, (o->n_differences + 2) * sizeof *v);
    if (!v)
        return icstat_cli_out_of_memory();
    o->differences = v;
    const size_t len = strlen(value);
    if (!(v[o->n_differences] = malloc(len + 2)))
        return icstat_cli_out_of_memory();
    v[o->n_differences][0] = op;
    memcpy(v[o->n_differences] + 1, value, len + 1);
    v[++o->n_differences] = NULL;
    return 0;
}

/* getopt_long over argv into o: 0 to go on, or -1 to stop with exit
 * status *rc (0 after --help). */
static int read_options(int argc, char **argv, describe_opts *o, int *rc)
{
    /* The options whose repeats add up (their --help says so). */
    static const int repeats[] = {OPT_WHERE, ICSTAT_OPT_YEARS_BETWEEN, ICSTAT_OPT_BAND,
                                  OPT_DIFFERENCE, OPT_SUM, 0};
    icstat_cli_parser parser = ICSTAT_CLI_PARSER("describe", describe_options, repeats);
    int c;
    while ((c = icstat_cli_getopt(&parser, argc, argv)) != -1) {
        switch (c) {
        case OPT_OUTCOME:
            o->spec.outcome = optarg;
            break;
        case OPT_BY:
            o->spec.by = optarg;
            break;
        case OPT_REF:
            o->spec.ref = optarg;
            break;
        case OPT_BY_PERIOD:
            if ((*rc = period_option(optarg, o)) != 0)
                return -1;
            break;
        case OPT_DATE:
            o->date = optarg;
            break;
        case OPT_CLUSTER:
            o->spec.cluster = optarg;
            break;
        case OPT_WHERE:
            if ((*rc = add_where(optarg, o)) != 0)
                return -1;
            break;
        case OPT_CATEGORIES:
            if ((*rc = icstat_cli_categories_option("describe", optarg, &o->categories,
                                                    &o->spec.n_categories, &o->spec.scale)) != 0)
                return -1;
            break;
        case OPT_COMPARE:
            o->compare = 1;
            break;
        case OPT_PROPORTIONS:
            o->proportions = 1;
            break;
        case OPT_DIFFERENCE:
        case OPT_SUM:
            if ((*rc = difference_option(optarg, c == OPT_SUM ? '+' : '-', o)) != 0)
                return -1;
            break;
        case ICSTAT_OPT_YEARS_BETWEEN:
        case ICSTAT_OPT_BAND:
            if (icstat_cli_derive_option("describe", c, optarg, &o->derive, rc) != 0)
                return -1;
            break;
        default:
            if (icstat_cli_common_option("describe", c, argv, describe_usage, &o->common, rc) != 0)
                return -1;
        }
    }
    if (o->by_period && !o->spec.by)
        o->spec.by = PERIOD_COLUMN;
    else if (o->by_period)
        o->spec.by = NULL; /* both: check_options refuses, with --by named */
    o->spec.where = (const char *const *)o->where;
    o->spec.categories = (const char *const *)o->categories;
    o->spec.conf = o->common.conf;
    return 0;
}

/* The options together, before any file is opened: 0, or the exit status
 * of a usage error. */
static int check_options(const describe_opts *o, int argc, char **argv)
{
    const icstat_describe_spec *s = &o->spec;
    int rc = icstat_cli_one_input("describe", argc, optind);
    if (rc != 0)
        return rc;
    if (o->by_period && (o->proportions || !s->by))
        return icstat_cli_usage_error("describe", "--by-period makes the groups: leave out %s",
                                      o->proportions ? "--proportions" : "--by");
    if (o->proportions && (s->where || s->categories || s->scale || s->ref || o->compare ||
                           s->cluster))
        return icstat_cli_usage_error("describe", "--proportions reads label,count,total "
                                      "figures; leave out --where, --categories, --ref, "
                                      "--cluster and --compare");
    if (o->differences && !o->proportions)
        return icstat_cli_usage_error("describe", "%s derives a figure from published ones: it "
                                      "needs --proportions",
                                      o->differences[0][0] == '+' ? "--sum" : "--difference");
    if (o->proportions && o->derive.n)
        return icstat_cli_usage_error("describe", "--proportions reads label,count,total "
                                      "figures; leave out --years-between and --band");
    if (o->date && !o->by_period)
        return icstat_cli_usage_error("describe", "--date names the date --by-period reads; "
                                      "give --by-period too");
    if (!o->proportions && !s->outcome)
        return icstat_cli_usage_error("describe", "no outcome: give --outcome COL (or "
                                      "--proportions for a file of counts)");
    if (!s->by && (o->compare || s->ref))
        return icstat_cli_usage_error("describe", "%s needs --by",
                                      o->compare ? "--compare" : "--ref");
    icstat_error err;
    icstat_error_clear(&err);
    if (s->categories &&
        icstat_categories_check(s->categories, s->n_categories, 1, "--categories", &err) != 0)
        return icstat_cli_report(&err);
    return icstat_cli_check_one("describe", argv[optind], o->common.out_path);
}

/* The derived columns, then the counts; --compare needs two groups. */
static int describe_table(describe_opts *o, icstat_table *t, icstat_describe_result **r,
                          icstat_error *err)
{
    int st = ICSTAT_OK;
    if (o->derive.n && ((st = icstat_table_need_rows(t, err)) != ICSTAT_OK ||
                        (st = icstat_derive_apply(&o->derive, t, err)) != ICSTAT_OK))
        return st;
    if (o->by_period &&
        (st = icstat_table_add_period(t, PERIOD_COLUMN, o->date ? o->date : "inspection_date",
                                      o->period, "--date", err)) !=
            ICSTAT_OK)
        return st;
    if ((st = icstat_describe_compute(t, &o->spec, r, err)) != ICSTAT_OK)
        return st;
    if (o->compare && (*r)->n_groups < 2)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                "--compare: '%s' has one level ('%s') among the rows "
                                "counted; a comparison needs two", o->spec.by,
                                (*r)->group_labels[0]);
    return ICSTAT_OK;
}

/* --proportions: the figures (labels in --outcome's column, groups in
 * --by's), then each --difference's and --sum's derived figure, in the
 * order given. */
static int proportions_table(const describe_opts *o, const icstat_table *t,
                             icstat_proportions **p, icstat_error *err)
{
    int st = icstat_proportions_read(t, o->common.conf, "--proportions", o->spec.outcome,
                                     o->spec.by, p, err);
    for (size_t i = 0; st == ICSTAT_OK && i < o->n_differences; i++) {
        char name[512];
        const char *spec = o->differences[i] + 1, *eq = strchr(spec, '=');
        snprintf(name, sizeof name, "%.*s", (int)(eq - spec), spec);
        st = o->differences[i][0] == '+'
                 ? icstat_proportions_sum(*p, name, eq + 1, o->common.conf, "--sum", err)
                 : icstat_proportions_difference(*p, name, eq + 1, o->common.conf,
                                                 "--difference", err);
    }
    return st;
}

/* The tables for the format: text and md show the percentages, the test
 * and the comparisons; csv, tsv and json one table, the percentages or
 * with --compare the measures.  How many, or 0 when out of memory. */
static size_t choose_tables(const describe_opts *o, const char *path,
                            const icstat_describe_result *r, const icstat_proportions *p,
                            icstat_result *res[3])
{
    const icstat_format fmt = o->common.fmt;
    const int human = fmt == ICSTAT_FMT_TEXT || fmt == ICSTAT_FMT_MD;
    const icstat_describe_view v = {path, &o->spec, human};
    if (o->proportions)
        return (res[0] = icstat_proportions_table(p, path, o->common.conf, human)) ? 1 : 0;
    if (!human)
        return (res[0] = o->compare ? icstat_describe_table_measures(r, &v)
                                    : icstat_describe_table_percent(r, &v)) ? 1 : 0;
    if (!(res[0] = icstat_describe_table_percent(r, &v)))
        return 0;
    if (r->n_groups < 2)
        return 1;
    res[1] = icstat_describe_table_test(r);
    res[2] = res[1] ? icstat_describe_table_compare(r, &v) : NULL;
    return res[2] ? 3 : 0;
}

int icstat_cmd_describe(int argc, char **argv)
{
    describe_opts o = {.common = ICSTAT_CLI_COMMON_INIT, .derive = ICSTAT_DERIVE_INIT};
    o.spec.names = (icstat_describe_names){"--outcome",    "--by",  "--where",
                                           "--categories", "--ref", "--cluster"};
    icstat_table *t = NULL;
    icstat_describe_result *r = NULL;
    icstat_proportions *p = NULL;
    icstat_result *res[3] = {NULL, NULL, NULL};
    int rc = 0;
    icstat_error err;
    icstat_error_clear(&err);
    if (read_options(argc, argv, &o, &rc) != 0 || (rc = check_options(&o, argc, argv)) != 0)
        goto done;

    const char *path = argv[optind];
    int st = icstat_table_read(path, &t, &err);
    if (st == ICSTAT_OK)
        st = o.proportions ? proportions_table(&o, t, &p, &err) : describe_table(&o, t, &r, &err);
    if (st != ICSTAT_OK) {
        if (!err.file[0] && st != ICSTAT_EUSAGE)
            snprintf(err.file, sizeof err.file, "%s", t ? t->path : path);
        rc = icstat_cli_report(&err);
        goto done;
    }
    const size_t nres = choose_tables(&o, t->path, r, p, res);
    if (nres == 0)
        rc = icstat_cli_out_of_memory();
    else if (icstat_cli_write_results((const icstat_result *const *)res, nres, o.common.out_path,
                                      o.common.fmt, &err) != ICSTAT_OK)
        rc = icstat_cli_report(&err);

done:
    for (size_t i = 0; i < 3; i++)
        icstat_result_free(res[i]);
    icstat_describe_result_free(r);
    icstat_proportions_free(p);
    icstat_table_free(t);
    icstat_strv_free(o.where);
    icstat_strv_free(o.categories);
    icstat_strv_free(o.differences);
    icstat_derive_clear(&o.derive);
    return rc;
}
