/* cmd_fit_options.c — `icstat fit`'s options: the help text and the
 * parser, which checks every option and their combinations before the
 * command reads anything (cmd_fit.c runs what they say). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icstat/cli.h"
#include "icstat/clm.h"

#include "cmd_fit_internal.h"

static void fit_usage(FILE *f)
{
    fputs(
        "Usage: icstat fit [options] FILE\n"
        "\n"
        "Cumulative link models of an ordered outcome (a grade), with a random intercept\n"
        "for a grouping column (normally the lead inspector):\n"
        "    P(grade <= j) = F(theta_j - x'beta - u_inspector),  u ~ N(0, sigma^2)\n"
        "as in R's ordinal::clm and clmm.  A positive coefficient moves towards the\n"
        "higher-numbered categories (for Ofsted's 1-4 coding: worse grades).\n"
        "FILE has one row per inspection; rows missing a value the model uses are dropped.\n"
        "\n"
        "Model:\n"
        "  --outcome COL         ordered outcome; numbers are ordered numerically, the\n"
        "                        words of a known scale (Ofsted's, the report card's,\n"
        "                        Met/Not met) in its order, in any case\n"
        "  --categories LIST     the outcome's categories in order (needed for other\n"
        "                        text); or a scale's name: ofsted (1 Outstanding ..\n"
        "                        4 Inadequate; Satisfactory is 3), report-card\n"
        "                        (1 Exceptional .. 5 Urgent improvement) or met, for\n"
        "                        its words or codes 1..k, shown as its words\n"
        "  --binary \"COL>=3\"     a binary outcome from a condition (>=, >, <=, <, =, !=):\n"
        "                        1 when it holds, 0 otherwise\n"
        "  --terms A,B,...       fixed effects: numeric columns enter as numbers, text\n"
        "                        columns as categories (the first level is the\n"
        "                        reference: sorted, or in a known scale's order).\n"
        "                        Interactions as in R: A:B is the interaction, A*B is\n"
        "                        A,B,A:B and A*B*C every effect up to A:B:C.  A part\n"
        "                        need not be a term: it is coded as R codes it\n"
        "                        (phase,pupils:phase: a slope in each phase), and a\n"
        "                        column R's clm drops as aliased is left out with a\n"
        "                        note (A:B alone).  Columns are products, named with\n"
        "                        the parts in order of first appearance:\n"
        "                        gender=F:phase=Secondary, pupils:phase=Secondary,\n"
        "                        pupils:fsm.  Coefficients come in R's order: main\n"
        "                        effects, then two-way, then higher interactions\n"
        "  --factor A,B          treat these numeric terms as categories (in their\n"
        "                        interactions too)\n"
        "  --ref A=LEVEL,...     reference level of a categorical term (its\n"
        "                        interactions' columns follow)\n"
        "  --group COL           random intercept for COL (without it: no random effect);\n"
        "                        give it again, or a list A,B, for a random intercept\n"
        "                        each, crossed or nested (found from the data), as\n"
        "                        clmm's (1|A) + (1|B): fitted by the joint Laplace\n"
        "                        approximation (--quad above 1 is for one --group)\n"
        "  --join FILE2:KEY      add the columns of FILE2 (e.g. inspector gender, HMI/OI),\n"
        "                        matching rows on column KEY that both files have; when\n"
        "                        KEY is the --group column its columns are inspector\n"
        "                        characteristics (see --inspector-terms)\n"
        "  --inspector-terms A,B terms that are characteristics of the inspector (the\n"
        "                        --group's member), besides those --join brings in on\n"
        "                        the --group column: drawn with the inspector in\n"
        "                        inspector_agreement; each must take one value for each\n"
        "                        inspector.  A term merely constant within every group\n"
        "                        (a school's phase when inspectors specialise) stays the\n"
        "                        school's\n"
        "  --lag-previous DATE   add the group's previous outcome, in order of column DATE\n"
        "                        (YYYY-MM-DD or DD/MM/YYYY, and a time of day HH:MM[:SS]\n"
        "                        when given), as the categorical term 'previous'; each\n"
        "                        group's first row is dropped; two rows of a group at\n"
        "                        the same time are refused\n",
        f);
    fputs(
        ICSTAT_CLI_DERIVE_HELP
        ICSTAT_CLI_WHERE_HELP
        "  --link L              logit|probit|cloglog (default logit)\n"
        "  --quad N              adaptive Gauss-Hermite points per group, 1 = Laplace,\n"
        "                        up to 25 (default 7)\n"
        "  --conf X              interval level (default 0.95)\n"
        "  --max-seconds S       stop with an error when fitting takes longer than S\n"
        "                        seconds of wall-clock time (default 3600; 0 = no bound);\n"
        "                        a fit that converges in time gives the same answer\n"
        "\n",
        f);
    fputs(
        "Reports:\n"
        "  --effects FILE        each group's conditional mode, conditional sd, interval,\n"
        "                        rank (1 = largest, towards the highest category) and rows;\n"
        "                        csv, tsv, json or md by FILE's extension, else --format;\n"
        "                        with several --group, every factor's groups in FILE with\n"
        "                        a first column 'factor' (ranks within a factor), or\n"
        "                        --effects A=FILE,B=FILE2: one file per factor named\n"
        "  --margins TERM        average predicted probability of each category for each\n"
        "                        level of a categorical TERM (the random effects integrated\n"
        "                        out), with delta-method intervals; in csv, tsv and json this\n"
        "                        table replaces the model table.  Each row in turn is set to\n"
        "                        the level in every column involving TERM (in an\n"
        "                        interaction, with the row's own levels of the other\n"
        "                        parts), the other columns as observed, and the\n"
        "                        predictions are averaged over all rows (the averaged\n"
        "                        counterfactual predictions of R's marginaleffects and\n"
        "                        ggeffects' margin = \"empirical\").  TERM may be an\n"
        "                        interaction of categorical terms, A:B: one level per\n"
        "                        combination, written LEVEL_A:LEVEL_B (A fastest); one\n"
        "                        --group only\n"
        "  --margins-tails       with --margins, each category with every one after it too,\n"
        "                        category A+B+... (\"Requires improvement+Inadequate\":\n"
        "                        Requires improvement or worse), its probability the sum\n"
        "                        and its interval from the summed gradients (allowing for\n"
        "                        the categories' covariance), after each level's own\n"
        "  --test TERMS          likelihood-ratio test of each named term (or 'all': every\n"
        "                        term no interaction contains, as R's drop1): the model\n"
        "                        refitted without it on the same rows, with the same link,\n"
        "                        --group and --quad; may be given again.  A term inside an\n"
        "                        interaction cannot be dropped alone (test the interaction)\n"
        "  --nominal-test        for each term, is proportional odds a fair summary?  The\n"
        "                        likelihood-ratio test against the model in which that\n"
        "                        term has a separate effect at each cut point (as ordinal's\n"
        "                        nominal_test; with --group, of the model without it); NA\n"
        "                        with the reason when that model has no valid fit\n"
        "\n",
        f);
    fputs(
        "Output:\n"
        "  --format F            text|csv|tsv|json|md (default text)\n"
        "  -o FILE               write to FILE (default stdout); written whole or not at all\n"
        "  -h, --help            show this help\n"
        "\n"
        "csv columns: kind,term,estimate,se,z,p_value,ci_low,ci_high,conf,odds_ratio,\n"
        "or_ci_low,or_ci_high (conf: the level of the row's interval, NA on rows with\n"
        "none; odds_ratio and its interval: exp of a coefficient's estimate and limits\n"
        "under the logit link, NA on every other row), with kinds coef,\n"
        "threshold, random (var and sd of the group effect), fit (loglik, aic, bic, n,\n"
        "groups, mean_per_group (n / groups), groups_excluding_zero (the groups whose\n"
        "--effects interval lies wholly above or below 0), groups_above_zero and\n"
        "groups_below_zero (the two sides), iterations, converged, warnings;\n"
        "dropped_first with --lag-previous; NA where there is no --group) and\n"
        "derived (latent_icc, median_odds_ratio, lr_stat, lr_p_value, inspector_agreement,\n"
        "inspector_kappa, implied_agreement, implied_kappa; inspector_change and\n"
        "implied_change, 1 - each agreement with its interval reversed), and with\n"
        "--test and --nominal-test, test and nominal_test (the statistic in estimate,\n"
        "its p_value; the degrees of freedom in the notes); last, reference: one row per\n"
        "categorical term, term NAME=LEVEL its reference level (the level its\n"
        "coefficients are against), numbers NA.  With several --group, per factor G:\n"
        "random var(G), sd(G), fit groups(G), mean_per_group(G), groups_excluding_zero(G),\n"
        "groups_above_zero(G), groups_below_zero(G) and derived latent_icc(G) (G's\n"
        "share of the latent variance),\n"
        "median_odds_ratio(G), lr_stat(G), lr_p_value(G) (the model refitted without G);\n"
        "with exactly two, the agreement rows take the first as the\n"
        "inspector and the second as the school.  Warnings and notes go to stderr with\n"
        "csv and tsv.  Every format gives the same cells: z and p_value for coef rows\n"
        "only (NA for thresholds: a test of theta = 0 means nothing); a p-value below\n"
        "0.0001 (lr_p_value too) is <0.0001 in text and md, the number in csv, tsv and\n"
        "json; a kappa zero but for rounding (|x| < 1e-12) is 0.\n"
        "\n",
        f);
    fputs(
        "inspector_agreement: the chance that two inspectors drawn from the fitted\n"
        "population give the same inspection the same grade: the school's latent value\n"
        "(its terms and the latent residual) held fixed, only the inspector's\n"
        "characteristics and random intercept drawn twice; 1 minus it answers \"if only\n"
        "the lead inspector had been someone else, how often would the grade change?\",\n"
        "counting only inspectors' consistent differences (an inspector's reaction to\n"
        "one school is in the residual, counted as the school's).  implied_agreement:\n"
        "two independent inspections of the same school, everything the model does not\n"
        "explain counting as disagreement: a lower bound on agreement (1 minus it an\n"
        "upper bound on how often another inspector would change the grade, not an\n"
        "estimate of it).  The kappas are both beyond chance (the average predicted\n"
        "grade shares).  Intervals: delta method on the logit scale (the implied\n"
        "kappa's on the square-root scale: near 0 it is a variance).  Without --group\n"
        "the rows give these only with inspector terms, whose values are drawn as the\n"
        "rows have them (inspectors weighted by their inspections); with a group each\n"
        "inspector counts once.  Not given with three or more --group, or when an\n"
        "interaction mixes an inspector characteristic with the school's terms.\n"
        "--effects csv: group,n,effect,se,ci_low,ci_high,conf,rank,odds_ratio,or_ci_low,\n"
        "or_ci_high (factor first when one file holds several factors; the odds ratios\n"
        "exp of effect and its interval under the logit link, NA under the others).\n"
        "--margins csv: level,category,probability,ci_low,ci_high,conf.\n"
        "(conf, the interval level, as in the model's csv: csv, tsv and json only.)\n"
        "\n"
        "Examples:\n"
        "  icstat fit --outcome grade --terms phase,female --group inspector inspections.csv\n"
        "  icstat fit --outcome grade --terms phase,gender,role --group inspector \\\n"
        "      --join inspectors.csv:inspector --margins gender inspections.csv\n"
        "  icstat fit --outcome grade --terms gender*phase,role --group inspector \\\n"
        "      --join inspectors.csv:inspector --margins gender:phase inspections.csv\n"
        "  icstat fit --outcome grade --terms phase,gender,role --group inspector \\\n"
        "      --join inspectors.csv:inspector --test gender,role --nominal-test \\\n"
        "      inspections.csv\n"
        "  icstat fit --binary \"grade>=4\" --terms phase --group inspector \\\n"
        "      --lag-previous date inspections.csv\n"
        "  icstat fit --outcome grade --terms phase --group inspector --group urn \\\n"
        "      --effects inspector=inspectors_eff.csv,urn=schools_eff.csv inspections.csv\n"
        "  icstat fit --outcome overall_effectiveness --terms phase,idaci_quintile,size \\\n"
        "      --factor idaci_quintile --band size=pupils:100,250,500,1000 \\\n"
        "      --group local_authority --effects la.csv inspections.csv\n",
        f);
}

enum {
    OPT_OUTCOME = 256, OPT_CATEGORIES, OPT_BINARY, OPT_TERMS, OPT_FACTOR, OPT_REF, OPT_GROUP,
    OPT_JOIN, OPT_LAG, OPT_LINK, OPT_QUAD, OPT_EFFECTS, OPT_MARGINS, OPT_MAX_SECONDS,
    OPT_TEST, OPT_NOMINAL_TEST, OPT_INSPECTOR_TERMS, OPT_MARGINS_TAILS
};

static const struct option fit_options[] = {
    {"outcome", required_argument, NULL, OPT_OUTCOME},
    {"categories", required_argument, NULL, OPT_CATEGORIES},
    {"binary", required_argument, NULL, OPT_BINARY},
    {"terms", required_argument, NULL, OPT_TERMS},
    {"factor", required_argument, NULL, OPT_FACTOR},
    {"ref", required_argument, NULL, OPT_REF},
    {"group", required_argument, NULL, OPT_GROUP},
    {"join", required_argument, NULL, OPT_JOIN},
    {"inspector-terms", required_argument, NULL, OPT_INSPECTOR_TERMS},
    {"lag-previous", required_argument, NULL, OPT_LAG},
    {"link", required_argument, NULL, OPT_LINK},
    {"quad", required_argument, NULL, OPT_QUAD},
    {"max-seconds", required_argument, NULL, OPT_MAX_SECONDS},
    {"conf", required_argument, NULL, ICSTAT_OPT_CONF},
    {"effects", required_argument, NULL, OPT_EFFECTS},
    {"margins", required_argument, NULL, OPT_MARGINS},
    {"margins-tails", no_argument, NULL, OPT_MARGINS_TAILS},
    {"test", required_argument, NULL, OPT_TEST},
    {"nominal-test", no_argument, NULL, OPT_NOMINAL_TEST},
    ICSTAT_CLI_DERIVE_OPTIONS,
    ICSTAT_CLI_OUTPUT_OPTIONS,
};

/* One option (c from getopt_long, its value in optarg) into a; those that
 * every command shares go to cli.c.  0, or -1 with the exit status in *rc. */
static int fit_option(int c, char **argv, icstat_fit_args *a, int *rc)
{
    int k;
    size_t q;
    double secs;
    switch (c) {
    case OPT_OUTCOME:
        a->outcome = optarg;
        break;
    case OPT_BINARY:
        a->binary = optarg;
        break;
    case OPT_GROUP:
        *rc = icstat_cli_list_append("fit", "--group", optarg, &a->groups, &a->n_groups);
        return *rc != 0 ? -1 : 0;
    case OPT_JOIN:
        a->join = optarg;
        break;
    case OPT_LAG:
        a->lag = optarg;
        break;
    case OPT_EFFECTS:
        return icstat_cli_output_option("fit", "--effects", optarg, &a->effects_path, rc);
    case OPT_MARGINS:
        a->margins = optarg;
        break;
    case OPT_MARGINS_TAILS:
        a->margins_tails = 1;
        break;
    case OPT_CATEGORIES:
        *rc = icstat_cli_categories_option("fit", optarg, &a->categories, &a->n_categories,
                                           &a->scale);
        return *rc != 0 ? -1 : 0;
    case OPT_TERMS:
        *rc = icstat_cli_list_option("fit", "--terms", optarg, &a->terms, &a->n_terms);
        return *rc != 0 ? -1 : 0;
    case OPT_TEST:
        /* Given again, adds to the list: each --test names more terms. */
        *rc = icstat_cli_list_append("fit", "--test", optarg, &a->tests, &a->n_tests);
        return *rc != 0 ? -1 : 0;
    case OPT_NOMINAL_TEST:
        a->nominal_test = 1;
        break;
    case OPT_FACTOR:
        *rc = icstat_cli_list_option("fit", "--factor", optarg, &a->factors, &a->n_factors);
        return *rc != 0 ? -1 : 0;
    case OPT_INSPECTOR_TERMS:
        *rc = icstat_cli_list_option("fit", "--inspector-terms", optarg, &a->inspector_terms,
                                     &a->n_inspector_terms);
        return *rc != 0 ? -1 : 0;
    case OPT_REF:
        if ((*rc = icstat_cli_list_option("fit", "--ref", optarg, &a->refs, &a->n_refs)) != 0)
            return -1;
        for (size_t i = 0; i < a->n_refs; i++)
            if (!strchr(a->refs[i], '=') || a->refs[i][0] == '=') {
                *rc = icstat_cli_usage_error("fit", "--ref takes TERM=LEVEL (got '%s')",
                                             a->refs[i]);
                return -1;
            }
        break;
    case OPT_LINK:
        if ((k = icstat_link_lookup(optarg)) < 0) {
            *rc = icstat_cli_usage_error("fit", "unknown --link '%s' (use logit, probit or "
                                         "cloglog)", optarg);
            return -1;
        }
        a->opt.link = (icstat_link)k;
        break;
    case OPT_QUAD:
        if (icstat_cli_parse_size(optarg, &q) != 0 || q < 1 || q > ICSTAT_CLM_MAX_QUAD) {
            *rc = icstat_cli_usage_error("fit", "--quad must be a whole number from 1 "
                                         "(Laplace) to %d (got '%s')", ICSTAT_CLM_MAX_QUAD,
                                         optarg);
            return -1;
        }
        a->opt.quad = (int)q;
        a->quad_given = 1;
        break;
    case OPT_MAX_SECONDS:
        if (!icstat_parse_double(optarg, &secs) || !(secs >= 0.0) || !isfinite(secs)) {
            *rc = icstat_cli_usage_error("fit", "--max-seconds must be a number of seconds, "
                                         "0 or more (got '%s')", optarg);
            return -1;
        }
        a->opt.max_seconds = secs > 0.0 ? secs : -1.0; /* 0: no bound */
        break;
    case ICSTAT_OPT_YEARS_BETWEEN:
    case ICSTAT_OPT_BAND:
    case ICSTAT_OPT_WHERE:
        return icstat_cli_derive_option("fit", c, optarg, &a->derive, rc);
    default:
        return icstat_cli_common_option("fit", c, argv, fit_usage, &a->common, rc);
    }
    return 0;
}

/* Index of the --group column `name`, or n_groups. */
int fit_terms_mention(const icstat_fit_args *a, const char *name)
{
    const size_t len = strlen(name);
    for (size_t j = 0; j < a->n_terms; j++) {
        if (strcmp(a->terms[j], name) == 0)
            return 1;
        /* each name between ':' and '*', spaces around it dropped */
        for (const char *s = a->terms[j]; *s;) {
            const size_t n = strcspn(s, ":*");
            size_t b = 0, e = n;
            while (b < e && (s[b] == ' ' || s[b] == '\t'))
                b++;
            while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
                e--;
            if (e - b == len && memcmp(s + b, name, len) == 0)
                return 1;
            s += n + (s[n] != '\0');
        }
    }
    return 0;
}

static size_t group_index(const icstat_fit_args *a, const char *name)
{
    size_t g = 0;
    while (g < a->n_groups && strcmp(a->groups[g], name) != 0)
        g++;
    return g;
}

/* --effects G=FILE,G2=FILE2 with two or more groups: one file per named
 * group (none for a group not named).  The value is such a list when its
 * first item has '=' after a plain name (no '/' or '.'), and then every
 * item must name a --group column once; otherwise --effects is one file
 * for every factor (./A=B names a file with '=').  0, or -1 with the exit
 * status in *rc. */
static int split_effects(icstat_fit_args *a, int *rc)
{
    const char *e = a->effects_path;
    const size_t head = e ? strcspn(e, "=,") : 0;
    if (!e || a->n_groups < 2 || e[head] != '=' || head == 0 || strcspn(e, "/.") < head)
        return 0;
    if (!(a->effects_split = strdup(e)) ||
        !(a->effects_for = calloc(a->n_groups, sizeof *a->effects_for))) {
        *rc = icstat_cli_out_of_memory();
        return -1;
    }
    for (char *item = a->effects_split, *next; item; item = next) {
        next = strchr(item, ',');
        if (next)
            *next++ = '\0';
        char *eq = strchr(item, '=');
        if (eq)
            *eq = '\0';
        const size_t g = eq ? group_index(a, item) : a->n_groups;
        const char *why = !eq ? "--effects '%s': each item of a list is GROUP=FILE (got '%s')"
                        : g == a->n_groups ? "--effects '%s': '%s' is not a --group column"
                        : !eq[1] ? "--effects '%s': %s= has no file name"
                        : a->effects_for[g] ? "--effects '%s' names group '%s' twice"
                                            : NULL;
        if (why) {
            *rc = icstat_cli_usage_error("fit", why, e, item);
            return -1;
        }
        a->effects_for[g] = eq + 1;
    }
    return 0;
}

/* --test and --nominal-test: no name twice, "all" alone, a model table
 * to hold the rows, an outcome with proportional odds to test.  0, or -1
 * with the exit status in *rc. */
static int check_tests(const icstat_fit_args *a, int *rc)
{
    for (size_t i = 0; i < a->n_tests; i++) {
        if (strcmp(a->tests[i], "all") == 0 && a->n_tests > 1) {
            *rc = icstat_cli_usage_error("fit", "--test all tests every term: give it alone, "
                                         "not with other names");
            return -1;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(a->tests[i], a->tests[j]) == 0) {
                *rc = icstat_cli_usage_error("fit", "--test names '%s' twice", a->tests[i]);
                return -1;
            }
    }
    if (a->margins_tails && !a->margins) {
        *rc = icstat_cli_usage_error("fit", "--margins-tails adds rows to the margins: give "
                                     "--margins TERM too");
        return -1;
    }
    const icstat_format fmt = a->common.fmt;
    if ((a->n_tests || a->nominal_test) && a->margins && fmt != ICSTAT_FMT_TEXT &&
        fmt != ICSTAT_FMT_MD) {
        *rc = icstat_cli_usage_error("fit", "in %s, --margins replaces the model table that "
                                     "holds the rows of %s; run the two apart",
                                     icstat_format_name(fmt),
                                     a->n_tests ? "--test" : "--nominal-test");
        return -1;
    }
    if (a->nominal_test && a->binary) {
        *rc = icstat_cli_usage_error("fit", "--nominal-test needs an outcome of three or more "
                                     "categories: --binary has two, and so one cut point with "
                                     "nothing to test");
        return -1;
    }
    return 0;
}

/* Two or more --group: each column once; adaptive quadrature (an explicit
 * --quad above 1) is for one grouping factor, and the default then means
 * the Laplace approximation.  0, or -1 with the
 * exit status in *rc. */
static int check_groups(icstat_fit_args *a, int *rc)
{
    for (size_t g = 0; g < a->n_groups; g++)
        for (size_t h = 0; h < g; h++)
            if (strcmp(a->groups[g], a->groups[h]) == 0) {
                *rc = icstat_cli_usage_error("fit", "--group names '%s' twice; each grouping "
                                             "column gets one random intercept", a->groups[g]);
                return -1;
            }
    a->group = a->n_groups ? a->groups[0] : NULL;
    if (a->n_groups < 2)
        return 0;
    if (a->quad_given && a->opt.quad > 1) {
        *rc = icstat_cli_usage_error("fit", "--quad %d: adaptive Gauss-Hermite quadrature is for "
                                     "one grouping factor; with %zu (--group %s,...) the fit "
                                     "uses the Laplace approximation (--quad 1)",
                                     a->opt.quad, a->n_groups, a->groups[0]);
        return -1;
    }
    a->opt.quad = 1;
    return split_effects(a, rc);
}

/* What no single option can check: one input, one outcome, inspector terms
 * among the terms, --effects with a group, standard input read once,
 * --join's FILE:KEY.  0, or -1 with the exit status in *rc. */
static int fit_args_check(int argc, char **argv, icstat_fit_args *a, int *rc)
{
    if (check_groups(a, rc) != 0)
        return -1;
    if ((*rc = icstat_cli_one_input("fit", argc, optind)) != 0)
        return -1;
    if (!a->outcome == !a->binary) {
        *rc = icstat_cli_usage_error("fit", a->outcome ? "give --outcome or --binary, not both"
                                                       : "no outcome: give --outcome COL or "
                                                         "--binary \"COL>=3\"");
        return -1;
    }
    if (a->binary && (a->categories || a->scale)) {
        *rc = icstat_cli_usage_error("fit", "--categories does not apply to --binary");
        return -1;
    }
    for (size_t i = 0; i < a->n_inspector_terms; i++) {
        if (!fit_terms_mention(a, a->inspector_terms[i])) {
            *rc = icstat_cli_usage_error("fit", "--inspector-terms names '%s', which is not in "
                                         "--terms", a->inspector_terms[i]);
            return -1;
        }
    }
    if (a->effects_path && !a->group) {
        *rc = icstat_cli_usage_error("fit", "--effects needs --group");
        return -1;
    }
    if (check_tests(a, rc) != 0)
        return -1;
    a->path = argv[optind];
    /* "-" is standard input for either file, but stdin can be read once. */
    if (a->join && strcmp(a->path, "-") == 0 && strncmp(a->join, "-:", 2) == 0) {
        *rc = icstat_cli_usage_error("fit", "the input FILE and --join '%s' both read standard "
                                     "input ('-'); give one of them as a file", a->join);
        return -1;
    }
    const char *colon = a->join ? strrchr(a->join, ':') : NULL;
    if (a->join && (!colon || colon == a->join || !colon[1])) {
        *rc = icstat_cli_usage_error("fit", "--join takes FILE:KEY (got '%s')", a->join);
        return -1;
    }
    return 0;
}

int icstat_fit_args_parse(int argc, char **argv, icstat_fit_args *a, int *rc)
{
    *a = (icstat_fit_args){.common = ICSTAT_CLI_COMMON_INIT,
                           .opt = {.link = ICSTAT_LINK_LOGIT, .quad = 7,
                                   .time_option = "--max-seconds"}};
    *rc = 0;

    /* The options whose repeats add up (their --help says so). */
    static const int repeats[] = {OPT_GROUP, OPT_TEST, ICSTAT_OPT_WHERE, ICSTAT_OPT_YEARS_BETWEEN, ICSTAT_OPT_BAND, 0};
    icstat_cli_parser parser = ICSTAT_CLI_PARSER("fit", fit_options, repeats);
    int c;
    while ((c = icstat_cli_getopt(&parser, argc, argv)) != -1)
        if (fit_option(c, argv, a, rc) != 0)
            return -1;
    return fit_args_check(argc, argv, a, rc);
}

void icstat_fit_args_free(icstat_fit_args *a)
{
    icstat_strv_free(a->terms);
    icstat_strv_free(a->factors);
    icstat_strv_free(a->refs);
    icstat_strv_free(a->categories);
    icstat_strv_free(a->groups);
    icstat_strv_free(a->tests);
    free(a->effects_split);
    free(a->effects_for);
    a->effects_split = NULL;
    a->effects_for = NULL;
    icstat_strv_free(a->inspector_terms);
    a->terms = a->factors = a->refs = a->categories = a->groups = a->tests = NULL;
    a->inspector_terms = NULL;
    icstat_derive_clear(&a->derive);
}
