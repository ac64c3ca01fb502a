/* cmd_simulate.c — `icstat simulate`: synthetic inspection data from a spec. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "icstat/cli.h"
#include "icstat/sim_ofsted.h"
#include "icstat/simulate.h"
#include "icstat/spec_text.h"

static void simulate_usage(FILE *f)
{
    fputs(
        "Usage: icstat simulate --spec FILE [options]\n"
        "\n"
        "Synthetic inspections (always labelled simulated) from a stated model:\n"
        "    P(grade <= j) = F(theta_j - x'beta - u_inspector - v_school - previous)\n"
        "with u ~ N(0, inspector_sd^2), v ~ N(0, school_sd^2) and 'previous' the effect\n"
        "of the inspector's own last grade.  Same spec and seed, same bytes.\n"
        "\n"
        "Spec file: one `key = value` per line, # starts a comment.\n"
        "  inspectors = 1376                 inspections = 35751       (required)\n"
        "  categories = Outstanding, Good, Requires improvement, Inadequate  (required)\n"
        "  thresholds = -2.0, 1.3, 3.2       increasing, one fewer than categories (required)\n"
        "  link = logit                      logit|probit|cloglog (default logit)\n"
        "  inspector_sd = 0.5                sd of the inspector effect (default 0)\n"
        "  caseload_shape = 1                gamma shape of caseload weights: small values\n"
        "                                    give uneven caseloads (default 1)\n"
        "  start_date = 2012-09-01           end_date = 2019-08-31     (the defaults)\n"
        "  seed = 1                          (--seed overrides; default 1)\n"
        "  double_inspections = 24           schools judged by two different inspectors\n"
        "  schools = 20000                   inspections spread over this many schools,\n"
        "                                    each inspected once at least, and again by\n"
        "                                    other inspectors (default: a new school each\n"
        "                                    time)\n"
        "  school_sd = 0.8                   sd of the school effect v (default 0)\n"
        "  areas = 150                       inspectors and schools in this many areas: a\n"
        "                                    school is inspected by its area's inspectors\n"
        "                                    only; adds an `area` column (needs schools)\n"
        "  inspector NAME = A:0.45, B:0.55   an inspector characteristic: levels and shares\n"
        "  school NAME = normal(M, SD, D)    a school characteristic: normal or\n"
        "                                    uniform(LO, HI, D), D decimals (default 3)\n"
        "  effect NAME[LEVEL] = 0.3          effect of a level against the first level\n"
        "  effect NAME[LEVEL] = 0.05, 0.15, 0.3\n"
        "                                    one effect per threshold: the level moves each\n"
        "                                    grade boundary by its own amount\n"
        "  effect NAME = 0.0002              effect per unit of a numeric characteristic\n"
        "  effect previous[GRADE] = -0.5     effect of the inspector's last grade\n"
        "A positive effect moves towards the higher (later) categories.\n"
        "\n",
        f);
    /* Two strings: C99 compilers need only take 4095 characters in one. */
    fputs(
        "A spec whose first key is `layout = ofsted_mi` draws instead a SYNTHETIC Ofsted\n"
        "management-information file in the current published layout (report cards,\n"
        "latest OEIF graded inspection, the graded inspection before, the latest ungraded\n"
        "one), written to -o as Ofsted writes theirs: Windows-1252, CRLF, a title row\n"
        "saying SYNTHETIC, NULL for empty cells, DD/MM/YYYY dates.  School value = phase\n"
        "+ IDACI quintile + size + local-authority and school effects; each inspection\n"
        "adds a logistic error; thresholds are solved from the stated shares.  Keys (each\n"
        "with a default; datasets/synthetic/ofsted_mi.spec explains them):\n"
        "  seed, file_date, schools, local_authorities, never_inspected, report_card,\n"
        "  report_card_first, report_card_oeif_by, previous, ungraded,\n"
        "  phase NAME = share, effect, median pupils, sd log pupils, early-years share,\n"
        "               post-16 share      (NAME: Primary, Secondary, Special, Nursery,\n"
        "                                  PRU, All-through)\n"
        "  region NAME = share             (England's nine regions)\n"
        "  effect idaci = E1, ..., E5      effect size = B (per doubling of pupils)\n"
        "  la_sd, school_sd, judgement_sd, area_sd\n"
        "  oeif_overall = 4 shares         previous_overall = 4 shares\n"
        "  report_card_areas = 5 shares    safeguarding_not_met, oeif_safeguarding_no\n"
        "  shift HEADER = X                one judgement or area against the others\n"
        "It takes none of --inspectors-out, --schools-out, --double and --truth, and --format\n"
        "only csv.\n"
        "\n"
        "Options:\n"
        "  --spec FILE           the spec (required)\n"
        "  --seed S              random seed, 1 to 4294967295 (default: the spec's, else 1)\n"
        "  -o FILE               inspections (default stdout): urn, inspector,\n"
        "                        inspection_date, grade (1..k), grade_label, area (with\n"
        "                        areas), then the school and inspector\n"
        "                        characteristics; for ofsted_mi, the Ofsted file\n"
        "  --inspectors-out FILE one row per inspector with the true effect\n"
        "  --schools-out FILE    one row per school with its inspections and true\n"
        "                        effect v (needs schools in the spec)\n"
        "  --double FILE         the double inspections, for `icstat agree`: urn, first,\n"
        "                        second (needs double_inspections in the spec)\n"
        "  --truth FILE          the effects the spec draws with, named as `icstat fit`\n"
        "                        names its terms: term (NAME=LEVEL, NAME per unit,\n"
        "                        previous=GRADE), boundary (all, or A|B for an effect given\n"
        "                        per threshold), log_odds_ratio (the spec's value),\n"
        "                        odds_ratio (its exponential); every level but the first,\n"
        "                        0 where the spec gives none\n"
        "  --format F            csv|tsv|json|md|text (default csv: this command makes data)\n"
        "  -h, --help            show this help\n"
        "\n"
        "Examples:\n"
        "  icstat simulate --spec datasets/synthetic/bokhove_primary.spec -o inspections.csv\n"
        "  icstat simulate --spec datasets/synthetic/ofsted_mi.spec -o ofsted_mi.csv\n",
        f);
}

enum { OPT_SPEC = 256, OPT_SEED, OPT_INSPECTORS, OPT_DOUBLE, OPT_SCHOOLS, OPT_TRUTH };

/* A spec whose first key is `layout = ofsted_mi`: the synthetic Ofsted
 * file (sim_ofsted.h), written as raw Windows-1252 bytes to -o through an
 * outset, so a failed run leaves nothing; `refused` names an option for
 * the other specs' extra files, if one was given.  Returns the exit status. */
static int simulate_ofsted_mi(const char *name, const char *text, int have_seed,
                              unsigned long seed, const icstat_cli_common *common,
                              const char *refused)
{
    if (common->fmt != ICSTAT_FMT_CSV)
        return icstat_cli_usage_error("simulate", "--format %s: an ofsted_mi spec writes "
                                      "Ofsted's own layout, a Windows-1252 CSV; leave --format "
                                      "out or give csv", icstat_format_name(common->fmt));
    if (refused && strcmp(refused, "--truth") == 0)
        return icstat_cli_usage_error("simulate", "--truth: an ofsted_mi spec has no model "
                                      "effects to list");
    if (refused && strcmp(refused, "--schools-out") == 0)
        return icstat_cli_usage_error("simulate", "--schools-out: an ofsted_mi spec writes its "
                                      "schools to -o, in Ofsted's layout");
    if (refused)
        return icstat_cli_usage_error("simulate", "%s: an ofsted_mi spec draws schools, not "
                                      "inspectors or double inspections", refused);
    icstat_sim_ofsted_spec *spec = NULL;
    icstat_sim_ofsted *data = NULL;
    gsl_rng *rng = NULL;
    icstat_outset set = ICSTAT_OUTSET_INIT;
    FILE *f = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    int st = icstat_sim_ofsted_spec_parse(name, text, &spec, &err);
    if (st == ICSTAT_OK && !(rng = gsl_rng_alloc(gsl_rng_mt19937)))
        st = icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    if (st == ICSTAT_OK) {
        gsl_rng_set(rng, have_seed ? seed : spec->has_seed ? spec->seed : 1);
        st = icstat_sim_ofsted_draw(spec, rng, &data, &err);
    }
    if (st == ICSTAT_OK)
        st = icstat_outset_open(&set, common->out_path, &f, &err);
    /* A failed write (a full disk) is found again when the file is
     * closed, which names the file and the reason. */
    if (st == ICSTAT_OK) {
        (void)icstat_sim_ofsted_write(data, f);
        st = icstat_outset_commit(&set, &err);
    }
    icstat_outset_abort(&set);
    int rc = 0;
    if (st != ICSTAT_OK) {
        rc = icstat_cli_report(&err);
    } else {
        size_t never = 0, cards = 0;
        for (size_t i = 0; i < data->n; i++) {
            never += !data->schools[i].inspected;
            cards += data->schools[i].report_card;
        }
        fprintf(stderr, "icstat: note: SYNTHETIC Ofsted file from %s: %zu schools, %zu with a "
                        "report card, %zu never inspected\n", name, data->n, cards, never);
    }
    icstat_sim_ofsted_free(data);
    gsl_rng_free(rng);
    icstat_sim_ofsted_spec_free(spec);
    return rc;
}

/* One output of a run: its path (NULL: not asked for, but for the last,
 * -o, where NULL is stdout) and its table. */
typedef struct {
    const char *path;
    const icstat_result *res;
} sim_file;

/* Stage every file asked for, commit them together, then print each
 * one's notes.  ICSTAT_OK, or the failure (nothing written). */
static int simulate_write(const sim_file *files, size_t n, icstat_format fmt, icstat_error *err)
{
    icstat_outset set = ICSTAT_OUTSET_INIT;
    int st = ICSTAT_OK;
    for (size_t i = 0; st == ICSTAT_OK && i < n; i++)
        if (files[i].path || i + 1 == n)
            st = icstat_cli_stage_results(&set, &files[i].res, 1, files[i].path, fmt, err);
    if (st == ICSTAT_OK)
        st = icstat_outset_commit(&set, err);
    icstat_outset_abort(&set);
    for (size_t i = 0; st == ICSTAT_OK && i < n; i++)
        if (files[i].path || i + 1 == n)
            icstat_cli_print_notes(&files[i].res, 1, fmt);
    return st;
}

static const struct option simulate_options[] = {
    {"spec", required_argument, NULL, OPT_SPEC},
    {"seed", required_argument, NULL, OPT_SEED},
    {"inspectors-out", required_argument, NULL, OPT_INSPECTORS},
    {"double", required_argument, NULL, OPT_DOUBLE},
    {"schools-out", required_argument, NULL, OPT_SCHOOLS},
    {"truth", required_argument, NULL, OPT_TRUTH},
    ICSTAT_CLI_OUTPUT_OPTIONS,
};

int icstat_cmd_simulate(int argc, char **argv)
{
    const char *spec_path = NULL, *inspectors_path = NULL, *double_path = NULL,
               *schools_path = NULL, *truth_path = NULL;
    unsigned long seed = 0;
    int have_seed = 0, rc = 0;
    icstat_cli_common common = ICSTAT_CLI_COMMON_INIT;
    common.fmt = ICSTAT_FMT_CSV;
    icstat_sim_spec *spec = NULL;
    char *spec_text = NULL;
    icstat_sim_output out = {0};
    icstat_result *truth = NULL;
    gsl_rng *rng = NULL;
    icstat_error err;
    icstat_error_clear(&err);

    icstat_cli_parser parser = ICSTAT_CLI_PARSER("simulate", simulate_options, NULL);
    int c;
    while ((c = icstat_cli_getopt(&parser, argc, argv)) != -1) {
        switch (c) {
        case OPT_SPEC:
            spec_path = optarg;
            break;
        case OPT_SEED:
            if (icstat_cli_seed_option("simulate", optarg, &seed, &rc) != 0)
                goto done;
            have_seed = 1;
            break;
        case OPT_INSPECTORS:
            if (icstat_cli_output_option("simulate", "--inspectors-out", optarg,
                                         &inspectors_path, &rc) != 0)
                goto done;
            break;
        case OPT_DOUBLE:
            if (icstat_cli_output_option("simulate", "--double", optarg, &double_path, &rc) != 0)
                goto done;
            break;
        case OPT_SCHOOLS:
            if (icstat_cli_output_option("simulate", "--schools-out", optarg, &schools_path,
                                         &rc) != 0)
                goto done;
            break;
        case OPT_TRUTH:
            if (icstat_cli_output_option("simulate", "--truth", optarg, &truth_path, &rc) != 0)
                goto done;
            break;
        default:
            if (icstat_cli_common_option("simulate", c, argv, simulate_usage, &common, &rc) != 0)
                goto done;
        }
    }
    if (optind != argc) {
        rc = icstat_cli_usage_error("simulate", "unexpected argument '%s' (the spec goes "
                                    "with --spec)", argv[optind]);
        goto done;
    }
    if (!spec_path) {
        rc = icstat_cli_usage_error("simulate", "no --spec FILE given");
        goto done;
    }
    const icstat_cli_file in[] = {{"the spec", spec_path}};
    const icstat_cli_file outs[] = {
        {"-o", common.out_path ? common.out_path : "-"},
        {"--inspectors-out", inspectors_path},
        {"--double", double_path},
        {"--schools-out", schools_path},
        {"--truth", truth_path}};
    if ((rc = icstat_cli_check_files("simulate", in, 1, outs, 5)) != 0)
        goto done;
    const char *spec_name = NULL;
    icstat_spec_layout layout = ICSTAT_LAYOUT_INSPECTIONS;
    int st = icstat_spec_read_text(spec_path, &spec_text, &spec_name, &err);
    if (st == ICSTAT_OK)
        st = icstat_spec_layout_of(spec_name, spec_text, &layout, &err);
    if (st == ICSTAT_OK && layout == ICSTAT_LAYOUT_OFSTED_MI) {
        rc = simulate_ofsted_mi(spec_name, spec_text, have_seed, seed, &common,
                                inspectors_path ? "--inspectors-out"
                                : double_path   ? "--double"
                                : schools_path  ? "--schools-out"
                                : truth_path    ? "--truth"
                                                : NULL);
        goto done;
    }
    if (st == ICSTAT_OK)
        st = icstat_sim_spec_parse(spec_name, spec_text, &spec, &err);
    if (st == ICSTAT_OK && double_path && !spec->double_inspections)
        st = icstat_error_set(&err, ICSTAT_EDATA, spec_path, 0,
                              "--double needs `double_inspections = N` in the spec");
    if (st == ICSTAT_OK && schools_path && !spec->schools)
        st = icstat_error_set(&err, ICSTAT_EDATA, spec_path, 0,
                              "--schools-out needs `schools = N` in the spec");
    if (st == ICSTAT_OK) {
        if (!(rng = gsl_rng_alloc(gsl_rng_mt19937))) {
            st = icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        } else {
            gsl_rng_set(rng, have_seed ? seed : spec->has_seed ? spec->seed : 1);
            st = icstat_simulate(spec, rng, &out, &err);
        }
    }
    if (st == ICSTAT_OK && truth_path)
        st = icstat_sim_truth(spec, &truth, &err);
    if (st == ICSTAT_OK) {
        /* The files are staged and renamed together: all of them or none;
         * -o last, as before --truth existed. */
        const sim_file files[] = {{inspectors_path, out.inspectors}, {double_path, out.doubles},
                                  {schools_path, out.schools},       {truth_path, truth},
                                  {common.out_path, out.inspections}};
        st = simulate_write(files, sizeof files / sizeof *files, common.fmt, &err);
    }
    if (st != ICSTAT_OK)
        rc = icstat_cli_report(&err);
done:
    free(spec_text);
    gsl_rng_free(rng);
    icstat_sim_output_free(&out);
    icstat_result_free(truth);
    icstat_sim_spec_free(spec);
    return rc;
}
