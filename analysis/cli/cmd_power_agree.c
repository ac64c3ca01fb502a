/* cmd_power_agree.c — `icstat power agree`: how precisely a
 * double-inspection study of n schools estimates agreement, by simulation
 * (the engine: power_agree.c).  Every option is checked before the first
 * simulation; the study's default designs and replicates are the engine's
 * (power.h: ICSTAT_POWER_AGREE_DEFAULTS). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icstat/cli.h"
#include "icstat/power.h"
#include "cmd_power_internal.h"

void icstat_cmd_power_agree_usage(FILE *f)
{
    fputs(
        "Usage: icstat power agree --probs P1,P2,... --agreement A|--kappa K [options]\n"
        "\n"
        "How precisely a double-inspection study of n schools estimates agreement, by\n"
        "simulation.  Two inspectors grade each school; each inspector's grades follow the\n"
        "shares P (one per category, adding to 1) and they agree with probability A in\n"
        "the population (the second inspector copies the first's grade with probability\n"
        "kappa and otherwise grades independently).  Each simulated study is analysed as\n"
        "`icstat agree` would; the table gives, for percent agreement, Cohen's kappa and\n"
        "Gwet's AC1, the population value, the mean estimate and its sd, the mean\n"
        "half-width of the interval and how often the interval covers the population\n"
        "value.\n"
        "\n"
        "Options:\n"
        "  --probs LIST          category shares, e.g. 0.9,0.1 (the decision to keep a\n"
        "                        school Good or convert) or 0.1,0.6,0.25,0.05 (grades),\n"
        "                        adding to 1; or percents adding to 100 (as `icstat\n"
        "                        describe` gives them), read as shares\n"
        "  --agreement A         population share of schools given the same category: a\n"
        "                        number, or AGREED/TOTAL as published, e.g. 22/24\n"
        "  --kappa K             instead of --agreement: the population Cohen's kappa,\n"
        "                        0 to 1 (agreement K + (1 - K) x the sum of squared shares)\n"
        "  --n LIST              numbers of schools (default 24,50,100,200,400)\n"
        "  --half-width W        also find the smallest n (from 10) whose sampling\n"
        "                        half-width (z x sd of the estimates) is at most W for\n"
        "                        each coefficient (in csv, tsv and json this table\n"
        "                        replaces the first); columns coefficient,half_width,\n"
        "                        schools_needed,population_value\n"
        "  --reps N              simulated studies per n (default 2000)\n"
        "  --seed S              random seed (default 1); replicate r uses seed + r, so the\n"
        "                        result does not depend on --threads; seed + reps - 1\n"
        "                        must not pass 4294967295\n"
        "  --threads T           threads (default: every processor)\n"
        "  --conf X              interval level (default 0.95); csv, tsv and json carry\n"
        "                        it in a last column conf of the designs' table\n"
        "  --format F, -o FILE   as every command (default text, stdout)\n"
        "  -h, --help            show this help\n"
        "\n"
        "Example (Ofsted 2017: 24 schools, 22 agreed):\n"
        "  icstat power agree --probs 0.85,0.15 --agreement 0.9167 --n 24 --half-width 0.1\n",
        f);
}

enum { OPT_PROBS = 256, OPT_AGREEMENT, OPT_KAPPA, OPT_N, OPT_HALF, OPT_REPS, OPT_SEED,
       OPT_THREADS };

static const struct option agree_options[] = {
    {"probs", required_argument, NULL, OPT_PROBS},
    {"agreement", required_argument, NULL, OPT_AGREEMENT},
    {"kappa", required_argument, NULL, OPT_KAPPA},
    {"n", required_argument, NULL, OPT_N},
    {"half-width", required_argument, NULL, OPT_HALF},
    {"reps", required_argument, NULL, OPT_REPS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"conf", required_argument, NULL, ICSTAT_OPT_CONF},
    ICSTAT_CLI_OUTPUT_OPTIONS,
};

/* The study's default designs and replicates (power.h). */
static const icstat_power_agree_defaults defaults = ICSTAT_POWER_AGREE_DEFAULTS;

/* What the options say; the lists are owned (ns NULL: the defaults). */
typedef struct {
    double *probs, *ns;
    size_t k, n_ns, reps;
    double agreement, width, kappa; /* NaN when not given */
    unsigned long seed, threads;
    icstat_cli_common common;
} agree_args;

/* --agreement AGREED/TOTAL, a published count: two whole numbers, TOTAL
 * at least 1, AGREED from 1 to TOTAL.  0, or -1 with *rc the exit status. */
static int agreement_fraction(agree_args *a, const char *value, int *rc)
{
    char buf[64];
    const char *slash = strchr(value, '/');
    const size_t len = (size_t)(slash - value);
    size_t agreed = 0, total = 0;
    if (len < sizeof buf) {
        memcpy(buf, value, len);
        buf[len] = '\0';
    }
    if (len >= sizeof buf || icstat_cli_parse_size(buf, &agreed) != 0 ||
        icstat_cli_parse_size(slash + 1, &total) != 0 || agreed == 0 || agreed > total) {
        *rc = icstat_cli_usage_error("power", "--agreement AGREED/TOTAL takes two whole numbers "
                                     "with 1 <= AGREED <= TOTAL, like 22/24 (got '%s')", value);
        return -1;
    }
    a->agreement = (double)agreed / (double)total;
    return 0;
}

/* Percents (shares adding to 100, as describe gives them) as shares. */
static void probs_from_percents(agree_args *a)
{
    double total = 0.0;
    for (size_t i = 0; i < a->k; i++)
        total += a->probs[i];
    if (fabs(total - 100.0) <= 1e-4)
        for (size_t i = 0; i < a->k; i++)
            a->probs[i] /= 100.0;
}

/* One option: 0 to go on, -1 to stop with exit status *rc. */
static int agree_option(agree_args *a, int c, char **argv, int *rc)
{
    switch (c) {
    case OPT_PROBS:
    case OPT_N: {
        const int probs = c == OPT_PROBS;
        double **v = probs ? &a->probs : &a->ns;
        free(*v);
        const int st = icstat_cli_power_numbers(optarg, probs ? NAN : 2, 1e6, v,
                                                probs ? &a->k : &a->n_ns);
        if (st == 0)
            return 0;
        *rc = st == -2 ? icstat_cli_out_of_memory()
              : probs  ? icstat_cli_usage_error("power", "--probs takes numbers, e.g. 0.9,0.1 "
                                                "(got '%s')", optarg)
                       : icstat_cli_usage_error("power", "--n takes whole numbers of schools "
                                                "from 2 to 1000000 (got '%s')", optarg);
        return -1;
    }
    case OPT_AGREEMENT:
        if (strchr(optarg, '/'))
            return agreement_fraction(a, optarg, rc);
        /* fall through */
    case OPT_HALF: {
        double *dst = c == OPT_AGREEMENT ? &a->agreement : &a->width;
        if (icstat_cli_parse_double(optarg, dst) == 0 && *dst > 0.0 && *dst <= 1.0)
            return 0;
        *rc = icstat_cli_usage_error("power", "%s must be a number above 0 and at most 1 (got "
                                     "'%s')", c == OPT_AGREEMENT ? "--agreement" : "--half-width",
                                     optarg);
        return -1;
    }
    case OPT_KAPPA:
        if (icstat_cli_parse_double(optarg, &a->kappa) == 0 && a->kappa >= 0.0 &&
            a->kappa <= 1.0)
            return 0;
        *rc = icstat_cli_usage_error("power", "--kappa must be a number from 0 to 1 (got '%s')",
                                     optarg);
        return -1;
    case OPT_REPS:
        return icstat_cli_power_reps("power", optarg, &a->reps, rc);
    case OPT_SEED:
        return icstat_cli_seed_option("power", optarg, &a->seed, rc);
    case OPT_THREADS:
        return icstat_cli_power_threads("power", optarg, &a->threads, rc);
    default:
        return icstat_cli_common_option("power", c, argv, icstat_cmd_power_agree_usage,
                                        &a->common, rc);
    }
}

/* All the options, and what they need of each other.  0 to run, -1 to
 * stop with exit status *rc. */
static int agree_parse(int argc, char **argv, agree_args *a, int *rc)
{
    icstat_cli_parser parser = ICSTAT_CLI_PARSER("power agree", agree_options, NULL);
    int c;
    while ((c = icstat_cli_getopt(&parser, argc, argv)) != -1)
        if (agree_option(a, c, argv, rc) != 0)
            return -1;
    if (optind != argc) {
        *rc = icstat_cli_usage_error("power", "unexpected argument '%s'", argv[optind]);
        return -1;
    }
    if ((*rc = icstat_cli_power_seed_check("power", a->seed, a->reps)) != 0)
        return -1;
    if (!isnan(a->agreement) && !isnan(a->kappa)) {
        *rc = icstat_cli_usage_error("power", "give --agreement or --kappa, not both");
        return -1;
    }
    if (!a->probs || (isnan(a->agreement) && isnan(a->kappa))) {
        *rc = icstat_cli_usage_error("power", "--probs and --agreement (or --kappa) are both "
                                     "needed");
        return -1;
    }
    probs_from_percents(a);
    icstat_error err;
    icstat_error_clear(&err);
    if (!isnan(a->kappa) &&
        icstat_power_agreement_at_kappa(a->k, a->probs, a->kappa, &a->agreement, &err) != 0) {
        *rc = icstat_cli_report(&err);
        return -1;
    }
    return 0;
}

/* The first table: a row per design and coefficient. */
static int agree_designs(const agree_args *a, const icstat_power_agree_spec *spec, char *label,
                         size_t label_len, icstat_result **out, icstat_error *err)
{
    const double *ns = a->ns ? a->ns : defaults.schools;
    const size_t n_ns = a->ns ? a->n_ns : defaults.n_designs;
    static const icstat_col_spec cols[] = {
        {"n", ICSTAT_COL_INT, 0},             {"coefficient", ICSTAT_COL_TEXT, 0},
        {"population_value", ICSTAT_COL_NUM, 4}, {"mean_estimate", ICSTAT_COL_NUM, 4},
        {"sd_estimate", ICSTAT_COL_NUM, 4},   {"mean_half_width", ICSTAT_COL_NUM, 4},
        {"sampling_half_width", ICSTAT_COL_NUM, 4},
        {"coverage", ICSTAT_COL_NUM, 3},      {"undefined", ICSTAT_COL_INT, 0},
        /* csv, tsv and json only: the level of the intervals behind
         * mean_half_width and coverage, so that a chart reads it */
        {"conf", ICSTAT_COL_NUM, 3},
    };
    const int human = a->common.fmt == ICSTAT_FMT_TEXT || a->common.fmt == ICSTAT_FMT_MD;
    const size_t ncol = human ? 9 : 10;
    char title[512];
    snprintf(title, sizeof title,
             "Double-inspection designs: %zu categories, population agreement %g; %zu simulated "
             "studies per n, %g%% intervals as in `icstat agree` (simulated)",
             a->k, a->agreement, a->reps, 100.0 * a->common.conf);
    icstat_result *res = *out = icstat_result_alloc(title, cols, ncol);
    if (!res)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < n_ns; i++) {
        icstat_power_coef pc[ICSTAT_POWER_COEFS];
        snprintf(label, label_len, "n = %zu", (size_t)ns[i]);
        int st = icstat_power_agree(spec, (size_t)ns[i], pc, err);
        if (st != ICSTAT_OK)
            return st;
        for (size_t j = 0; j < ICSTAT_POWER_COEFS; j++) {
            long row = icstat_result_add_row(res);
            if (row < 0 || icstat_result_set_text(res, (size_t)row, 1, pc[j].name) != 0)
                return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            const double v[] = {ns[i],           NAN,           pc[j].truth,
                                pc[j].mean,      pc[j].sd,      pc[j].half_width,
                                pc[j].spread,    pc[j].coverage, (double)pc[j].undefined,
                                spec->conf};
            for (size_t col = 0; col < ncol; col++)
                if (col != 1)
                    icstat_result_set_num(res, (size_t)row, col, v[col]);
        }
    }
    return ICSTAT_OK;
}

/* The --half-width table: the schools each coefficient needs. */
static int agree_needed(double width, const icstat_power_agree_spec *spec, char *label,
                        size_t label_len, icstat_result **out, icstat_error *err)
{
    static const icstat_col_spec ncols[] = {{"coefficient", ICSTAT_COL_TEXT, 0},
                                            {"half_width", ICSTAT_COL_NUM, 3},
                                            {"schools_needed", ICSTAT_COL_INT, 0},
                                            {"population_value", ICSTAT_COL_NUM, 4}};
    char title[512];
    snprintf(title, sizeof title, "Schools needed for a sampling half-width (z x sd of the "
                                  "estimates) of at most %g (simulated)", width);
    icstat_result *res = *out = icstat_result_alloc(title, ncols, 4);
    if (!res)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    /* what each coefficient is in the population (the design's input,
     * as the first table gives it), beside the schools it needs */
    double truth[ICSTAT_POWER_COEFS];
    int pst = icstat_power_agree_population(spec, truth, err);
    if (pst != ICSTAT_OK)
        return pst;
    for (size_t j = 0; j < ICSTAT_POWER_COEFS; j++) {
        size_t need = 0;
        snprintf(label, label_len, "searching n for the half-width");
        int st = icstat_power_agree_n(spec, j, width, 1000000, &need, err);
        if (st != ICSTAT_OK)
            return st;
        long row = icstat_result_add_row(res);
        if (row < 0 || icstat_result_set_text(res, (size_t)row, 0, icstat_power_coef_name(j)) != 0)
            return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        icstat_result_set_num(res, (size_t)row, 1, width);
        icstat_result_set_num(res, (size_t)row, 2, need ? (double)need : NAN);
        icstat_result_set_num(res, (size_t)row, 3, truth[j]);
    }
    return ICSTAT_OK;
}

int icstat_cmd_power_agree(int argc, char **argv)
{
    agree_args a = {NULL, NULL, 0, 0, defaults.reps, NAN, NAN, NAN, 1, 0, ICSTAT_CLI_COMMON_INIT};
    icstat_result *res[2] = {NULL, NULL};
    icstat_error err;
    icstat_error_clear(&err);
    int rc = 0;
    if (agree_parse(argc, argv, &a, &rc) != 0)
        goto done;
    char label[64];
    icstat_power_agree_spec spec = {a.k, a.probs, a.agreement, a.reps, a.seed, a.common.conf,
                                    (int)a.threads,
                                    isatty(STDERR_FILENO) ? icstat_cli_power_progress : NULL,
                                    label};
    const int human = a.common.fmt == ICSTAT_FMT_TEXT || a.common.fmt == ICSTAT_FMT_MD;
    int st = agree_designs(&a, &spec, label, sizeof label, &res[0], &err);
    if (st == ICSTAT_OK && human &&
        icstat_result_add_note(res[0], "mean_half_width: the average half-width of the "
                                       "intervals the studies would report; "
                                       "sampling_half_width: z x sd_estimate, the precision "
                                       "the design really has; coverage: share of reported "
                                       "intervals containing the population value; undefined: "
                                       "studies where the coefficient is NA (e.g. both "
                                       "inspectors used one category only)") != 0)
        st = icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    if (st == ICSTAT_OK && !isnan(a.width))
        st = agree_needed(a.width, &spec, label, sizeof label, &res[1], &err);
    if (st == ICSTAT_OK) {
        /* Text and md show both tables; the machine formats one, the last. */
        const icstat_result *parts[2] = {res[0], res[1]};
        const icstat_result *const *show = (!human && res[1]) ? parts + 1 : parts;
        st = icstat_cli_write_results(show, human && res[1] ? 2 : 1, a.common.out_path,
                                      a.common.fmt, &err);
    }
    if (st != ICSTAT_OK)
        rc = icstat_cli_report(&err);
done:
    icstat_result_free(res[0]);
    icstat_result_free(res[1]);
    free(a.probs);
    free(a.ns);
    return rc;
}
