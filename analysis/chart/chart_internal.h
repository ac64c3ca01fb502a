/* chart_internal.h — what the chart files share (not public): a growing
 * text buffer, the state of one chart being built, and the phases every
 * kind goes through, each with one home.
 *
 * A kind's builder (chart_describe.c, chart_fit.c, chart_agree.c,
 * chart_power.c) runs the same phases in turn over c:
 *   its columns by name (chart_columns, chart_input.c), checked;
 *   the interval level (chart_settle_level, chart_level.c);
 *   its texts: title, subtitle, source note, axis titles (chart_texts,
 *   chart_layout.c) and colours (chart_palette.c) into c->vars;
 *   the layout: header, footer, legend, plot area, row labels wrapped
 *   to fit (chart_layout.c, chart_rows.c);
 *   the data into c->dat and the gnuplot commands into c->body, every text
 *   through the writers of chart_quote.c.
 * chart.c then puts the script together (chart_script.c), writes the files
 * and runs gnuplot (chart_gnuplot.c).  Layout is in pixels from the top
 * left corner of the canvas, turned into gnuplot's screen fractions as it
 * is written. */
#ifndef ICSTAT_CHART_INTERNAL_H
#define ICSTAT_CHART_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "icstat/chart.h"
#include "icstat/table.h"

/* ---- Text that reaches gnuplot (chart_quote.c) ----------------------------- */

typedef struct {
    char *s;
    size_t len, cap;
    int failed; /* an allocation failed: the text is incomplete */
} chart_buf;

void chart_printf(chart_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void chart_buf_free(chart_buf *b);
/* Every text that reaches a script goes through one of these three, so
 * that gnuplot runs nothing from it (chart_quote.c says how).
 *
 * s as a gnuplot string, double-quoted, that gnuplot reads back as the
 * text to show: a line break starts a new line, any other control
 * character (tab, CR, ...) shows as a space. */
void chart_quote(chart_buf *b, const char *s);
/* s as a gnuplot string that gnuplot reads back byte for byte: a file name. */
void chart_quote_name(chart_buf *b, const char *s);
/* A tic label: as chart_quote, each '%' doubled (gnuplot reads such a
 * label as a format) and, with a '%', cut to gnuplot's 49 bytes. */
void chart_quote_tic(chart_buf *b, const char *s);
/* s inside a '#' comment: control characters as C escapes (\n, \t, \001),
 * so that the comment stays on its line, and a backslash that ends s as
 * \134, as gnuplot joins a line ending in a backslash to the next. */
void chart_comment(chart_buf *b, const char *s);
/* s as a field of the tab-separated .dat: control characters become
 * spaces and double quotes single ones (gnuplot ends a field at a quote);
 * a field starting with '#' (after blanks) is quoted, or gnuplot would
 * skip its line as a comment. */
void chart_dat_text(chart_buf *b, const char *s);
/* x with %.10g, or NA. */
void chart_dat_num(chart_buf *b, double x);
/* v[0..n-1] as further fields of a .dat row: each a tab and chart_dat_num. */
void chart_dat_nums(chart_buf *b, const double *v, size_t n);

/* ---- Texts and sizes ---------------------------------------------------- */

/* The face every text is set in: the script's FONT (plots/icstat-style.gp
 * has the same). */
#define CHART_FONT_NAME "Arial"

/* A no-break space, to keep "n = 19,292" on one line. */
#define CHART_NBSP "\xc2\xa0"

/* Text sizes in pixels of the 800x500 canvas the layout is worked out on
 * (the script scales them with the canvas: SCALE, and FS in points). */
#define CHART_PX_TITLE 19.0
#define CHART_PX_SUB 14.0
#define CHART_PX_BODY 14.0
#define CHART_PX_SMALL 12.0
#define CHART_PAD 16.0 /* canvas edge to text */
#define CHART_MIN_PLOT 50.0 /* the smallest plot area, pixels each way */
/* The canvas the layout is worked out on: a chart of any --size is laid
 * out on a canvas of this size's proportions scaled to the --size
 * (chart.c), so that its texts keep their place and scale with it. */
#define CHART_BASE_W 800.0
#define CHART_BASE_H 500.0
/* Texts are set no smaller than this share of their size at 800x500 (the
 * small notes then at 8.4 px, the smallest that reads on screen): a
 * smaller --size is refused, naming the smallest, 560x350. */
#define CHART_MIN_SCALE 0.7

/* ---- The palette (chart_palette.c) ----------------------------------------- */

/* The Okabe-Ito palette. */
#define CHART_ORANGE "#E69F00"
#define CHART_SKY "#56B4E9"
#define CHART_GREEN "#009E73"
#define CHART_YELLOW "#F0E442"
#define CHART_BLUE "#0072B2"
#define CHART_VERMILLION "#D55E00"
#define CHART_PURPLE "#CC79A7"
#define CHART_BLACK "#000000"
#define CHART_GREY "#555555" /* notes and secondary text */
/* The heatmap: light to dark blue. */
#define CHART_HEAT_LOW "#f7fbff"
#define CHART_HEAT_HIGH "#08519c"
/* The most colours a chart gives its categories or lines: the palette's. */
#define CHART_MAX_COLOURS 8

/* k colours for k ordered categories (k <= 8), from blue (first) to
 * vermillion (last), so that grades read from good to bad. */
const char *chart_ordered_colour(size_t k, size_t i);
/* The colour of the i-th of up to 8 unordered series (lines of a power
 * chart), in the Okabe-Ito order; black beyond. */
const char *chart_series_colour(size_t i);
/* Text colour that reads on a fill of the palette (white on the dark ones). */
const char *chart_text_on(const char *fill);

/* ---- The chart being built ------------------------------------------------- */

typedef struct {
    const icstat_chart_spec *spec;
    const icstat_table *t;
    icstat_error *err;
    char input_name[256]; /* INPUT's file name, without its directory */
    char out_name[256];   /* OUT's file name */
    char stem[256];       /* OUT's file name less its extension: NAME of NAME.svg */
    char dat_name[270];   /* NAME.dat's file name */
    icstat_chart_format fmt;
    double W, H;        /* the canvas the layout is worked out on, pixels */
    double scale;       /* the --size over W x H: what texts and lines are scaled by */
    double lh;          /* line spacing, in text sizes (the widest terminal's: svg's) */

    /* Set by the kind. */
    const char *source_cmd; /* "describe", "fit --effects", ... */
    const char *what;       /* one sentence for the script's header */
    char *title, *subtitle, *note, *xlabel, *ylabel; /* final texts (malloc'd) */
    char *facts;    /* the kind's facts when --subtitle took their place, else NULL */
    chart_buf vars; /* further variables: colours, one per line */
    chart_buf body; /* settings and the plot command */
    chart_buf dat;  /* the data */
    double level;   /* interval level shown, NaN for none */
    int level_from; /* where it came from: a chart_level_from (chart_level.c) */
    int cramped;    /* the plot area came out smaller than CHART_MIN_PLOT */
    char ***notes;  /* the caller's notes (chart_note), NULL when it keeps none */
    size_t *n_notes;
} chart_ctx;

/* Free the texts and buffers a build filled in c (not c itself, nor its
 * table). */
void chart_ctx_clear(chart_ctx *c);

/* ICSTAT_ENOMEM, "out of memory", into c->err (returned). */
#define chart_nomem(c) icstat_error_set((c)->err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

/* COLOUR_1 .. COLOUR_8: the script's variable for the i-th colour of a
 * chart's categories or lines (i < CHART_MAX_COLOURS). */
const char *chart_colour_var(size_t i);
/* One variable per colour into c->vars, "COLOUR_i = "#rrggbb"   # name",
 * for colour[0..n-1] and their names[] (n <= CHART_MAX_COLOURS). */
void chart_colour_vars(chart_ctx *c, size_t n, const char *const *colour,
                       const char *const *names);

/* Builders: 0, or an error status with c->err filled. */
int chart_build_stacked(chart_ctx *c);
int chart_build_proportions(chart_ctx *c);
int chart_build_forest(chart_ctx *c);
int chart_build_caterpillar(chart_ctx *c);
int chart_build_agreement(chart_ctx *c);
int chart_build_heatmap(chart_ctx *c);
int chart_build_power(chart_ctx *c);
int chart_build_margins(chart_ctx *c); /* chart_margins.c */
int chart_build_compare(chart_ctx *c); /* chart_compare.c */
int chart_build_trend(chart_ctx *c);   /* chart_trend.c */

/* The command whose csv a kind reads ("fit --effects"), as chart.c's table
 * of kinds has it. */
const char *chart_kind_source(icstat_chart_kind kind);

/* ---- Input (chart_input.c) ------------------------------------------------- */

/* What a builder says of a column it reads. */
enum {
    CHART_NEED = 1, /* the kind cannot draw without it */
    CHART_NUM = 2,  /* every value a number (or missing) */
    CHART_LOW = 4,  /* the interval's lower limit ... */
    CHART_HIGH = 8, /* ... and upper: no row's may run backwards */
    CHART_COUNT = 16 /* a count or base (n, total): none with --no-n */
};
typedef struct {
    const char *name;
    unsigned flags; /* CHART_NEED | CHART_NUM | ... */
} chart_column;

/* Find the columns cols[0..n-1] by name, j[k] the index of cols[k] (-1
 * when absent), then check them: the first CHART_NEED column that is
 * missing is an error (chart_col), then the CHART_NUM columns that are
 * there in turn (chart_check_numeric; at most 16), then the interval of
 * the CHART_LOW and CHART_HIGH columns, when both are there
 * (chart_check_values).  The spec's no_intervals makes the CHART_LOW and
 * CHART_HIGH columns absent (-1, not needed, not read), and no_n the
 * CHART_COUNT ones: the user's own figures have none.
 * 0, or ICSTAT_EDATA with c->err filled. */
int chart_columns(chart_ctx *c, const chart_column *cols, size_t n, long *j);

/* Index of column `name`; when absent -1, with c->err saying that the kind
 * needs it and what INPUT looks like instead. */
long chart_col(chart_ctx *c, const char *name);
/* Index of column `name`, or -1 without an error. */
long chart_col_opt(const chart_ctx *c, const char *name);
/* 0 when every non-missing value of column j is a number; otherwise the
 * error names the first that is not, with its line. */
int chart_check_numeric(chart_ctx *c, long j);
/* chart_check_numeric on each of cols[0..n-1] that is not -1, then an
 * error for the first row whose interval runs backwards (ci_low above
 * ci_high: columns jl and jh, -1 when the kind has none; NA is fine). */
int chart_check_values(chart_ctx *c, const long *cols, size_t n, long jl, long jh);
/* Whether column j, a percent, looks like fractions (0.91 for 91%, as a
 * spreadsheet exports a percent cell): every value present lies in
 * [0, 1] and one at least is above 0.  *largest gets the row of the
 * largest (for messages).  0 or 1. */
int chart_percent_fractions(const chart_ctx *c, long j, size_t *largest);
/* Column j's value in row i: NaN when missing, or when j is -1 (a column
 * the file does not have); j checked numeric. */
double chart_val(const chart_ctx *c, long j, size_t i);
/* Column j's text in row i, NULL when missing (or j is -1). */
const char *chart_text(const chart_ctx *c, long j, size_t i);
/* The row's line, for messages. */
long chart_line(const chart_ctx *c, size_t i);
/* A data error on row i's line (ICSTAT_EDATA, returned), or with i of
 * CHART_NO_ROW on no line, about INPUT. */
#define CHART_NO_ROW ((size_t)-1)
int chart_row_error(chart_ctx *c, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#if defined(__clang_analyzer__) && !defined(CHART_INPUT_IMPL)
/* For clang's static analyzer (make lint), as status.h does for
 * icstat_error_set: the call returns ICSTAT_EDATA, so that no path reads
 * an error as success.  Compiled code is unchanged. */
#define chart_row_error(c, i, ...) (chart_row_error((c), (i), __VA_ARGS__), ICSTAT_EDATA)
#endif
/* A note for the caller to show (a reading of INPUT the user should know
 * of), on one line (control characters as spaces): 0, or ICSTAT_ENOMEM
 * with c->err filled. */
int chart_note(chart_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The name given to a category value by --labels (a VALUE=Name item, or
 * with --labels NAME the scale's word for its code or word), or the value
 * itself. */
const char *chart_label_for(const chart_ctx *c, const char *value);
/* Put categories cats[0..n) in the order they have, if they have one: a
 * --categories list's (every category in it: chart_check_given_order), or
 * the scale's of --categories NAME or --labels NAME when every category
 * is its word or code, else a
 * known scale's when every category is its word (scale.h; "A+B", values
 * merged by describe, sits where its first value does), the order is
 * theirs; when all are numbers, they keep the order they came in (describe
 * writes them in numeric order).  1 when the categories are ordered, so
 * that colours may say so; 0 when they are words of no known order, left
 * as they came. */
int chart_order_categories(const chart_ctx *c, char **cats, size_t n);
/* An order the user gave must cover every category, or it would order
 * (and with --labels NAME name) nothing, silently: with a --categories
 * list (spec->categories) each category is in it; with --categories NAME
 * (spec->order_scale) or --labels NAME (spec->scale) each is a word or a
 * code of that scale.  0, or ICSTAT_EDATA naming the first that is not. */
int chart_check_given_order(chart_ctx *c, char *const *cats, size_t n);
/* Categories of no known order (chart_order_categories gave 0): a note
 * that says so and how the chart shows them (`how`), listing the first
 * few.  0, or ICSTAT_ENOMEM. */
int chart_note_unordered(chart_ctx *c, char *const *cats, size_t n, const char *how);
/* Categories cats[0..n-1] (n <= CHART_MAX_COLOURS) that are the words of
 * two or more known scales, as report cards' areas (Exceptional .. Urgent
 * improvement) and their safeguarding standards (Met, Not met) in one
 * chart: put in order scale by scale, in the order each scale first
 * appears, and coloured within their own scale from blue (its best) to
 * vermillion (its worst), so that Met looks like Exceptional and Not met
 * like Urgent improvement.  1 and fill[0..n-1] set when every category is
 * a word of a known scale; 0, untouched, otherwise. */
int chart_order_by_scales(char **cats, size_t n, const char **fill);
/* Shares of whole counts count[0..n-1] (total their sum, above 0) in
 * units of 1/unit (unit 100: whole percents; 1000: tenths) that add up
 * to unit: Hamilton's largest remainders (chart_round.c), ties to the
 * larger count, then the first.  out[i] in units; *split 1 when two equal
 * counts got different shares (a tie broken), so that a caller may show
 * finer units instead.  0, or -1 when out of memory. */
int chart_round_shares(const double *count, size_t n, double total, double unit, double *out,
                       int *split);
/* Index of s in list[0..n-1], or -1. */
long chart_find(char *const *list, size_t n, const char *s);

/* ---- The interval level (chart_level.c) ------------------------------------
 *
 * A chart must state its intervals' level.  Every csv of icstat's with
 * intervals says it, in a column `conf` (fit's, fit --effects' and
 * --margins', agree's, describe's: issue 17), and the chart states that.
 * A file written before they had the column is read the old way: each
 * row's interval is inverted with the formula its command made it with,
 * and the chart states their median, or where no row can tell, the
 * spec's conf; either way the chart says, under its source, that the
 * level was not stated and what it took (chart_level_note).  This is the
 * one place that knows those formulas. */
typedef enum {
    CHART_LEVEL_NONE = 0, /* no level (no intervals), or INPUT's column conf */
    CHART_LEVEL_READ,     /* read back from the intervals: INPUT does not state it */
    CHART_LEVEL_ASSUMED,  /* the spec's default conf: INPUT does not state it */
    CHART_LEVEL_GIVEN     /* the conf the user gave (conf_given) */
} chart_level_from;

typedef enum {
    CHART_INTERVAL_NONE = 0, /* the row cannot tell (bootstrap, ICC, Wilson of agree, ...) */
    CHART_INTERVAL_T,        /* agree's: est +- t(n - 1) se, n units rated, clipped to [-1, 1] */
    CHART_INTERVAL_NORMAL,   /* fit's: est +- z se */
    CHART_INTERVAL_WILSON    /* describe --proportions': Wilson's, est a share of n */
} chart_interval_kind;

typedef struct {
    chart_interval_kind kind;
    double est, se; /* the estimate and its standard error (Wilson: est only) */
    double lo, hi;  /* the interval (Wilson: on the 0-1 scale) */
    double n;       /* t: the units rated; Wilson: the trials */
} chart_interval;

/* The level of one interval: t from whichever limit was not clipped to
 * [-1, 1]; normal from the upper limit; Wilson from lo * hi = p^2 / (1 +
 * z^2/n), so NaN when p, lo or hi is 0 or 1, where the product cannot
 * tell.  NaN too when the row cannot tell (CHART_INTERVAL_NONE, a limit
 * or the se missing). */
double chart_interval_level(const chart_interval *iv);

/* Settle c->level, the level the chart states: INPUT's column conf where
 * it has one (every row that gives one giving the same; else an error),
 * else from the rows' intervals iv[0..n-1]: the median of the levels they tell (chart_interval_level),
 * rounded to 0.1 points (icstat_chart_level_round), or the spec's conf when
 * none tells (n may be 0: a table with no intervals to read).  A conf the
 * user gave (conf_given) that differs by more than 0.15 points is an error
 * naming the option (spec->conf_name).  0, ICSTAT_EDATA or ICSTAT_ENOMEM. */
int chart_settle_level(chart_ctx *c, const chart_interval *iv, size_t n);

/* "95%" (or "99.9%") for a level. */
void chart_level_text(double level, char *buf, size_t len);
/* What the chart says of a level INPUT did not state (c->level_from
 * CHART_LEVEL_READ or _ASSUMED): "Interval level not stated in the csv
 * (no column conf): 94.8%, read back from the intervals." into buf;
 * "" otherwise. */
void chart_level_note(const chart_ctx *c, char *buf, size_t len);

/* ---- Texts and layout (chart_layout.c) ------------------------------------- */

/* *dst = a copy of given when not NULL, else of fallback; -1 when out of memory. */
int chart_set_text(char **dst, const char *given, const char *fallback);

/* The chart's five texts, each the user's (spec) where given, else the
 * kind's: the title; the subtitle, the kind's facts (n, the interval
 * level), or with --subtitle that, the facts then going to a line above
 * the source (c->facts, for chart_footer; else NULL) so that no chart
 * loses them; the note "Source: icstat CMD output in INPUT" (CMD
 * c->source_cmd); and the axis titles.  0, or ICSTAT_ENOMEM. */
int chart_texts(chart_ctx *c, const char *title, const char *facts, const char *xlabel,
                const char *ylabel);

/* A font for gnuplot at px pixels of the layout, as an expression of the
 * script's variables FONT (the face) and FS (points per layout pixel, for
 * the format drawn and the canvas' scale):  FONT.sprintf(",%g", 14 * FS). */
void chart_font(const chart_ctx *c, chart_buf *b, double px, int bold);

/* The heading of a row chart's column of figures (in bold), at the pixel
 * column where gnuplot draws them (the plot's right edge and two spaces),
 * half a line above the plot's top. */
void chart_figures_heading(chart_ctx *c, const char *text, double right, double top);

/* Screen fractions for pixel positions. */
double chart_sx(const chart_ctx *c, double x);
double chart_sy(const chart_ctx *c, double y);

/* The widest of text[0..n-1] at px pixels, and at least `least`. */
double chart_widest(const char *const *text, size_t n, double px, int bold, double least);

/* The title and subtitle at the top (wrapped to the width); returns the
 * pixel row below them. */
double chart_header(chart_ctx *c);
/* The source note at the bottom, and above it each of extra[0..n-1] that
 * is not NULL (wrapped); returns the pixel row above them. */
double chart_footer(chart_ctx *c, const char *const *extra, size_t n);
/* chart_footer, less the room below the plot area for the x axis: the
 * pixel row of the plot area's bottom. */
double chart_plot_bottom(chart_ctx *c, const char *const *extra, size_t n);
/* Pixels from the bottom of the plot area to the centre of the x axis
 * title, and the room to leave below the plot area for the tic labels and
 * (with_xlabel) the title. */
double chart_xlabel_offset(const chart_ctx *c);
double chart_below_axis(const chart_ctx *c, int with_xlabel);
/* Margins of the plot area (pixels) and the plain look every kind shares. */
void chart_plot_area(chart_ctx *c, double left, double right, double top, double bottom);

/* A legend of n entries, left to right from pixel column x and wrapping at
 * the canvas's right edge, its first row centred on pixel row y: a filled
 * box (lines 0) or a short line (lines 1) in the colour named by the
 * variable colour_var[i] (e.g. "COLOUR_1"), then names[i].  Returns the
 * pixel row below it. */
double chart_legend(chart_ctx *c, double x, double y, size_t n, const char *const *names,
                    const char *const *colour_var, int lines);

/* A tic step (1, 2, 2.5 or 5 times a power of ten) for an axis of `range`
 * drawn over plot_px pixels with labels label_px wide: at most 6 steps,
 * none narrower than a label and a gap. */
double chart_tic_step(double range, double plot_px, double label_px);

/* Tics on a log axis covering [lo, hi]: 1-2-5 steps or finer, at least 4
 * inside.  Writes `set xtics (...)` with labels like "0.5" and "1.25". */
void chart_log_tics(chart_ctx *c, const char *axis, double lo, double hi);

/* ---- Rows of labels (chart_rows.c) ----------------------------------------- */

/* Labels for a category axis of n rows (first on top) sharing avail_h
 * pixels: each of text[0..n-1] wrapped to a third of the canvas width (or
 * max_w if less), then wider (to max_w) and then smaller (to 10 px) until
 * the rows' lines fit their share of the height; failing that, one line
 * each, cut with an ellipsis at max_w.  Returns the wrapped
 * labels (free with chart_labels_free; NULL when out of memory); *width is
 * the widest line in pixels and *px the text size. */
char **chart_row_labels(const chart_ctx *c, const char *const *text, size_t n, double avail_h,
                        double max_w, double *width, double *px);
/* One row per label, labels at the left (and the y-axis title, if any)
 * and right_room px kept right of the plot: the labels wrapped to fit
 * (chart_row_labels), the plot area set between top and bottom, and its
 * left and right edges and the labels' text size returned.  NULL when
 * memory runs out. */
char **chart_rows_area(chart_ctx *c, const char *const *labels, size_t n, double top,
                       double bottom, double right_room, double *left, double *right,
                       double *label_px);
/* The most the row labels may take, when `other` pixels go to the other
 * columns (values at the right, an axis title): the plot keeps 40%. */
double chart_label_budget(const chart_ctx *c, double other);
/* s on one line (line breaks as spaces), cut at a character boundary and
 * ended with an ellipsis where it is wider than max_px at px.  Malloc'd;
 * NULL when out of memory. */
char *chart_ellipsize(const char *s, double max_px, double px);
/* Free labels[0..n-1] and the array; NULL is fine. */
void chart_labels_free(char **labels, size_t n);
/* `set ytics` for those labels, row i at y = n - i. */
void chart_ytics(chart_ctx *c, char *const *labels, size_t n, double px);

/* ---- The script, the files and gnuplot ------------------------------------- */

/* The script (chart_script.c): a header comment saying what the chart is,
 * how it was made and how to draw it again, the editable variables, the
 * user's style (--style), the terminal for FORMAT, then the kind's body,
 * into gp; its last line a mark (a hash of the rest) that tells it from a
 * script a user has edited since. */
void chart_compose_script(chart_ctx *c, chart_buf *gp);
/* What the script text[0..len-1] is: icstat's as icstat wrote it (its mark
 * right), icstat's edited since, or not icstat's. */
enum { CHART_SCRIPT_UNEDITED, CHART_SCRIPT_EDITED, CHART_SCRIPT_FOREIGN };
int chart_script_state(const char *text, size_t len);

/* Run `gnuplot -d -e 'OUTPUT = "tmp_name"; DATA = "dat_name"; FORMAT = "svg"' ./gp_name`
 * in dir (chart_gnuplot.c), the names those of the staged files; what
 * gnuplot says on success goes to notes as "gnuplot: ..." (notes may be
 * NULL).  0; ICSTAT_EDATA when gnuplot fails, with its last line;
 * ICSTAT_EIO, ICSTAT_ENOMEM. */
int chart_run_gnuplot(chart_ctx *c, const char *gnuplot, const char *dir, const char *gp_name,
                      const char *dat_name, const char *tmp_name, char ***notes,
                      size_t *n_notes);
/* Blank the dates cairo writes into the pdf at path (chart_gnuplot.c). */
int chart_pdf_blank_dates(const char *path, icstat_error *err);
/* Record dpi in the png at path (chart_png.c): a pHYs chunk (pixels per
 * metre, both ways) after its IHDR, replacing any it has.  ICSTAT_EDATA
 * when the file is not a png as cairo writes them. */
int chart_png_set_dpi(const char *path, unsigned dpi, icstat_error *err);

#endif
