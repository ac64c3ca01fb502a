/* cmd_power.c — `icstat power`, by simulation: `agree`, how many double
 * inspections a reliability study needs; `fit`, how many inspections (and
 * inspectors) it takes to detect an inspector characteristic.  Each design
 * has its own helper; the engines are power_agree.c and power_fit.c. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icstat/cli.h"
#include "icstat/clm.h"
#include "icstat/power.h"
#include "icstat/power_fit.h"
#include "icstat/seed.h"

/* Replicate r is seeded with seed + r, so the last one must still be a
 * seed (seed.h): past 2^32 - 1 it would repeat the first replicates.  0,
 * or the exit status of a usage error. */
static int seed_reps_check(const char *cmd, unsigned long seed, size_t reps)
{
    if (icstat_seed_fits(seed, reps))
        return 0;
    return icstat_cli_usage_error(cmd, "--seed %lu with --reps %zu would seed replicates up to "
                                  "%llu, past 4294967295 (replicate r uses seed + r); give a "
                                  "--seed of at most %lu",
                                  seed, reps, (unsigned long long)seed + reps - 1,
                                  ICSTAT_SEED_MAX - (reps - 1));
}

static void agree_usage(FILE *f)
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
        "                        result does not depend on --threads; seed + reps - 1\n"
        "                        must not pass 4294967295\n"
        "  --threads T           threads (default: every processor)\n"
        "  --conf X              interval level (default 0.95)\n"
        "  --format F, -o FILE   as every command (default text, stdout)\n"
        "  -h, --help            show this help\n"
        "\n"
        "Example (Ofsted 2017: 24 schools, 22 agreed):\n"
        "  icstat power agree --probs 0.85,0.15 --agreement 0.9167 --n 24 --half-width 0.1\n",
        f);
}

enum {
    OPT_PROBS = 256, OPT_AGREEMENT, OPT_N, OPT_HALF, OPT_REPS, OPT_SEED, OPT_THREADS, OPT_SPEC,
    OPT_TERM, OPT_ODDS, OPT_SHARE, OPT_SD, OPT_LINK, OPT_INSPECTIONS, OPT_INSPECTORS, OPT_ALPHA,
    OPT_QUAD
};

static const struct option agree_options[] = {
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

/* "--name" of option code c in opts: argv[optind - 1] would be the value
 * when it was given as a separate argument. */
static const char *option_name(const struct option *opts, int c, char *buf, size_t len)
{
    for (; opts->name; opts++)
        if (opts->val == c) {
            snprintf(buf, len, "--%s", opts->name);
            return buf;
        }
    return "option";
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

/* `icstat power agree ...`, argv[0] = "agree". */
static int power_agree_cmd(int argc, char **argv)
{
    double *probs = NULL, *ns = NULL, agreement = NAN, width = NAN;
    size_t k = 0, n_ns = 0, reps = 2000;
    unsigned long seed = 1, threads = 0;
    int rc = 0;
    icstat_cli_common common = ICSTAT_CLI_COMMON_INIT;
    icstat_result *res[2] = {NULL, NULL};
    icstat_error err;
    icstat_error_clear(&err);
    char oname[32];

    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", agree_options, NULL)) != -1) {
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
                                            "1 (got '%s')",
                                            option_name(agree_options, c, oname, sizeof oname),
                                            optarg);
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
            if (icstat_cli_seed_option("power", optarg, &seed, &rc) != 0)
                goto done;
            break;
        case OPT_THREADS:
            if (icstat_cli_parse_ulong(optarg, &threads) != 0 || threads > 1024) {
                rc = icstat_cli_usage_error("power", "%s must be a whole number (got '%s')",
                                            option_name(agree_options, c, oname, sizeof oname),
                                            optarg);
                goto done;
            }
            break;
        default:
            if (icstat_cli_common_option("power", c, argv, agree_usage, &common, &rc) != 0)
                goto done;
        }
    }
    if (optind != argc) {
        rc = icstat_cli_usage_error("power", "unexpected argument '%s'", argv[optind]);
        goto done;
    }
    if ((rc = seed_reps_check("power", seed, reps)) != 0)
        goto done;
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

/* ---- icstat power fit ---- */

static void fit_usage(FILE *f)
{
    fputs(
        "Usage: icstat power fit --odds-ratio OR --share S [options]\n"
        "       icstat power fit --spec FILE --term NAME [options]\n"
        "\n"
        "The power to detect an inspector characteristic, by simulation.  Each simulated\n"
        "study draws inspections from a model (as `icstat simulate` would) and analyses\n"
        "them as `icstat fit` would: outcome grade, every characteristic of the model as\n"
        "a term, a random intercept for the inspector (and the inspector's previous\n"
        "grade when the model has one).  A two-sided Wald test at --alpha of each\n"
        "coefficient of the tested characteristic decides; the power is the share of\n"
        "studies that reject, with a Wilson interval for the Monte Carlo error.\n"
        "\n"
        "The model, without a spec file:\n"
        "  --odds-ratio OR       odds ratio of a higher (for Ofsted's coding: worse) grade\n"
        "                        for inspectors with the characteristic, on the\n"
        "                        cumulative logit scale as `icstat fit` reports it\n"
        "  --share S             share of inspectors with it, between 0 and 1\n"
        "  --probs LIST          grade shares of an average inspector without it (default\n"
        "                        0.08,0.57,0.30,0.05: Ofsted grades, roughly Bokhove et al.\n"
        "                        2023, primary); thresholds theta_j = F^-1(P1+...+Pj)\n"
        "  --link L              logit|probit|cloglog (default logit; with another link\n"
        "                        the effect log(OR) is on that link's scale)\n"
        "  The characteristic is called 'characteristic', with levels 'without' (the\n"
        "  reference) and 'with', so its coefficient is characteristic=with.\n"
        "\n"
        "The model from a spec file (the format `icstat simulate --help` describes):\n"
        "  --spec FILE           the model: characteristics, effects, thresholds, link,\n"
        "                        inspector sd, sizes (its seed and double inspections\n"
        "                        are not used)\n"
        "  --term NAME           the characteristic to test (inspector or school); each\n"
        "                        level but the first is a coefficient NAME=LEVEL, a\n"
        "                        numeric one is the coefficient NAME\n"
        "\n"
        "Designs and simulation:\n"
        "  --inspections LIST    numbers of inspections (default: the spec's, else 35751)\n"
        "  --inspectors LIST     numbers of lead inspectors (default: the spec's, else\n"
        "                        1376); each row is one combination, inspectors outer,\n"
        "                        inspections inner; every inspector has at least one\n"
        "                        inspection\n"
        "  --inspector-sd X      sd of the inspector effect (default: the spec's, else 0.5)\n"
        "  --reps N              simulated studies per design (default 200)\n"
        "  --alpha A             level of the two-sided Wald test (default 0.05)\n"
        "  --quad Q              quadrature points of the fit, 1 = Laplace (default 1)\n"
        "  --seed S              random seed (default 1); study r uses seed + r in every\n"
        "                        design, so the result does not depend on --threads;\n"
        "                        seed + reps - 1 must not pass 4294967295\n"
        "  --threads T           threads (default: every processor)\n"
        "  --conf X              level of the intervals (coverage, power_low/high;\n"
        "                        default 0.95)\n"
        "  --format F, -o FILE   as every command (default text, stdout)\n"
        "  -h, --help            show this help\n"
        "\n"
        "csv columns: inspections,inspectors,inspector_sd,coefficient,true_effect,\n"
        "true_odds_ratio,mean_estimate,sd_estimate,mean_se,coverage,power,power_low,\n"
        "power_high,failed.  Studies that cannot be analysed (separation, no\n"
        "convergence, a level never drawn) count as not detecting the effect and in\n"
        "'failed'; a note gives the first one's reason (on stderr with csv and tsv).\n"
        "\n"
        "Examples (odds ratio 0.85: about the male/female difference in Bokhove et al.):\n"
        "  icstat power fit --odds-ratio 0.85 --share 0.46\n"
        "  icstat power fit --odds-ratio 0.85 --share 0.46 --inspectors 300 \\\n"
        "      --inspections 5000,10000,20000\n"
        "  icstat power fit --spec primary.spec --term gender --inspections 10000,20000\n",
        f);
}

static const struct option fit_options[] = {
    {"spec", required_argument, NULL, OPT_SPEC},
    {"term", required_argument, NULL, OPT_TERM},
    {"odds-ratio", required_argument, NULL, OPT_ODDS},
    {"share", required_argument, NULL, OPT_SHARE},
    {"probs", required_argument, NULL, OPT_PROBS},
    {"inspector-sd", required_argument, NULL, OPT_SD},
    {"link", required_argument, NULL, OPT_LINK},
    {"inspections", required_argument, NULL, OPT_INSPECTIONS},
    {"inspectors", required_argument, NULL, OPT_INSPECTORS},
    {"reps", required_argument, NULL, OPT_REPS},
    {"alpha", required_argument, NULL, OPT_ALPHA},
    {"quad", required_argument, NULL, OPT_QUAD},
    {"seed", required_argument, NULL, OPT_SEED},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"conf", required_argument, NULL, ICSTAT_OPT_CONF},
    {"format", required_argument, NULL, ICSTAT_OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* A comma list of whole numbers from 1 to 10^9; NULL on a bad item. */
static double *count_list(const char *s, size_t *n)
{
    double *v = number_list(s, n);
    for (size_t i = 0; v && i < *n; i++)
        if (!(v[i] >= 1 && v[i] <= 1e9 && v[i] == floor(v[i]))) {
            free(v);
            v = NULL;
        }
    return v;
}

/* The note that says what was simulated and how each study was analysed. */
static int fit_model_note(icstat_result *res, const icstat_sim_spec *m, const char *spec_path,
                          const double *probs, size_t k, double odds_ratio, double share,
                          int quad)
{
    char terms[512] = "";
    for (size_t i = 0; i < m->n_vars && strlen(terms) < 400; i++)
        snprintf(terms + strlen(terms), sizeof terms - strlen(terms), "%s%s", i ? "," : "",
                 m->vars[i].name);
    char model[1024];
    if (spec_path) {
        snprintf(model, sizeof model, "the spec %s (%zu categories, %s link)",
                 m->path, /* spec_path, or <stdin> for "-" */ m->k, icstat_link_name(m->link));
    } else {
        char shares[256] = "";
        for (size_t j = 0; j < k && strlen(shares) < 200; j++)
            snprintf(shares + strlen(shares), sizeof shares - strlen(shares), "%s%g",
                     j ? ", " : "", probs[j]);
        char effect[128];
        if (m->link == ICSTAT_LINK_LOGIT)
            snprintf(effect, sizeof effect, "multiplies the odds of a higher (worse) grade by %g",
                     odds_ratio);
        else
            snprintf(effect, sizeof effect, "moves grades up (worse) by log(%g) on the %s scale",
                     odds_ratio, icstat_link_name(m->link));
        snprintf(model, sizeof model,
                 "a share %g of inspectors have the characteristic, which %s; an average "
                 "inspector without it gives grades 1..%zu in shares %s", share, effect, k,
                 shares);
    }
    return icstat_result_add_note(
        res,
        "model: %s; inspector effects N(0, inspector_sd^2).  Each simulated study is analysed "
        "as `icstat fit --outcome grade --terms %s --group inspector%s --quad %d` would "
        "(characteristics with levels as categories, the first level the reference)",
        model, terms, m->previous ? " --lag-previous inspection_date" : "", quad);
}

/* `icstat power fit ...`, argv[0] = "fit". */
static int power_fit_cmd(int argc, char **argv)
{
    const char *spec_path = NULL, *term = NULL;
    double *probs = NULL, *inspections = NULL, *inspectors = NULL;
    double odds_ratio = NAN, share = NAN, sd = NAN, alpha = 0.05;
    size_t k = 0, n_inspections = 0, n_inspectors = 0, reps = 200, quad = 1;
    unsigned long seed = 1, threads = 0;
    int link = -1, rc = 0;
    icstat_cli_common common = ICSTAT_CLI_COMMON_INIT;
    icstat_sim_spec *model = NULL;
    icstat_power_fit_result *pr = NULL;
    icstat_result *res = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    const char *cmd = "power fit";
    char oname[32];

    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", fit_options, NULL)) != -1) {
        switch (c) {
        case OPT_SPEC:
            spec_path = optarg;
            break;
        case OPT_TERM:
            term = optarg;
            break;
        case OPT_PROBS:
            free(probs);
            if (!(probs = number_list(optarg, &k))) {
                rc = icstat_cli_usage_error(cmd, "--probs takes numbers, e.g. "
                                            "0.08,0.57,0.30,0.05 (got '%s')", optarg);
                goto done;
            }
            break;
        case OPT_INSPECTIONS:
        case OPT_INSPECTORS: {
            double **dst = c == OPT_INSPECTIONS ? &inspections : &inspectors;
            size_t *n = c == OPT_INSPECTIONS ? &n_inspections : &n_inspectors;
            free(*dst);
            if (!(*dst = count_list(optarg, n))) {
                rc = icstat_cli_usage_error(cmd, "%s takes whole numbers from 1 to 1000000000 "
                                            "(got '%s')",
                                            option_name(fit_options, c, oname, sizeof oname),
                                            optarg);
                goto done;
            }
            break;
        }
        case OPT_ODDS:
            if (icstat_cli_parse_double(optarg, &odds_ratio) != 0 || !(odds_ratio > 0.0)) {
                rc = icstat_cli_usage_error(cmd, "--odds-ratio must be a number above 0 (got "
                                            "'%s')", optarg);
                goto done;
            }
            break;
        case OPT_SHARE:
        case OPT_ALPHA: {
            double *dst = c == OPT_SHARE ? &share : &alpha;
            if (icstat_cli_parse_double(optarg, dst) != 0 || !(*dst > 0.0) || !(*dst < 1.0)) {
                rc = icstat_cli_usage_error(cmd, "%s must be a number between 0 and 1 (got "
                                            "'%s')",
                                            option_name(fit_options, c, oname, sizeof oname),
                                            optarg);
                goto done;
            }
            break;
        }
        case OPT_SD:
            if (icstat_cli_parse_double(optarg, &sd) != 0 || !(sd >= 0.0)) {
                rc = icstat_cli_usage_error(cmd, "--inspector-sd must be a number of at least "
                                            "0 (got '%s')", optarg);
                goto done;
            }
            break;
        case OPT_LINK:
            if ((link = icstat_link_lookup(optarg)) < 0) {
                rc = icstat_cli_usage_error(cmd, "unknown --link '%s' (use logit, probit or "
                                            "cloglog)", optarg);
                goto done;
            }
            break;
        case OPT_QUAD:
            if (icstat_cli_parse_size(optarg, &quad) != 0 || quad < 1 ||
                quad > ICSTAT_CLM_MAX_QUAD) {
                rc = icstat_cli_usage_error(cmd, "--quad must be a whole number from 1 "
                                            "(Laplace) to %d (got '%s')", ICSTAT_CLM_MAX_QUAD,
                                            optarg);
                goto done;
            }
            break;
        case OPT_REPS:
            if (icstat_cli_parse_size(optarg, &reps) != 0 || reps < 2 || reps > 10000000) {
                rc = icstat_cli_usage_error(cmd, "--reps must be a whole number from 2 to "
                                            "10000000 (got '%s')", optarg);
                goto done;
            }
            break;
        case OPT_SEED:
            if (icstat_cli_seed_option(cmd, optarg, &seed, &rc) != 0)
                goto done;
            break;
        case OPT_THREADS:
            if (icstat_cli_parse_ulong(optarg, &threads) != 0 || threads > 1024) {
                rc = icstat_cli_usage_error(cmd, "%s must be a whole number (got '%s')",
                                            option_name(fit_options, c, oname, sizeof oname),
                                            optarg);
                goto done;
            }
            break;
        default:
            if (icstat_cli_common_option(cmd, c, argv, fit_usage, &common, &rc) != 0)
                goto done;
        }
    }
    if (optind != argc) {
        rc = icstat_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
        goto done;
    }
    if ((rc = seed_reps_check(cmd, seed, reps)) != 0)
        goto done;
    const int shortcut = !isnan(odds_ratio) || !isnan(share) || probs || link >= 0;
    if (spec_path && shortcut) {
        rc = icstat_cli_usage_error(cmd, "--spec states the model; --odds-ratio, --share, "
                                    "--probs and --link are for a model without one");
        goto done;
    }
    if (spec_path && !term) {
        rc = icstat_cli_usage_error(cmd, "--spec needs --term NAME, the characteristic to test");
        goto done;
    }
    if (term && !spec_path) {
        rc = icstat_cli_usage_error(cmd, "--term names a characteristic of a --spec FILE");
        goto done;
    }
    if (!spec_path && (isnan(odds_ratio) || isnan(share))) {
        rc = icstat_cli_usage_error(cmd, "--odds-ratio and --share are both needed (or --spec "
                                    "FILE --term NAME)");
        goto done;
    }
    if (!spec_path && !probs) {
        static const double ofsted[] = {0.08, 0.57, 0.30, 0.05};
        k = 4;
        if (!(probs = malloc(sizeof ofsted)))
            goto nomem;
        memcpy(probs, ofsted, sizeof ofsted);
    }
    /* The designs: the lists given, else the spec's sizes, else Bokhove et
     * al.'s (2023) 35,751 inspections by 1,376 lead inspectors. */
    if (spec_path && (rc = icstat_cli_check_one(cmd, spec_path, common.out_path)) != 0)
        goto done;
    if (spec_path) {
        int st = icstat_sim_spec_read(spec_path, &model, &err);
        if (st != ICSTAT_OK) {
            rc = icstat_cli_report(&err);
            goto done;
        }
    }
    if (!inspections) {
        n_inspections = 1;
        if (!(inspections = malloc(sizeof *inspections)))
            goto nomem;
        inspections[0] = model ? (double)model->inspections : 35751;
    }
    if (!inspectors) {
        n_inspectors = 1;
        if (!(inspectors = malloc(sizeof *inspectors)))
            goto nomem;
        inspectors[0] = model ? (double)model->inspectors : 1376;
    }
    for (size_t g = 0; g < n_inspectors; g++)
        for (size_t n = 0; n < n_inspections; n++)
            if (inspectors[g] > inspections[n]) {
                rc = icstat_cli_usage_error(cmd, "%.0f inspectors need at least %.0f "
                                            "inspections (one each), not %.0f",
                                            inspectors[g], inspectors[g], inspections[n]);
                goto done;
            }
    if (isnan(sd))
        sd = model ? model->inspector_sd : 0.5;
    if (!model) {
        icstat_power_fit_shortcut sc = {odds_ratio,
                                        share,
                                        probs,
                                        k,
                                        sd,
                                        link >= 0 ? (icstat_link)link : ICSTAT_LINK_LOGIT,
                                        (size_t)inspections[0],
                                        (size_t)inspectors[0]};
        int st = icstat_power_fit_shortcut_spec(&sc, &model, &err);
        if (st != ICSTAT_OK) {
            rc = icstat_cli_usage_error(cmd, "%s", err.msg);
            goto done;
        }
        term = "characteristic";
    }

    char label[96];
    icstat_power_fit_spec ps = {model, term, 0, 0, sd, (int)quad, reps, seed, alpha,
                                common.conf, (int)threads,
                                isatty(STDERR_FILENO) ? power_progress : NULL, label};
    static const icstat_col_spec cols[] = {
        {"inspections", ICSTAT_COL_INT, 0},  {"inspectors", ICSTAT_COL_INT, 0},
        {"inspector_sd", ICSTAT_COL_NUM, 2}, {"coefficient", ICSTAT_COL_TEXT, 0},
        {"true_effect", ICSTAT_COL_NUM, 4},  {"true_odds_ratio", ICSTAT_COL_NUM, 3},
        {"mean_estimate", ICSTAT_COL_NUM, 4}, {"sd_estimate", ICSTAT_COL_NUM, 4},
        {"mean_se", ICSTAT_COL_NUM, 4},      {"coverage", ICSTAT_COL_NUM, 3},
        {"power", ICSTAT_COL_NUM, 3},        {"power_low", ICSTAT_COL_NUM, 3},
        {"power_high", ICSTAT_COL_NUM, 3},   {"failed", ICSTAT_COL_INT, 0},
    };
    enum { NCOL = sizeof cols / sizeof *cols };
    char title[512];
    snprintf(title, sizeof title,
             "Power to detect '%s': two-sided Wald test at %g, %zu simulated studies per design "
             "(simulated)", term, alpha, reps);
    if (!(res = icstat_result_alloc(title, cols, NCOL)))
        goto nomem;
    /* What the table means, where notes are shown (csv and tsv send notes
     * to stderr, which is for what went wrong: the failed studies). */
    const int logit = model->link == ICSTAT_LINK_LOGIT;
    if (common.fmt != ICSTAT_FMT_CSV && common.fmt != ICSTAT_FMT_TSV &&
        (fit_model_note(res, model, spec_path, probs, k, odds_ratio, share, (int)quad) != 0 ||
         icstat_result_add_note(
             res, "power: share of the %zu studies whose two-sided Wald test (p_value of "
                  "`icstat fit` below %g) rejects no effect, failed studies counting as not "
                  "rejecting; power_low, power_high: %g%% Wilson interval for that share, the "
                  "Monte Carlo error of the simulation, not uncertainty about the model; "
                  "coverage: share of %g%% Wald intervals that contain true_effect; "
                  "true_odds_ratio: exp(true_effect)%s",
             reps, alpha, 100.0 * common.conf, 100.0 * common.conf,
             logit ? "" : " (logit link only)") != 0))
        goto nomem;
    for (size_t g = 0; g < n_inspectors; g++)
        for (size_t n = 0; n < n_inspections; n++) {
            ps.inspectors = (size_t)inspectors[g];
            ps.inspections = (size_t)inspections[n];
            snprintf(label, sizeof label, "%zu inspectors, %zu inspections", ps.inspectors,
                     ps.inspections);
            icstat_power_fit_result_free(pr);
            pr = NULL;
            int st = icstat_power_fit(&ps, &pr, &err);
            if (st != ICSTAT_OK) {
                rc = icstat_cli_report(&err);
                goto done;
            }
            for (size_t j = 0; j < pr->n_coef; j++) {
                const icstat_power_fit_coef *pc = &pr->coef[j];
                long row = icstat_result_add_row(res);
                if (row < 0 || icstat_result_set_text(res, (size_t)row, 3, pc->name) != 0)
                    goto nomem;
                const double v[NCOL] = {inspections[n],  inspectors[g],
                                        sd,              NAN,
                                        pc->truth,       logit ? exp(pc->truth) : NAN,
                                        pc->mean,        pc->sd,
                                        pc->mean_se,     pc->coverage,
                                        pc->power,       pc->power_low,
                                        pc->power_high,  (double)pc->failed};
                for (size_t col = 0; col < NCOL; col++)
                    if (col != 3)
                        icstat_result_set_num(res, (size_t)row, col, v[col]);
            }
            if (pr->failed &&
                icstat_result_add_note(res, "%zu inspectors, %zu inspections: %zu of %zu "
                                            "simulated studies could not be analysed and count "
                                            "as not detecting the effect; the first (seed %lu): "
                                            "%s",
                                       ps.inspectors, ps.inspections, pr->failed, reps,
                                       seed + pr->first_failed, pr->first_failure) != 0)
                goto nomem;
        }
    const icstat_result *one[1] = {res};
    int st = icstat_cli_write_results(one, 1, common.out_path, common.fmt, &err);
    if (st != ICSTAT_OK)
        rc = icstat_cli_report(&err);
    goto done;
nomem:
    icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    rc = icstat_cli_report(&err);
done:
    icstat_result_free(res);
    icstat_power_fit_result_free(pr);
    icstat_sim_spec_free(model);
    free(probs);
    free(inspections);
    free(inspectors);
    return rc;
}

/* ---- icstat power DESIGN ---- */

static void power_usage(FILE *f)
{
    agree_usage(f);
    fputc('\n', f);
    fit_usage(f);
}

int icstat_cmd_power(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
            power_usage(stdout);
            return 0;
        }
        return icstat_cli_usage_error("power", "say what to plan for: icstat power agree ... "
                                      "or icstat power fit ...");
    }
    if (strcmp(argv[1], "agree") == 0)
        return power_agree_cmd(argc - 1, argv + 1);
    if (strcmp(argv[1], "fit") == 0)
        return power_fit_cmd(argc - 1, argv + 1);
    return icstat_cli_usage_error("power", "unknown design '%s' (use agree or fit)", argv[1]);
}
