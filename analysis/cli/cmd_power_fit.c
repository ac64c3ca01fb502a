/* cmd_power_fit.c — `icstat power fit`: the power to detect an inspector
 * characteristic, by simulation.  This file is the command's options,
 * parsed and checked before anything is read; cmd_power_fit_run.c runs
 * the designs through the engine (power_fit.c).  The study's defaults are
 * the engine's (power_fit.h: ICSTAT_POWER_FIT_DEFAULTS). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>

#include "icstat/clm.h"
#include "icstat/power_fit.h"
#include "cmd_power_internal.h"

void icstat_cmd_power_fit_usage(FILE *f)
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
        "                        inspection (with a spec's schools and areas, every\n"
        "                        school one, and every area one inspector)\n"
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
        "power_high,failed,conf (the level of coverage's intervals and of power_low and\n"
        "power_high; csv, tsv and json only).  Studies that cannot be analysed (separation, no\n"
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

enum {
    OPT_SPEC = 256, OPT_TERM, OPT_ODDS, OPT_SHARE, OPT_PROBS, OPT_SD, OPT_LINK, OPT_INSPECTIONS,
    OPT_INSPECTORS, OPT_REPS, OPT_ALPHA, OPT_QUAD, OPT_SEED, OPT_THREADS
};

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
    ICSTAT_CLI_OUTPUT_OPTIONS,
};

static const char *const cmd = "power fit";

/* --probs, --inspections or --inspectors: a list of numbers, for the
 * last two whole ones from 1 to 10^9.  0, or -1 with *rc the exit status. */
static int fit_list(icstat_cmd_power_fit_args *a, int c, const char *value, int *rc)
{
    double **v = c == OPT_PROBS ? &a->probs : c == OPT_INSPECTIONS ? &a->inspections
                                                                     : &a->inspectors;
    size_t *n = c == OPT_PROBS ? &a->k : c == OPT_INSPECTIONS ? &a->n_inspections
                                                                : &a->n_inspectors;
    free(*v);
    const int st = icstat_cli_power_numbers(value, c == OPT_PROBS ? NAN : 1, 1e9, v, n);
    if (st == 0)
        return 0;
    *rc = st == -2 ? icstat_cli_out_of_memory()
          : c == OPT_PROBS
              ? icstat_cli_usage_error(cmd, "--probs takes numbers, e.g. 0.08,0.57,0.30,0.05 "
                                       "(got '%s')", value)
              : icstat_cli_usage_error(cmd, "%s takes whole numbers from 1 to 1000000000 (got "
                                       "'%s')", c == OPT_INSPECTIONS ? "--inspections"
                                                                     : "--inspectors", value);
    return -1;
}

/* --odds-ratio, --share, --alpha or --inspector-sd: a number in its
 * range.  0, or -1 with *rc the exit status of a usage error. */
static int fit_number(icstat_cmd_power_fit_args *a, int c, const char *value, int *rc)
{
    double *dst = c == OPT_ODDS ? &a->odds_ratio : c == OPT_SHARE ? &a->share
                                                 : c == OPT_ALPHA ? &a->alpha : &a->sd;
    const int parsed = icstat_cli_parse_double(value, dst) == 0;
    if (c == OPT_ODDS && !(parsed && *dst > 0.0))
        *rc = icstat_cli_usage_error(cmd, "--odds-ratio must be a number above 0 (got '%s')",
                                     value);
    else if ((c == OPT_SHARE || c == OPT_ALPHA) && !(parsed && *dst > 0.0 && *dst < 1.0))
        *rc = icstat_cli_usage_error(cmd, "%s must be a number between 0 and 1 (got '%s')",
                                     c == OPT_SHARE ? "--share" : "--alpha", value);
    else if (c == OPT_SD && !(parsed && *dst >= 0.0))
        *rc = icstat_cli_usage_error(cmd, "--inspector-sd must be a number of at least 0 (got "
                                     "'%s')", value);
    else
        return 0;
    return -1;
}

/* One option: 0 to go on, -1 to stop with exit status *rc. */
static int fit_option(icstat_cmd_power_fit_args *a, int c, char **argv, int *rc)
{
    switch (c) {
    case OPT_SPEC:
        a->spec_path = optarg;
        return 0;
    case OPT_TERM:
        a->term = optarg;
        return 0;
    case OPT_PROBS:
    case OPT_INSPECTIONS:
    case OPT_INSPECTORS:
        return fit_list(a, c, optarg, rc);
    case OPT_ODDS:
    case OPT_SHARE:
    case OPT_ALPHA:
    case OPT_SD:
        return fit_number(a, c, optarg, rc);
    case OPT_LINK:
        if ((a->link = icstat_link_lookup(optarg)) >= 0)
            return 0;
        *rc = icstat_cli_usage_error(cmd, "unknown --link '%s' (use logit, probit or cloglog)",
                                     optarg);
        return -1;
    case OPT_QUAD:
        if (icstat_cli_parse_size(optarg, &a->quad) == 0 && a->quad >= 1 &&
            a->quad <= ICSTAT_CLM_MAX_QUAD)
            return 0;
        *rc = icstat_cli_usage_error(cmd, "--quad must be a whole number from 1 (Laplace) to %d "
                                     "(got '%s')", ICSTAT_CLM_MAX_QUAD, optarg);
        return -1;
    case OPT_REPS:
        return icstat_cli_power_reps(cmd, optarg, &a->reps, rc);
    case OPT_SEED:
        return icstat_cli_seed_option(cmd, optarg, &a->seed, rc);
    case OPT_THREADS:
        return icstat_cli_power_threads(cmd, optarg, &a->threads, rc);
    default:
        return icstat_cli_common_option(cmd, c, argv, icstat_cmd_power_fit_usage, &a->common,
                                        rc);
    }
}

/* What the options need of each other: a model from a spec or from an
 * odds ratio, not both.  0, or a usage error's exit status. */
static int fit_combination(const icstat_cmd_power_fit_args *a)
{
    const int shortcut = !isnan(a->odds_ratio) || !isnan(a->share) || a->probs || a->link >= 0;
    if (a->spec_path && shortcut)
        return icstat_cli_usage_error(cmd, "--spec states the model; --odds-ratio, --share, "
                                      "--probs and --link are for a model without one");
    if (a->spec_path && !a->term)
        return icstat_cli_usage_error(cmd, "--spec needs --term NAME, the characteristic to "
                                      "test");
    if (a->term && !a->spec_path)
        return icstat_cli_usage_error(cmd, "--term names a characteristic of a --spec FILE");
    if (!a->spec_path && (isnan(a->odds_ratio) || isnan(a->share)))
        return icstat_cli_usage_error(cmd, "--odds-ratio and --share are both needed (or "
                                      "--spec FILE --term NAME)");
    return a->spec_path ? icstat_cli_check_one(cmd, a->spec_path, a->common.out_path) : 0;
}

int icstat_cmd_power_fit_parse(int argc, char **argv, icstat_cmd_power_fit_args *a, int *rc)
{
    static const icstat_power_fit_defaults def = ICSTAT_POWER_FIT_DEFAULTS;
    *a = (icstat_cmd_power_fit_args){.odds_ratio = NAN, .share = NAN, .sd = NAN,
                                     .alpha = def.alpha, .reps = def.reps,
                                     .quad = (size_t)def.quad, .seed = 1, .link = -1,
                                     .common = ICSTAT_CLI_COMMON_INIT};
    icstat_cli_parser parser = ICSTAT_CLI_PARSER(cmd, fit_options, NULL);
    int c;
    while ((c = icstat_cli_getopt(&parser, argc, argv)) != -1)
        if (fit_option(a, c, argv, rc) != 0)
            return -1;
    if (optind != argc) {
        *rc = icstat_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
        return -1;
    }
    if ((*rc = icstat_cli_power_seed_check(cmd, a->seed, a->reps)) != 0 ||
        (*rc = fit_combination(a)) != 0)
        return -1;
    return 0;
}

void icstat_cmd_power_fit_args_free(icstat_cmd_power_fit_args *a)
{
    free(a->probs);
    free(a->inspections);
    free(a->inspectors);
}

int icstat_cmd_power_fit(int argc, char **argv)
{
    icstat_cmd_power_fit_args a;
    int rc = 0;
    if (icstat_cmd_power_fit_parse(argc, argv, &a, &rc) == 0)
        rc = icstat_cmd_power_fit_run(&a);
    icstat_cmd_power_fit_args_free(&a);
    return rc;
}
