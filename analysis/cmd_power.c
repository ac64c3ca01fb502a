/* cmd_power.c — `icstat power agree`: how many double inspections a
 * reliability study needs. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icstat/cli.h"
#include "icstat/power.h"

static void power_usage(FILE *f)
{
    fputs(
        "Usage: icstat power agree --probs P1,P2,... --agreement A [options]\n"
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
        "                        school Good or convert) or 0.1,0.6,0.25,0.05 (grades)\n"
        "  --agreement A         population share of schools given the same category\n"
        "  --n LIST              numbers of schools (default 24,50,100,200,400)\n"
        "  --half-width W        also find the smallest n (from 10) whose sampling\n"
        "                        half-width (z x sd of the estimates) is at most W for\n"
        "                        each coefficient (in csv, tsv and json this table\n"
        "                        replaces the first)\n"
        "  --reps N              simulated studies per n (default 2000)\n"
        "  --seed S              random seed (default 1); replicate r uses seed + r, so the\n"
        "                        result does not depend on --threads\n"
        "  --threads T           threads (default: every processor)\n"
        "  --conf X              interval level (default 0.95)\n"
        "  --format F, -o FILE   as every command (default text, stdout)\n"
        "  -h, --help            show this help\n"
        "\n"
        "Example (Ofsted 2017: 24 schools, 22 agreed):\n"
        "  icstat power agree --probs 0.85,0.15 --agreement 0.9167 --n 24 --half-width 0.1\n",
        f);
}

enum { OPT_PROBS = 256, OPT_AGREEMENT, OPT_N, OPT_HALF, OPT_REPS, OPT_SEED, OPT_THREADS };

static const struct option power_options[] = {
    {"probs", required_argument, NULL, OPT_PROBS},
    {"agreement", required_argument, NULL, OPT_AGREEMENT},
    {"n", required_argument, NULL, OPT_N},
    {"half-width", required_argument, NULL, OPT_HALF},
    {"reps", required_argument, NULL, OPT_REPS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"conf", required_argument, NULL, ICSTAT_OPT_CONF},
    {"format", required_argument, NULL, ICSTAT_OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void power_progress(size_t done, size_t total, void *ctx)
{
    if (done == total || done % (total / 50 ? total / 50 : 1) == 0)
        fprintf(stderr, "\rpower: %s: %zu/%zu simulated studies", (const char *)ctx, done, total);
    if (done == total)
        fputc('\n', stderr);
}

/* Parse a comma list of numbers; NULL on a bad item. */
static double *number_list(const char *s, size_t *n)
{
    char **items = icstat_cli_split_list(s, n);
    double *v = items ? malloc((*n ? *n : 1) * sizeof *v) : NULL;
    for (size_t i = 0; v && i < *n; i++)
        if (icstat_cli_parse_double(items[i], &v[i]) != 0) {
            free(v);
            v = NULL;
        }
    icstat_cli_list_free(items);
    return v;
}

int icstat_cmd_power(int argc, char **argv)
{
    double *probs = NULL, *ns = NULL, agreement = NAN, width = NAN;
    size_t k = 0, n_ns = 0, reps = 2000;
    unsigned long seed = 1, threads = 0;
    int rc = 0;
    icstat_cli_common common = ICSTAT_CLI_COMMON_INIT;
    icstat_result *res[2] = {NULL, NULL};
    icstat_error err;
    icstat_error_clear(&err);

    if (argc < 2 || argv[1][0] == '-') {
        if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
            power_usage(stdout);
            return 0;
        }
        return icstat_cli_usage_error("power", "say what to plan for: icstat power agree ...");
    }
    if (strcmp(argv[1], "agree") != 0)
        return icstat_cli_usage_error("power", "unknown design '%s' (use agree)", argv[1]);
    argc--;
    argv++;

    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", power_options, NULL)) != -1) {
        switch (c) {
        case OPT_PROBS:
            free(probs);
            if (!(probs = number_list(optarg, &k))) {
                rc = icstat_cli_usage_error("power", "--probs takes numbers, e.g. 0.9,0.1 "
                                            "(got '%s')", optarg);
                goto done;
            }
            break;
        case OPT_N:
            free(ns);
            ns = number_list(optarg, &n_ns);
            for (size_t i = 0; ns && i < n_ns; i++)
                if (!(ns[i] >= 2 && ns[i] <= 1e6 && ns[i] == floor(ns[i]))) {
                    free(ns);
                    ns = NULL;
                }
            if (!ns) {
                rc = icstat_cli_usage_error("power", "--n takes whole numbers of schools from "
                                            "2 to 1000000 (got '%s')", optarg);
                goto done;
            }
            break;
        case OPT_AGREEMENT:
        case OPT_HALF: {
            double *dst = c == OPT_AGREEMENT ? &agreement : &width;
            if (icstat_cli_parse_double(optarg, dst) != 0 || !(*dst > 0.0) || !(*dst <= 1.0)) {
                rc = icstat_cli_usage_error("power", "%s must be a number above 0 and at most "
                                            "1 (got '%s')", argv[optind - 1], optarg);
                goto done;
            }
            break;
        }
        case OPT_REPS:
            if (icstat_cli_parse_size(optarg, &reps) != 0 || reps < 2 || reps > 10000000) {
                rc = icstat_cli_usage_error("power", "--reps must be a whole number from 2 to "
                                            "10000000 (got '%s')", optarg);
                goto done;
            }
            break;
        case OPT_SEED:
        case OPT_THREADS:
            if (icstat_cli_parse_ulong(optarg, c == OPT_SEED ? &seed : &threads) != 0 ||
                (c == OPT_THREADS && threads > 1024)) {
                rc = icstat_cli_usage_error("power", "%s must be a whole number (got '%s')",
                                            argv[optind - 1], optarg);
                goto done;
            }
            break;
        default:
            if (icstat_cli_common_option("power", c, argv, power_usage, &common, &rc) != 0)
                goto done;
        }
    }
    if (optind != argc) {
        rc = icstat_cli_usage_error("power", "unexpected argument '%s'", argv[optind]);
        goto done;
    }
    if (!probs || isnan(agreement)) {
        rc = icstat_cli_usage_error("power", "--probs and --agreement are both needed");
        goto done;
    }
    if (!ns) {
        static const double defaults[] = {24, 50, 100, 200, 400};
        n_ns = 5;
        if (!(ns = malloc(sizeof defaults)))
            goto nomem;
        memcpy(ns, defaults, sizeof defaults);
    }
    char label[64];
    icstat_power_agree_spec spec = {k, probs, agreement, reps, seed, common.conf, (int)threads,
                                    isatty(STDERR_FILENO) ? power_progress : NULL, label};

    static const icstat_col_spec cols[] = {
        {"n", ICSTAT_COL_INT, 0},             {"coefficient", ICSTAT_COL_TEXT, 0},
        {"population_value", ICSTAT_COL_NUM, 4}, {"mean_estimate", ICSTAT_COL_NUM, 4},
        {"sd_estimate", ICSTAT_COL_NUM, 4},   {"mean_half_width", ICSTAT_COL_NUM, 4},
        {"sampling_half_width", ICSTAT_COL_NUM, 4},
        {"coverage", ICSTAT_COL_NUM, 3},      {"undefined", ICSTAT_COL_INT, 0},
    };
    char title[512];
    snprintf(title, sizeof title,
             "Double-inspection designs: %zu categories, population agreement %g; %zu simulated "
             "studies per n, %g%% intervals as in `icstat agree` (simulated)",
             k, agreement, reps, 100.0 * common.conf);
    if (!(res[0] = icstat_result_alloc(title, cols, 9)))
        goto nomem;
    for (size_t i = 0; i < n_ns; i++) {
        icstat_power_coef pc[ICSTAT_POWER_COEFS];
        snprintf(label, sizeof label, "n = %zu", (size_t)ns[i]);
        int st = icstat_power_agree(&spec, (size_t)ns[i], pc, &err);
        if (st != ICSTAT_OK) {
            rc = icstat_cli_report(&err);
            goto done;
        }
        for (size_t j = 0; j < ICSTAT_POWER_COEFS; j++) {
            long row = icstat_result_add_row(res[0]);
            if (row < 0 || icstat_result_set_text(res[0], (size_t)row, 1, pc[j].name) != 0)
                goto nomem;
            const double v[] = {ns[i],           NAN,           pc[j].truth,
                                pc[j].mean,      pc[j].sd,      pc[j].half_width,
                                pc[j].spread,    pc[j].coverage, (double)pc[j].undefined};
            for (size_t col = 0; col < 9; col++)
                if (col != 1)
                    icstat_result_set_num(res[0], (size_t)row, col, v[col]);
        }
    }
    const int human = common.fmt == ICSTAT_FMT_TEXT || common.fmt == ICSTAT_FMT_MD;
    if (human && icstat_result_add_note(res[0], "mean_half_width: the average half-width of the "
                                       "intervals the studies would report; "
                                       "sampling_half_width: z x sd_estimate, the precision "
                                       "the design really has; coverage: share of reported "
                                       "intervals containing the population value; undefined: "
                                       "studies where the coefficient is NA (e.g. both "
                                       "inspectors used one category only)") != 0)
        goto nomem;
    if (!isnan(width)) {
        static const icstat_col_spec ncols[] = {{"coefficient", ICSTAT_COL_TEXT, 0},
                                                {"half_width", ICSTAT_COL_NUM, 3},
                                                {"schools_needed", ICSTAT_COL_INT, 0}};
        snprintf(title, sizeof title, "Schools needed for a sampling half-width (z x sd of the "
                                      "estimates) of at most %g (simulated)", width);
        if (!(res[1] = icstat_result_alloc(title, ncols, 3)))
            goto nomem;
        for (size_t j = 0; j < ICSTAT_POWER_COEFS; j++) {
            size_t need = 0;
            snprintf(label, sizeof label, "searching n for the half-width");
            int st = icstat_power_agree_n(&spec, j, width, 1000000, &need, &err);
            if (st != ICSTAT_OK) {
                rc = icstat_cli_report(&err);
                goto done;
            }
            static const char *const names[] = {"percent_agreement", "cohen_kappa", "gwet_ac"};
            long row = icstat_result_add_row(res[1]);
            if (row < 0 || icstat_result_set_text(res[1], (size_t)row, 0, names[j]) != 0)
                goto nomem;
            icstat_result_set_num(res[1], (size_t)row, 1, width);
            icstat_result_set_num(res[1], (size_t)row, 2, need ? (double)need : NAN);
        }
    }
    const icstat_result *parts[2] = {res[0], res[1]};
    const icstat_result *const *show = (!human && res[1]) ? parts + 1 : parts;
    size_t nshow = human ? (res[1] ? 2 : 1) : 1;
    int st = icstat_cli_write_results(show, nshow, common.out_path, common.fmt, &err);
    if (st != ICSTAT_OK)
        rc = icstat_cli_report(&err);
    goto done;
nomem:
    icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    rc = icstat_cli_report(&err);
done:
    icstat_result_free(res[0]);
    icstat_result_free(res[1]);
    free(probs);
    free(ns);
    return rc;
}
