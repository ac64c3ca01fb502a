/* chart.h — charts for reports from the csv output of icstat's commands.
 *
 * icstat_chart_render reads one csv (the output of describe, fit, agree or
 * power), writes a gnuplot script NAME.gp and its data NAME.dat beside the
 * image OUT (NAME: OUT less its extension), then runs gnuplot on the
 * script to make OUT (svg, png or pdf by its extension).  The script
 * names the data file and the image relative to its own directory, so
 * `cd DIR && gnuplot NAME.gp` re-renders the image by hand, and its
 * variable FORMAT picks the format (one script for all three); its top
 * holds the title, notes, colours, size and face as named variables a
 * policy writer can edit, then loads the user's style file, if any.  A
 * NAME.gp edited since icstat wrote it is kept and drawn from (a note
 * says so); one icstat did not write is an error, left as it is.
 *
 * Look: the Okabe-Ito colour-blind-safe palette, Arial (Liberation Sans,
 * its metric twin, where Arial is absent) at sizes readable when an 800
 * pixel wide chart fills a report's column, a title, axis labels, n, the
 * interval level and a source line on every chart.  Margins are worked
 * out from the text they must hold (icstat_chart_text_width), so long
 * labels are neither clipped nor overlapping.
 *
 * The interval level a chart states is INPUT's column `conf` (every icstat
 * csv with intervals has it), else, in a csv from before that column, read
 * back from INPUT's intervals (analysis/chart/chart_level.c); the spec's
 * `conf` is stated where neither tells (bootstrap and ICC intervals,
 * intervals of mixed kinds, margins, compare, power tables).  A level
 * INPUT does not state is said after the source line (the user's --note
 * too): what the chart took, and how.
 *
 * Texts, margins, lines and markers scale with the size: the layout is
 * worked out on a canvas of the size's proportions, 800 wide or 500 high,
 * and drawn scaled by min(width/800, height/500) (or text_scale).
 *
 * Identical input gives identical OUT, NAME.gp and NAME.dat: gnuplot's svg
 * and png carry no time, and the date cairo stamps on a pdf is blanked
 * (with spaces, so the file's cross-reference offsets stay right).
 *
 * Errors (icstat_error; nothing printed): a column the kind needs missing
 * from INPUT's header (ICSTAT_EDATA on line 1, naming the column and what
 * the file looks like instead), a value that is not a number, a file with
 * no data rows or nothing to chart; gnuplot missing from PATH (NAME.gp and NAME.dat are
 * still written, and the message says how to install gnuplot) or failing
 * (no OUT is left: gnuplot draws to a temporary name that is renamed
 * only when it succeeded).  One usage error (ICSTAT_EUSAGE) can only be
 * found once the chart is laid out: texts that leave no room for the plot
 * at the size asked for.  Messages that must say where a value came from
 * use the names the caller gives (conf_name, size_name); the rest speak of
 * the data. */
#ifndef ICSTAT_CHART_H
#define ICSTAT_CHART_H

#include <stddef.h>
#include "icstat/scale.h"
#include "icstat/status.h"

typedef enum {
    ICSTAT_CHART_STACKED = 0, /* describe: one 100% bar of categories per group */
    ICSTAT_CHART_FOREST,      /* fit: coefficients as odds ratios, log axis */
    ICSTAT_CHART_CATERPILLAR, /* fit --effects: sorted group effects */
    ICSTAT_CHART_AGREEMENT,   /* agree: coefficients against Landis-Koch bands */
    ICSTAT_CHART_HEATMAP,     /* agree --table: the two-rater confusion table */
    ICSTAT_CHART_PROPORTIONS, /* describe --proportions: survey figures */
    ICSTAT_CHART_POWER,       /* power agree / power fit: curves against n */
    ICSTAT_CHART_MARGINS,     /* fit --margins: predicted percent per category and level */
    ICSTAT_CHART_COMPARE,     /* describe --compare: differences and risk ratios */
    ICSTAT_CHART_TREND,       /* describe --by-period: a line per category over time */
    ICSTAT_CHART_NKINDS
} icstat_chart_kind;

typedef enum { ICSTAT_CHART_SVG = 0, ICSTAT_CHART_PNG, ICSTAT_CHART_PDF } icstat_chart_format;

/* The longest file name OUT may have (without its folder), so that
 * NAME.dat's fits the 255 bytes of a file name. */
#define ICSTAT_CHART_NAME_MAX 251

typedef struct {
    icstat_chart_kind kind;
    const char *input;    /* the csv to chart */
    /* OUT.svg, OUT.png or OUT.pdf (icstat_chart_format_from_path), its file
     * name at most ICSTAT_CHART_NAME_MAX bytes: the caller checks both
     * (render fails with ICSTAT_EUSAGE otherwise). */
    const char *output;
    const char *title;    /* NULL: a title for the kind */
    const char *subtitle; /* NULL: n and the interval level */
    const char *note;     /* NULL: "Source: icstat CMD output in INPUT" */
    const char *xlabel, *ylabel; /* NULL: the kind's axis labels */
    /* caterpillar: what the groups and their rows are, plural ("local
     * authorities", "schools"); NULL: "inspectors", "inspections". */
    const char *groups_noun, *rows_noun;
    /* Names for coded values of categories and groups, "CODE=Name" each
     * (stacked and heatmap), e.g. {"1=Outstanding", "2=Good"}; NULL when
     * none. */
    const char *const *labels;
    size_t n_labels;
    /* --labels NAME: values that are this scale's codes or words are named
     * by its words, and categories on it take its order; NULL when none. */
    const icstat_scale *scale;
    /* --categories (stacked and heatmap): the categories in order, every
     * one of INPUT's among them (categories[0..n_categories-1]), or the
     * scale whose order they take (order_scale); an order given, so the
     * ordered colours.  NULL / 0 when none. */
    const char *const *categories;
    size_t n_categories;
    const icstat_scale *order_scale;
    /* Pixels; 0 means 800 x 500 (pdf: 96 px per inch).  Texts, margins and
     * lines scale with the size (as min(width/800, height/500)); a size
     * whose texts would be set below 70% of their size at 800 x 500, less
     * than 560 x 350, is refused (ICSTAT_EUSAGE, naming the smallest). */
    unsigned width, height;
    /* The text scale, when given (not 0): texts and lines this many times
     * their size at 800 x 500 whatever the size, from 0.7 to 10: a poster
     * with more room for long labels (--size 2400x1600 --scale 1.5). */
    double text_scale;
    /* png only: the image is drawn at dpi/96 times the size in pixels and
     * the resolution recorded in its pHYs chunk; 0 for none (96, no
     * chunk). */
    unsigned dpi;
    /* A gnuplot file the script loads after its own variables (texts,
     * colours, FONT) and before drawing: the user's style, named in the
     * script (quoted, never run through a shell) and never written; NULL
     * for none.  The caller checks that it can be read. */
    const char *style;
    /* 1: the kind draws no intervals and does not need ci_low and ci_high
     * (no_intervals), or states no n (no_n): a user's own figures. */
    int no_intervals, no_n;
    double conf;     /* interval level to state where INPUT does not show it */
    int conf_given;  /* 1: conf came from the user, and must match INPUT's */
    /* Where conf and the size came from, for messages ("--conf", "--size"). */
    const char *conf_name, *size_name;
    /* The options that gave the order and the labels, for messages
     * ("--categories", "--labels"). */
    const char *categories_name, *labels_name;
    const char *command; /* the command line, for the script's header */
    /* proportions: a percent column that lies wholly in [0, 1] is taken
     * for fractions (0.91 for 91%) and refused, unless small_percents is 1
     * (every figure really is under 1%); small_percents_name names the
     * option for the message ("--small-percents"). */
    int small_percents;
    const char *small_percents_name;
} icstat_chart_spec;

/* The kind for a name ("stacked", ...), or -1. */
int icstat_chart_kind_lookup(const char *name);
const char *icstat_chart_kind_name(icstat_chart_kind kind);

/* The format for OUT's extension (.svg, .png, .pdf in any case), or -1. */
int icstat_chart_format_from_path(const char *path);

/* The script and the data written beside OUT, named after OUT without its
 * extension, so that one script draws the chart in every format: for
 * NAME.svg, NAME.png or NAME.pdf, NAME.gp into *gp and NAME.dat into *dat,
 * malloc'd.  0, or -1 when out of memory (both NULL). */
int icstat_chart_files(const char *out, char **gp, char **dat);

/* "WIDTHxHEIGHT" in pixels, each a whole number from 200 to 4000: 0, or
 * -1 (and *w, *h untouched).  (The smallest a chart accepts is larger:
 * ICSTAT_CHART_MIN_W x ICSTAT_CHART_MIN_H.) */
int icstat_chart_parse_size(const char *s, unsigned *w, unsigned *h);

/* The smallest --size whose texts are legible (70% of 800 x 500). */
#define ICSTAT_CHART_MIN_W 560
#define ICSTAT_CHART_MIN_H 350
/* --dpi: from 72 to 1200, and the png at most this many pixels each way
 * (cairo draws up to 32767). */
#define ICSTAT_CHART_DPI_MIN 72
#define ICSTAT_CHART_DPI_MAX 1200
#define ICSTAT_CHART_PNG_MAX_PX 16000
/* The png's pixels one way for a size of `css` pixels at dpi (0: 96). */
unsigned icstat_chart_png_pixels(unsigned css, unsigned dpi);

/* Draw the chart.  What gnuplot says while succeeding (warnings) is added
 * to notes[0..*n_notes-1] (icstat_strlist; notes may be NULL). */
int icstat_chart_render(const icstat_chart_spec *spec, char ***notes, size_t *n_notes,
                        icstat_error *err);

/* The command line, argv[0..argc-1] after "icstat", as the script's header
 * shows it: each argument that a shell would split or expand in single
 * quotes, and one with a control character (a line break, a tab) in $'...'
 * with C escapes, as bash, zsh and ksh read it, so that the header's
 * comment stays on one line and the command can still be pasted into a
 * shell.  Malloc'd; NULL when out of memory. */
char *icstat_chart_command_line(int argc, char *const *argv);

/* ---- Helpers, public for the tests ------------------------------------- */

/* Width in pixels of UTF-8 text set in Arial at `px` pixels (bold: 1), from
 * Arial's advance widths (a no-break space, a tab and any other control
 * character but a line break as a space, as the chart shows them; every
 * other character outside ASCII as a digit).  An estimate: kerning is ignored.
 * With line breaks, the widest line. */
double icstat_chart_text_width(const char *s, double px, int bold);

/* A label for people: underscores become spaces, "NAME=LEVEL" becomes
 * "NAME: LEVEL", and the first letter is capitalised.  Malloc'd; NULL
 * when out of memory. */
char *icstat_chart_pretty_label(const char *s);

/* The plain-English name of an agree coefficient ("cohen_kappa" ->
 * "Cohen's kappa"; weights other than identity are added in brackets, and
 * gwet_ac is AC1 unweighted, AC2 weighted).  Unknown names come back
 * prettified.  Malloc'd; NULL when out of memory. */
char *icstat_chart_coefficient_name(const char *coefficient, const char *weights);

/* Break text into lines no wider than max_px (at px pixels) at spaces
 * (a word wider than that stays whole on its line; a no-break space
 * never breaks), joined by '\n'.
 * Malloc'd; NULL when out of memory.  *lines gets the number of lines. */
char *icstat_chart_wrap(const char *s, double max_px, double px, int bold, size_t *lines);

/* A whole number with thousands separators ("19,292") into buf. */
void icstat_chart_format_count(double x, char *buf, size_t len);

/* A level worked out from an interval, rounded to 0.1 percentage points
 * (0.94996 -> 0.95), as charts state it. */
double icstat_chart_level_round(double level);

#endif
