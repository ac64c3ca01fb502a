/* cmd_chart.c — `icstat chart`: a chart for a report from the csv of
 * another icstat command (chart.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/chart.h"
#include "icstat/cli.h"
#include "icstat/strlist.h"

static void chart_usage(FILE *f)
{
    fputs(
        "Usage: icstat chart KIND INPUT.csv -o OUT.svg|OUT.png|OUT.pdf [options]\n"
        "\n"
        "A chart for a report from the csv another icstat command wrote (--format csv).\n"
        "It writes OUT, and beside it OUT.gp (the gnuplot script, whose texts and\n"
        "colours can be edited at its top) and OUT.dat (the numbers drawn); running\n"
        "'gnuplot OUT.gp' in OUT's folder draws OUT again.  Columns are found by name.\n"
        "\n"
        "Kinds, and the csv each reads:\n"
        "  stacked      icstat describe: one 100% bar per group, a segment per category\n"
        "               (group,category,percent; n per group from total; rows without\n"
        "               n or intervals, such as published figures, are fine)\n"
        "  forest       icstat fit: each coefficient as an odds ratio with its interval,\n"
        "               on a log axis (kind,term,estimate,ci_low,ci_high; n from the\n"
        "               fit row n).  Odds ratios assume the logit link, fit's default\n"
        "  caterpillar  icstat fit --effects: each group's (inspector's) effect with its\n"
        "               interval, sorted (group,effect,se,ci_low,ci_high)\n"
        "  agreement    icstat agree: each coefficient with its interval against the\n"
        "               Landis-Koch bands (coefficient,estimate,ci_low,ci_high; with a\n"
        "               column 'dataset', rows are labelled 'dataset: coefficient')\n"
        "  heatmap      icstat agree --table: the two raters' table of counts\n"
        "               (row_category,column_category,count)\n"
        "  proportions  icstat describe --proportions: survey figures with their Wilson\n"
        "               intervals (label,total,percent,ci_low,ci_high)\n"
        "  power        icstat power agree: interval half-width against the number of\n"
        "               schools (n,coefficient,mean_half_width); or icstat power fit:\n"
        "               power against the number of inspections, a line per number of\n"
        "               inspectors (inspections,inspectors,power,power_low,power_high)\n"
        "\n",
        f);
    fputs(
        "Options:\n"
        "  -o OUT                the chart: .svg, .png (pngcairo) or .pdf (pdfcairo)\n"
        "  --title T             the title (default: one for the kind)\n"
        "  --subtitle T          the line under the title (default: n and the interval\n"
        "                        level), e.g. a headline finding\n"
        "  --note N              the source line at the bottom (default: \"Source: icstat\n"
        "                        CMD output in INPUT\")\n"
        "  --xlabel T, --ylabel T  axis titles (default: the kind's)\n"
        "  --nouns GROUPS,ROWS   caterpillar: what the groups and their rows are, plural\n"
        "                        (default \"inspectors,inspections\"), e.g.\n"
        "                        \"local authorities,schools\"\n"
        "  --labels LIST         names for coded categories and groups (stacked and\n"
        "                        heatmap), e.g. \"1=Outstanding,2=Good\"; or a scale's\n"
        "                        name: ofsted (1 Outstanding .. 4 Inadequate),\n"
        "                        report-card (1 Exceptional .. 5 Urgent improvement) or\n"
        "                        met (1 Met, 2 Not met) names its codes and words by its\n"
        "                        words, and puts categories on it in its order\n"
        "  --size WxH            in pixels, each 200-4000 (default 800x500; a pdf has 96\n"
        "                        pixels to the inch); the texts need about 600x400\n"
        "  --conf X              the interval level where INPUT does not show it (power\n"
        "                        tables, ICC and bootstrap intervals); elsewhere it is\n"
        "                        read from the intervals, and a --conf that differs is\n"
        "                        an error (default 0.95)\n"
        "  -h, --help            show this help\n"
        "\n"
        "Categories (stacked, heatmap) keep the order they come in, but the words of a\n"
        "known scale (Ofsted's grades, the report card's, Met/Not met) take its order.\n"
        "A stacked bar colours ordered categories (a scale's, or numbers) from blue\n"
        "(first, best) to vermillion (last, worst), and other words with colours that\n"
        "suggest no order.\n"
        "\n"
        "gnuplot (tested with 5.4) draws the chart; without it OUT.gp and OUT.dat are\n"
        "still written and the exit status is 2 (Debian: apt-get install gnuplot-nox).\n"
        "The same input gives the same bytes in OUT, OUT.gp and OUT.dat (a pdf's date\n"
        "is blanked).\n"
        "\n"
        "Examples:\n"
        "  icstat describe --outcome grade --by gender --format csv -o by_gender.csv \\\n"
        "      inspections.csv\n"
        "  icstat chart stacked by_gender.csv -o by_gender.svg --labels ofsted\n"
        "  icstat fit --outcome grade --terms gender,role --group inspector \\\n"
        "      --format csv -o fit.csv --effects effects.csv inspections.csv\n"
        "  icstat chart forest fit.csv -o fit.png\n"
        "  icstat chart caterpillar effects.csv -o effects.pdf \\\n"
        "      --subtitle \"Two inspectors would give a different grade 58% of the time\"\n",
        f);
}

enum {
    OPT_TITLE = 256, OPT_SUBTITLE, OPT_NOTE, OPT_XLABEL, OPT_YLABEL, OPT_LABELS, OPT_SIZE,
    OPT_NOUNS
};

static const struct option chart_options[] = {
    {"title", required_argument, NULL, OPT_TITLE},
    {"subtitle", required_argument, NULL, OPT_SUBTITLE},
    {"note", required_argument, NULL, OPT_NOTE},
    {"xlabel", required_argument, NULL, OPT_XLABEL},
    {"ylabel", required_argument, NULL, OPT_YLABEL},
    {"labels", required_argument, NULL, OPT_LABELS},
    {"size", required_argument, NULL, OPT_SIZE},
    {"nouns", required_argument, NULL, OPT_NOUNS},
    {"conf", required_argument, NULL, ICSTAT_OPT_CONF},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* The command line as typed (for the script's header), each argument that
 * a shell would split or expand in single quotes, and one with a control
 * character (a line break, a tab) in $'...' with C escapes, as bash, zsh
 * and ksh read it: the header's comment stays on one line and the command
 * can still be pasted into a shell.  Malloc'd. */
static char *command_line(int argc, char **argv)
{
    size_t cap = 16;
    for (int i = 0; i < argc; i++)
        cap += 4 * strlen(argv[i]) + 4;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    size_t o = (size_t)sprintf(s, "icstat");
    for (int i = 0; i < argc; i++) {
        const unsigned char *a = (const unsigned char *)argv[i];
        int plain = *a != '\0', control = 0;
        for (const unsigned char *p = a; *p; p++) {
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                        "-_./=,:+@%", *p))
                plain = 0;
            if (*p < 32 || *p == 127)
                control = 1;
        }
        s[o++] = ' ';
        if (plain) {
            o += (size_t)sprintf(s + o, "%s", (const char *)a);
            continue;
        }
        if (control)
            s[o++] = '$';
        s[o++] = '\'';
        for (const unsigned char *p = a; *p; p++) {
            if (!control && *p == '\'') {
                memcpy(s + o, "'\\''", 4);
                o += 4;
            } else if (control && (*p == '\'' || *p == '\\')) {
                s[o++] = '\\';
                s[o++] = (char)*p;
            } else if (control && (*p == '\n' || *p == '\t' || *p == '\r')) {
                o += (size_t)sprintf(s + o, "\\%c", *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r');
            } else if (control && (*p < 32 || *p == 127)) {
                o += (size_t)sprintf(s + o, "\\%03o", *p);
            } else {
                s[o++] = (char)*p;
            }
        }
        s[o++] = '\'';
    }
    s[o] = '\0';
    return s;
}

int icstat_cmd_chart(int argc, char **argv)
{
    icstat_cli_common common = ICSTAT_CLI_COMMON_INIT;
    icstat_chart_spec spec;
    memset(&spec, 0, sizeof spec);
    char **labels = NULL, **notes = NULL, *nouns = NULL;
    size_t n_labels = 0, n_notes = 0;
    int rc = 0, conf_given = 0;
    icstat_error err;
    icstat_error_clear(&err);
    char *cmdline = command_line(argc, argv);
    if (!cmdline) {
        icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        return icstat_cli_report(&err);
    }

    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", chart_options, NULL)) != -1) {
        switch (c) {
        case OPT_TITLE:
            spec.title = optarg;
            break;
        case OPT_SUBTITLE:
            spec.subtitle = optarg;
            break;
        case OPT_NOTE:
            spec.note = optarg;
            break;
        case OPT_XLABEL:
            spec.xlabel = optarg;
            break;
        case OPT_YLABEL:
            spec.ylabel = optarg;
            break;
        case OPT_NOUNS: {
            const char *comma = strchr(optarg, ',');
            free(nouns);
            nouns = NULL;
            if (!comma || comma == optarg || !comma[1] || strchr(comma + 1, ',')) {
                rc = icstat_cli_usage_error("chart", "--nouns takes GROUPS,ROWS, two plural "
                                            "nouns, like \"local authorities,schools\" (got "
                                            "'%s')", optarg);
                goto done;
            }
            if (!(nouns = strdup(optarg))) {
                rc = icstat_cli_out_of_memory();
                goto done;
            }
            nouns[comma - optarg] = '\0';
            spec.groups_noun = nouns;
            spec.rows_noun = nouns + (comma - optarg) + 1;
            break;
        }
        case OPT_SIZE:
            if (icstat_chart_parse_size(optarg, &spec.width, &spec.height) != 0) {
                rc = icstat_cli_usage_error("chart", "--size takes WIDTHxHEIGHT in pixels, "
                                            "each from 200 to 4000, like 800x500 (got '%s')",
                                            optarg);
                goto done;
            }
            break;
        case OPT_LABELS:
            /* A scale's name or a list; given again, it replaces the last. */
            if ((spec.scale = icstat_scale_lookup(optarg))) {
                icstat_cli_list_free(labels);
                labels = NULL;
                n_labels = 0;
                spec.labels = NULL;
                spec.n_labels = 0;
                break;
            }
            if ((rc = icstat_cli_list_option("chart", "--labels", optarg, &labels, &n_labels)) != 0)
                goto done;
            for (size_t i = 0; i < n_labels; i++) {
                const char *eq = strchr(labels[i], '=');
                if (!eq || eq == labels[i] || !eq[1]) {
                    rc = icstat_cli_usage_error("chart", "--labels takes VALUE=Name items, or a "
                                                "scale's name: ofsted, report-card or met (got "
                                                "'%s')", labels[i]);
                    goto done;
                }
            }
            spec.labels = (const char *const *)labels;
            spec.n_labels = n_labels;
            break;
        case ICSTAT_OPT_CONF:
            /* Noted, then checked by the shared parser. */
            conf_given = 1;
            /* fall through */
        default:
            if (icstat_cli_common_option("chart", c, argv, chart_usage, &common, &rc) != 0)
                goto done;
        }
    }
    if (optind >= argc) {
        rc = icstat_cli_usage_error("chart", "no chart KIND given (use stacked, forest, "
                                    "caterpillar, agreement, heatmap, proportions or power)");
        goto done;
    }
    int kind = icstat_chart_kind_lookup(argv[optind]);
    if (kind < 0) {
        rc = icstat_cli_usage_error("chart", "unknown KIND '%s' (use stacked, forest, "
                                    "caterpillar, agreement, heatmap, proportions or power)",
                                    argv[optind]);
        goto done;
    }
    if ((rc = icstat_cli_one_input("chart", argc, optind + 1)) != 0)
        goto done;
    if (!common.out_path) {
        rc = icstat_cli_usage_error("chart", "no -o OUT given: name the chart, ending in .svg, "
                                    ".png or .pdf");
        goto done;
    }
    if (icstat_chart_format_from_path(common.out_path) < 0) {
        rc = icstat_cli_usage_error("chart", "-o '%s': the chart's name must end in .svg, .png "
                                    "or .pdf", common.out_path);
        goto done;
    }
    /* OUT, OUT.gp and OUT.dat are all written: none may be the input. */
    size_t olen = strlen(common.out_path);
    char *gp_path = malloc(olen + 4), *dat_path = malloc(olen + 5);
    if (gp_path && dat_path) {
        sprintf(gp_path, "%s.gp", common.out_path);
        sprintf(dat_path, "%s.dat", common.out_path);
        const icstat_cli_file in[] = {{"the input", argv[optind + 1]}};
        const icstat_cli_file outs[] = {
            {"-o", common.out_path}, {"its script", gp_path}, {"its data", dat_path}};
        rc = icstat_cli_check_files("chart", in, 1, outs, 3);
    } else {
        rc = icstat_cli_out_of_memory();
    }
    free(gp_path);
    free(dat_path);
    if (rc != 0)
        goto done;
    spec.kind = (icstat_chart_kind)kind;
    spec.input = argv[optind + 1];
    spec.output = common.out_path;
    spec.conf = common.conf;
    spec.conf_given = conf_given;
    spec.command = cmdline;

    if (icstat_chart_render(&spec, &notes, &n_notes, &err) != ICSTAT_OK)
        rc = icstat_cli_report(&err);
    for (size_t i = 0; i < n_notes; i++)
        fprintf(stderr, "icstat: note: %s\n", notes[i]);
done:
    icstat_strlist_free(&notes, &n_notes);
    icstat_cli_list_free(labels);
    free(nouns);
    free(cmdline);
    return rc;
}
