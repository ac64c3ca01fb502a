/* cmd_chart.c — `icstat chart`: a chart for a report from the csv of
 * another icstat command (chart.h).  Every option is checked here, before
 * anything is read or written; the chart layer reads INPUT and draws. */
/* realpath is XSI, beyond _POSIX_C_SOURCE; a feature-test macro is meant
 * to have a reserved name. */
/* NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "icstat/chart.h"
#include "icstat/cli.h"
#include "icstat/strlist.h"

static void chart_usage(FILE *f)
{
    fputs(
        "Usage: icstat chart KIND INPUT.csv -o OUT.svg|OUT.png|OUT.pdf [options]\n"
        "\n"
        "A chart for a report from the csv another icstat command wrote (--format csv).\n"
        "It writes OUT, and beside it NAME.gp (the gnuplot script, whose texts and\n"
        "colours can be edited at its top) and NAME.dat (the numbers drawn), NAME\n"
        "being OUT less its .svg, .png or .pdf; running 'gnuplot NAME.gp' in OUT's\n"
        "folder draws OUT again, and gnuplot -e 'FORMAT=\"png\"' NAME.gp the png (svg,\n"
        "png, pdf: one script for all three).  A NAME.gp edited since icstat wrote it\n"
        "is kept, and the chart drawn from it.  Columns are found by name.\n"
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
        "  agreement    icstat agree: each coefficient with its interval, the\n"
        "               chance-corrected ones (kappas, AC1, alpha, ...) against the\n"
        "               Landis-Koch bands; percent agreement (in percent) and ICCs\n"
        "               each in a panel of their own, without bands\n"
        "               (coefficient,estimate,ci_low,ci_high; with a column\n"
        "               'dataset', rows are labelled 'dataset: coefficient')\n"
        "  heatmap      icstat agree --table: the two raters' table of counts, each\n"
        "               with its percent of all, rounded so that they add up to 100\n"
        "               (row_category,column_category,count)\n"
        "  proportions  icstat describe --proportions: survey figures with their Wilson\n"
        "               intervals (label,total,percent,ci_low,ci_high)\n"
        "  power        icstat power agree: interval half-width against the number of\n"
        "               schools (n,coefficient,mean_half_width); or icstat power fit:\n"
        "               power against the number of inspections, a line per number of\n"
        "               inspectors (inspections,inspectors,power,power_low,power_high)\n"
        "  margins      icstat fit --margins: the average predicted percent in each\n"
        "               category for each level (an interaction's levels 'F:Primary'\n"
        "               read 'F, Primary'), rows grouped by category, with intervals\n"
        "               and figures (level,category,probability,ci_low,ci_high)\n"
        "  compare      icstat describe --compare: for each category each group against\n"
        "               the reference, 'M vs F': the difference in percentage points\n"
        "               (line at 0) and the risk ratio on a log axis (line at 1), side\n"
        "               by side (measure,category,group,reference,estimate,ci_low,\n"
        "               ci_high; the chi-square row, when there, in the subtitle)\n"
        "  trend        icstat describe --by-period: a line per category across the\n"
        "               periods, in the csv's order, each point with its interval and\n"
        "               each period with its n (group,category,percent,total,ci_low,\n"
        "               ci_high)\n"
        "\n"
        "Odds ratios (forest, caterpillar) assume the logit link, fit's default.  forest\n"
        "names a factor's level against its reference ('M vs F') from fit's rows of\n"
        "kind reference; caterpillar draws each group's effect as an odds ratio against\n"
        "the average group, on a log axis.  proportions draws no interval for a figure\n"
        "whose base was not published, and says 'n \xe2\x89\xa5 1,400' for a base of at least\n"
        "1,400.  The interval level stated is INPUT's column 'conf' (every icstat csv\n"
        "with intervals has one).  A csv without it, from an older icstat, is read as\n"
        "before: the level worked back from the intervals or, where they cannot tell\n"
        "(margins, compare, bootstrap and ICC intervals, power), --conf's; the chart\n"
        "then says, after its source line, what it took.\n"
        "\n",
        f);
    fputs(
        "Options:\n"
        "  -o OUT                the chart: .svg, .png (pngcairo) or .pdf (pdfcairo), by\n"
        "                        OUT's ending (chart takes no --format)\n"
        "  --title T             the title (default: one for the kind)\n"
        "  --subtitle T          the line under the title (default: n and the interval\n"
        "                        level), e.g. a headline finding\n"
        "  --note N              the source line at the bottom (default: \"Source: icstat\n"
        "                        CMD output in INPUT\")\n"
        "  --xlabel T, --ylabel T  axis titles (default: the kind's)\n"
        "  --nouns GROUPS,ROWS   caterpillar: what the groups and their rows are, plural\n"
        "                        (default \"inspectors,inspections\"), e.g.\n"
        "                        \"local authorities,schools\"\n"
        "  --labels LIST         names for coded categories, groups and levels (stacked,\n"
        "                        heatmap, caterpillar, forest, margins, compare, trend),\n"
        "                        e.g. \"1=Outstanding,2=Good\"; or a scale's\n"
        "                        name: ofsted (1 Outstanding .. 4 Inadequate),\n"
        "                        report-card (1 Exceptional .. 5 Urgent improvement) or\n"
        "                        met (1 Met, 2 Not met) names its codes and words by its\n"
        "                        words, and puts the categories in its order (each\n"
        "                        must be on it)\n"
        "  --categories LIST     stacked and heatmap: the categories in order, e.g.\n"
        "                        \"Low,Medium,High\" (every category of INPUT, as it\n"
        "                        writes them), or a scale's name (ofsted, report-card\n"
        "                        or met); an order given, so the ordered colours\n"
        "  --small-percents      proportions: every figure really is under 1%; without\n"
        "                        it a percent column wholly between 0 and 1 is taken\n"
        "                        for fractions (0.91 for 91%, as spreadsheets export\n"
        "                        them) and refused.  A stacked bar whose groups' values\n"
        "                        add up to 1 is read as fractions, with a note\n",
        f);
    fputs(
        "  --size WxH            in pixels, each up to 4000 (default 800x500; a pdf has\n"
        "                        96 pixels to the inch).  Texts, margins and lines scale\n"
        "                        with it (by the smaller of W/800 and H/500), so the\n"
        "                        chart looks the same at 600x400 and 2400x1600; the\n"
        "                        smallest is 560x350 (texts at 70% of their size)\n"
        "  --scale X             texts and lines X times their size at 800x500 (0.7-10),\n"
        "                        whatever the --size: a large chart with more room for\n"
        "                        long labels (default: from the size, as above)\n"
        "  --dpi N               png: draw it at N pixels to the inch (72-1200; the size\n"
        "                        stays WxH at 96, so --size 800x500 --dpi 300 is a png\n"
        "                        of 2500x1563 pixels, 8.3 by 5.2 inches) and record N\n"
        "                        in the file (its pHYs chunk), for print\n"
        "  --style FILE          a gnuplot file of your own loaded after the chart's\n"
        "                        variables (FONT, COLOUR_1.., TITLE.., SCALE) and\n"
        "                        before it draws: your fonts and colours on every\n"
        "                        chart.  Read, never written\n"
        "  --no-intervals        draw no intervals and state no level: figures that have\n"
        "                        none (ci_low and ci_high are not needed)\n"
        "  --no-n                state no n (in labels and the subtitle): figures whose\n"
        "                        base is not known\n"
        "  --conf X              the interval level where INPUT does not show it (power\n"
        "                        tables; a csv without a column conf whose intervals\n"
        "                        cannot tell); elsewhere it is read from INPUT, and a\n"
        "                        --conf that differs is an error (default 0.95)\n"
        "  -h, --help            show this help\n"
        "\n"
        "Categories (stacked, heatmap) keep the order they come in, but the words of a\n"
        "known scale (Ofsted's grades, the report card's, Met/Not met) take its order,\n"
        "and --categories gives one.  A stacked bar colours ordered categories (a\n"
        "scale's, a --categories list's, or numbers) from blue (first, best) to\n"
        "vermillion (last, worst), and other words with colours that suggest no order,\n"
        "with a note on stderr that their order is not known.\n"
        "\n"
        "gnuplot (tested with 5.4) draws the chart; without it NAME.gp and NAME.dat are\n"
        "still written and the exit status is 2 (Debian: apt-get install gnuplot-nox).\n"
        "The same input gives the same bytes in OUT, NAME.gp and NAME.dat (a pdf's date\n"
        "is blanked).\n"
        "\n"
        "Examples:\n"
        "  icstat describe --outcome grade --by gender --format csv -o by_gender.csv \\\n"
        "      inspections.csv\n"
        "  icstat chart stacked by_gender.csv -o by_gender.svg --labels ofsted\n"
        "  icstat fit --outcome grade --terms gender,role --inspector-terms gender,role \\\n"
        "      --group inspector --format csv -o fit.csv --effects effects.csv \\\n"
        "      inspections.csv\n"
        "  icstat chart forest fit.csv -o fit.png\n"
        "  icstat chart caterpillar effects.csv -o effects.pdf --subtitle \\\n"
        "      \"Had another inspector led, the grade would change in X% of inspections\"\n"
        "(X: 100 (1 - inspector_agreement) from fit.csv, with its interval: the same\n"
        "inspection, only the inspector drawn again.  1 - implied_agreement, two\n"
        "independent inspections, is only an upper bound on it.)\n",
        f);
}

enum {
    OPT_TITLE = 256, OPT_SUBTITLE, OPT_NOTE, OPT_XLABEL, OPT_YLABEL, OPT_LABELS, OPT_SIZE,
    OPT_NOUNS, OPT_SMALL_PERCENTS, OPT_CATEGORIES, OPT_DPI, OPT_SCALE, OPT_STYLE,
    OPT_NO_INTERVALS, OPT_NO_N
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
    {"small-percents", no_argument, NULL, OPT_SMALL_PERCENTS},
    {"categories", required_argument, NULL, OPT_CATEGORIES},
    {"dpi", required_argument, NULL, OPT_DPI},
    {"scale", required_argument, NULL, OPT_SCALE},
    {"style", required_argument, NULL, OPT_STYLE},
    {"no-intervals", no_argument, NULL, OPT_NO_INTERVALS},
    {"no-n", no_argument, NULL, OPT_NO_N},
    {"conf", required_argument, NULL, ICSTAT_OPT_CONF},
    /* Not an option of chart: in the table to say what to do instead. */
    {"format", required_argument, NULL, ICSTAT_OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* What the command line gives. */
typedef struct {
    icstat_chart_spec spec;
    icstat_cli_common common;
    char **labels; /* --labels VALUE=Name items (spec.labels) */
    char **categories; /* --categories LIST (spec.categories) */
    char *nouns;   /* --nouns, split in place (spec.groups_noun, rows_noun) */
    const char *style; /* --style as given (spec.style: its absolute name) */
} chart_args;

/* --size: WxH, and no smaller than a chart's texts can be set in.  0, or
 * the exit status. */
static int size_option(chart_args *a, const char *arg)
{
    if (icstat_chart_parse_size(arg, &a->spec.width, &a->spec.height) != 0)
        return icstat_cli_usage_error("chart", "--size takes WIDTHxHEIGHT in pixels, "
                                      "each from 200 to 4000, like 800x500 (got '%s')", arg);
    if (a->spec.width < ICSTAT_CHART_MIN_W || a->spec.height < ICSTAT_CHART_MIN_H)
        return icstat_cli_usage_error("chart", "--size %s is too small for the chart's texts: "
                                      "the smallest is %ux%u (texts are not set below 70%% of "
                                      "their size at 800x500)",
                                      arg, (unsigned)ICSTAT_CHART_MIN_W,
                                      (unsigned)ICSTAT_CHART_MIN_H);
    return 0;
}

/* --dpi N: a whole number of pixels to the inch.  0, or the exit status. */
static int dpi_option(chart_args *a, const char *arg)
{
    unsigned long v;
    if (icstat_cli_parse_ulong(arg, &v) != 0 || v < ICSTAT_CHART_DPI_MIN ||
        v > ICSTAT_CHART_DPI_MAX)
        return icstat_cli_usage_error("chart", "--dpi takes a whole number of pixels to the "
                                      "inch from %u to %u, like 300 (got '%s')",
                                      (unsigned)ICSTAT_CHART_DPI_MIN,
                                      (unsigned)ICSTAT_CHART_DPI_MAX, arg);
    a->spec.dpi = (unsigned)v;
    return 0;
}

/* --nouns GROUPS,ROWS: two plural nouns.  0, or the exit status. */
static int nouns_option(chart_args *a, const char *arg)
{
    const char *comma = strchr(arg, ',');
    free(a->nouns);
    a->nouns = NULL;
    if (!comma || comma == arg || !comma[1] || strchr(comma + 1, ','))
        return icstat_cli_usage_error("chart", "--nouns takes GROUPS,ROWS, two plural nouns, "
                                      "like \"local authorities,schools\" (got '%s')", arg);
    if (!(a->nouns = strdup(arg)))
        return icstat_cli_out_of_memory();
    a->nouns[comma - arg] = '\0';
    a->spec.groups_noun = a->nouns;
    a->spec.rows_noun = a->nouns + (comma - arg) + 1;
    return 0;
}

/* --labels: a scale's name, or VALUE=Name items; given again, it replaces
 * the last.  0, or the exit status. */
static int labels_option(chart_args *a, const char *arg)
{
    size_t n = 0;
    int rc;
    if ((a->spec.scale = icstat_scale_lookup(arg))) {
        icstat_strv_free(a->labels);
        a->labels = NULL;
    } else if ((rc = icstat_cli_list_option("chart", "--labels", arg, &a->labels, &n)) != 0) {
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(a->labels[i], '=');
        if (!eq || eq == a->labels[i] || !eq[1])
            return icstat_cli_usage_error("chart", "--labels takes VALUE=Name items, or a "
                                          "scale's name: ofsted, report-card or met (got '%s')",
                                          a->labels[i]);
    }
    a->spec.labels = (const char *const *)a->labels;
    a->spec.n_labels = n;
    return 0;
}

/* The options: 0 to go on, or -1 to stop with exit status *rc (0 after
 * --help), as icstat_cli_common_option. */
static int parse_options(int argc, char **argv, chart_args *a, int *rc)
{
    int c;
    icstat_cli_parser parser = ICSTAT_CLI_PARSER("chart", chart_options, NULL);
    while ((c = icstat_cli_getopt(&parser, argc, argv)) != -1) {
        icstat_chart_spec *s = &a->spec; /* the texts: --title, ..., --ylabel */
        const char **text = c == OPT_TITLE ? &s->title : c == OPT_SUBTITLE ? &s->subtitle
                            : c == OPT_NOTE ? &s->note : c == OPT_XLABEL ? &s->xlabel
                            : c == OPT_YLABEL ? &s->ylabel : NULL;
        if (text) {
            *text = optarg;
        } else if (c == OPT_CATEGORIES) {
            size_t n = 0;
            if ((*rc = icstat_cli_categories_option("chart", optarg, &a->categories, &n,
                                                    &a->spec.order_scale)) != 0)
                return -1;
            a->spec.categories = (const char *const *)a->categories;
            a->spec.n_categories = n;
        } else if (c == OPT_SMALL_PERCENTS) {
            a->spec.small_percents = 1;
        } else if (c == OPT_NOUNS) {
            if ((*rc = nouns_option(a, optarg)) != 0)
                return -1;
        } else if (c == OPT_LABELS) {
            if ((*rc = labels_option(a, optarg)) != 0)
                return -1;
        } else if (c == OPT_SIZE) {
            if ((*rc = size_option(a, optarg)) != 0)
                return -1;
        } else if (c == OPT_DPI) {
            if ((*rc = dpi_option(a, optarg)) != 0)
                return -1;
        } else if (c == OPT_SCALE) {
            if (icstat_cli_parse_double(optarg, &a->spec.text_scale) != 0 ||
                !(a->spec.text_scale >= 0.7 && a->spec.text_scale <= 10.0)) {
                *rc = icstat_cli_usage_error("chart", "--scale takes a number from 0.7 to 10, "
                                             "like 1.5 (got '%s')", optarg);
                return -1;
            }
        } else if (c == OPT_STYLE) {
            if (!optarg[0]) {
                *rc = icstat_cli_usage_error("chart", "--style needs a file name");
                return -1;
            }
            a->style = optarg;
        } else if (c == OPT_NO_INTERVALS || c == OPT_NO_N) {
            *(c == OPT_NO_N ? &a->spec.no_n : &a->spec.no_intervals) = 1;
        } else if (c == ICSTAT_OPT_FORMAT || (c == ':' && optopt == ICSTAT_OPT_FORMAT)) {
            *rc = icstat_cli_usage_error("chart", "chart takes no --format: the chart's format "
                                         "is the ending of -o's name (.svg, .png or .pdf)");
            return -1;
        } else {
            /* --conf is noted, then checked by the shared parser. */
            a->spec.conf_given |= (c == ICSTAT_OPT_CONF);
            if (icstat_cli_common_option("chart", c, argv, chart_usage, &a->common, rc) != 0)
                return -1;
        }
    }
    return 0;
}

/* KIND, one INPUT and -o OUT, a chart's name: its format by its ending and
 * a file name that leaves room for NAME.dat; OUT, NAME.gp and NAME.dat must
 * not be the input.  0, or the exit status. */
static int check_operands(int argc, char **argv, chart_args *a)
{
    const char *kinds = "(use stacked, forest, caterpillar, agreement, heatmap, proportions, "
                        "power, margins, compare or trend)";
    if (optind >= argc)
        return icstat_cli_usage_error("chart", "no chart KIND given %s", kinds);
    const int kind = icstat_chart_kind_lookup(argv[optind]);
    if (kind < 0)
        return icstat_cli_usage_error("chart", "unknown KIND '%s' %s", argv[optind], kinds);
    int rc = icstat_cli_one_input("chart", argc, optind + 1);
    if (rc != 0)
        return rc;
    const char *out = a->common.out_path;
    if (!out)
        return icstat_cli_usage_error("chart", "no -o OUT given: name the chart, ending in "
                                      ".svg, .png or .pdf");
    if (icstat_chart_format_from_path(out) < 0)
        return icstat_cli_usage_error("chart", "-o '%s': the chart's name must end in .svg, "
                                      ".png or .pdf", out);
    const char *slash = strrchr(out, '/');
    if (strlen(slash ? slash + 1 : out) > ICSTAT_CHART_NAME_MAX) {
        icstat_error err;
        icstat_error_set(&err, ICSTAT_EUSAGE, NULL, 0, "-o '%s': name too long", out);
        return icstat_cli_report(&err);
    }
    char *gp, *dat;
    if (icstat_chart_files(out, &gp, &dat) != 0)
        return icstat_cli_out_of_memory();
    const icstat_cli_file in[] = {{"the input", argv[optind + 1]}, {"--style", a->style}};
    const icstat_cli_file outs[] = {{"-o", out}, {"its script", gp}, {"its data", dat}};
    rc = icstat_cli_check_files("chart", in, a->style ? 2 : 1, outs, 3);
    free(gp);
    free(dat);
    if (rc == 0 && (a->spec.no_intervals || a->spec.no_n) && kind != ICSTAT_CHART_STACKED &&
        kind != ICSTAT_CHART_PROPORTIONS)
        return icstat_cli_usage_error("chart", "%s applies to stacked and proportions, the "
                                      "kinds for figures of your own (the others draw the "
                                      "models and coefficients icstat made, which have both)",
                                      a->spec.no_intervals ? "--no-intervals" : "--no-n");
    a->spec.kind = (icstat_chart_kind)kind;
    a->spec.input = argv[optind + 1];
    a->spec.output = out;
    if (rc == 0 && a->spec.dpi && icstat_chart_format_from_path(out) != ICSTAT_CHART_PNG)
        return icstat_cli_usage_error("chart", "--dpi applies to a png only (svg and pdf are "
                                      "drawn to scale)");
    if (rc == 0 && a->spec.dpi) {
        const unsigned w = a->spec.width ? a->spec.width : 800, h = a->spec.height ? a->spec.height : 500;
        if (icstat_chart_png_pixels(w, a->spec.dpi) > ICSTAT_CHART_PNG_MAX_PX ||
            icstat_chart_png_pixels(h, a->spec.dpi) > ICSTAT_CHART_PNG_MAX_PX)
            return icstat_cli_usage_error("chart", "--size %ux%u at --dpi %u is a png of %ux%u "
                                          "pixels: the most is %u each way",
                                          w, h, a->spec.dpi, icstat_chart_png_pixels(w, a->spec.dpi),
                                          icstat_chart_png_pixels(h, a->spec.dpi),
                                          (unsigned)ICSTAT_CHART_PNG_MAX_PX);
    }
    return rc;
}

/* --style FILE: a regular file that can be read, named in the script by
 * its absolute name (gnuplot runs in OUT's folder).  *abs malloc'd.  0, or
 * the exit status. */
static int style_file(const char *style, char **abs)
{
    struct stat sb;
    if (stat(style, &sb) != 0 || !S_ISREG(sb.st_mode) || access(style, R_OK) != 0) {
        icstat_error err;
        icstat_error_set(&err, ICSTAT_EUSAGE, NULL, 0,
                         "--style '%s': not a file that can be read", style);
        return icstat_cli_report(&err);
    }
    if (!(*abs = realpath(style, NULL)))
        return errno == ENOMEM ? icstat_cli_out_of_memory()
                               : icstat_cli_usage_error("chart", "--style '%s': %s", style,
                                                        strerror(errno));
    return 0;
}

int icstat_cmd_chart(int argc, char **argv)
{
    chart_args a = {.spec = {.conf_name = "--conf", .size_name = "--size",
                             .small_percents_name = "--small-percents",
                             .categories_name = "--categories", .labels_name = "--labels"},
                    .common = ICSTAT_CLI_COMMON_INIT};
    char **notes = NULL, *cmdline = NULL, *style = NULL;
    size_t n_notes = 0;
    int rc = 0;
    /* The command line as typed, before getopt_long reorders argv. */
    if (!(cmdline = icstat_chart_command_line(argc, argv)))
        return icstat_cli_out_of_memory();
    if (parse_options(argc, argv, &a, &rc) != 0 || (rc = check_operands(argc, argv, &a)) != 0)
        goto done;
    if (a.style && (rc = style_file(a.style, &style)) != 0)
        goto done;
    a.spec.style = style;
    a.spec.conf = a.common.conf;
    a.spec.command = cmdline;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_chart_render(&a.spec, &notes, &n_notes, &err) != ICSTAT_OK)
        rc = icstat_cli_report(&err);
    for (size_t i = 0; i < n_notes; i++)
        fprintf(stderr, "icstat: note: %s\n", notes[i]);
done:
    icstat_strlist_free(&notes, &n_notes);
    icstat_strv_free(a.labels);
    icstat_strv_free(a.categories);
    free(a.nouns);
    free(style);
    free(cmdline);
    return rc;
}
