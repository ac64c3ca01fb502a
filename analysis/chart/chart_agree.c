/* chart_agree.c — charts of `icstat agree`: the coefficients with their
 * intervals against Landis and Koch's bands (agreement), and the two
 * raters' table of counts (heatmap).  Each builder runs its phases in turn
 * over a struct of its own (chart_internal.h lists the phases every kind
 * shares). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"
#include "icstat/agree_benchmark.h"
#include "icstat/agree_coef.h"

/* ---- agreement -------------------------------------------------------------- */

/* Landis & Koch (1977), Biometrics 33:159-174: the benchmarks for kappa. */
static const struct {
    double from, to;
    const char *name;
} bands[] = {
    {-1.0, 0.0, "Poor"},     {0.0, 0.2, "Slight"},      {0.2, 0.4, "Fair"},
    {0.4, 0.6, "Moderate"}, {0.6, 0.8, "Substantial"}, {0.8, 1.0, "Almost perfect"},
};

/* The rows are drawn in panels, each on a scale of its own (issue 17):
 * Landis and Koch's benchmarks were made for kappa, a coefficient that is
 * 0 where agreement is what chance would give, so only the
 * chance-corrected coefficients (agree_coef.c says which) are drawn
 * against them.  Percent agreement counts agreement that chance alone
 * would give (0.95 with quadratic weights where the raters agreed
 * exactly 60% of the time), and an ICC is a share of variance: each has a
 * panel and an axis that says what it means, with no bands. */
typedef enum {
    PANEL_CHANCE = 0, /* chance-corrected: the bands */
    PANEL_PERCENT,    /* percent agreement, drawn as a percent */
    PANEL_ICC,        /* intraclass correlations */
    PANEL_OTHER,      /* a coefficient agree does not write */
    PANEL_KINDS
} panel_kind;

typedef struct {
    size_t first, n;   /* its rows: ord[first .. first + n - 1] */
    double xmin, xmax; /* its axis, in the csv's units */
    double scale;      /* shown = scale x value: 100 for a percent */
    double top, bottom;
} panel;

typedef struct {
    /* coefficient, estimate, ci_low, ci_high, se, units, raters, weights,
     * ci_method, dataset, benchmark (agree --benchmark's band reached),
     * se_method (agree --se) */
    long jc, je, jl, jh, js, ju, jr, jw, jm, jd, jb, jv;
    char bench_note[200]; /* what the bands named in brackets are, or "" */
    size_t n;           /* rows: one coefficient each */
    int same_n;         /* one n for the chart (else each row gives its own) */
    int bootstrap;      /* some interval is a bootstrap one */
    int mixed;          /* rows with different ci_method */
    int unconditional;  /* some se is unconditional (agree --se): raters sampled too */
    int weighted;       /* some percent agreement has weights other than identity */
    size_t *ord;        /* the rows as drawn: panel by panel, in INPUT's order in each */
    panel_kind *kind;   /* each row's panel (by INPUT's row) */
    panel pan[PANEL_KINDS];
    size_t npan;        /* panels with rows, pan[0 .. npan - 1] in kind order */
    panel_kind pan_kind[PANEL_KINDS];
    char **lab, **val;  /* each row's label and figures, as drawn */
    char **wrapped;     /* the labels as laid out */
    double band_room;   /* above the plot, for the bands' names */
    double top, left, right, lab_px;
} agreement;

static void agreement_free(agreement *a)
{
    chart_labels_free(a->wrapped, a->n);
    chart_labels_free(a->lab, a->n);
    chart_labels_free(a->val, a->n);
    free(a->ord);
    free(a->kind);
}

/* The columns agree's csv has (and, stacked from several data sets,
 * 'dataset'), the intervals checked. */
static int agree_columns(chart_ctx *c, agreement *a)
{
    static const chart_column cols[] = {
        {"coefficient", CHART_NEED},
        {"estimate", CHART_NEED | CHART_NUM},
        {"ci_low", CHART_NEED | CHART_NUM | CHART_LOW},
        {"ci_high", CHART_NEED | CHART_NUM | CHART_HIGH},
        {"se", CHART_NUM},
        {"units", CHART_NUM},
        {"raters", CHART_NUM},
        {"weights", 0},
        {"ci_method", 0},
        {"dataset", 0},
        {"benchmark", 0},
        {"se_method", 0},
    };
    long j[sizeof cols / sizeof *cols];
    const int st = chart_columns(c, cols, sizeof cols / sizeof *cols, j);
    a->jc = j[0];
    a->je = j[1];
    a->jl = j[2];
    a->jh = j[3];
    a->js = j[4];
    a->ju = j[5];
    a->jr = j[6];
    a->jw = j[7];
    a->jm = j[8];
    a->jd = j[9];
    a->jb = j[10];
    a->jv = j[11];
    return st;
}

/* The panel of a coefficient, by its name in agree's csv. */
static panel_kind panel_of(const char *name)
{
    const icstat_coef_def *d = icstat_coef_def_find(name);
    if (!d)
        return PANEL_OTHER;
    if (d->chance_corrected)
        return PANEL_CHANCE;
    return d->icc ? PANEL_ICC : d->id == ICSTAT_COEF_PERCENT ? PANEL_PERCENT : PANEL_OTHER;
}

/* Every row names its coefficient and has an estimate in [-1, 1] or NA
 * (agree's note says why: the row stays, without a point), one at least
 * defined; whether the rows share one n and one kind of interval. */
static int agree_scan(chart_ctx *c, agreement *a)
{
    a->n = c->t->nrow;
    a->same_n = 1;
    size_t defined = 0;
    for (size_t i = 0; i < a->n; i++) {
        const double e = chart_val(c, a->je, i);
        if (!chart_text(c, a->jc, i))
            return chart_row_error(c, i, "'coefficient' is missing");
        defined += isfinite(e);
        if (isfinite(e) && (e < -1.0 - 1e-9 || e > 1.0 + 1e-9))
            return chart_row_error(c, i, "estimate %.10g is not between -1 and 1", e);
        if (a->ju >= 0 && i &&
            (chart_val(c, a->ju, i) != chart_val(c, a->ju, 0) ||
             (a->jr >= 0 && chart_val(c, a->jr, i) != chart_val(c, a->jr, 0))))
            a->same_n = 0;
        const char *method = chart_text(c, a->jm, i), *w = chart_text(c, a->jw, i);
        if (method && strncmp(method, "bootstrap", 9) == 0)
            a->bootstrap = 1;
        const char *se_method = a->jv >= 0 ? chart_text(c, a->jv, i) : NULL;
        if (se_method && strcmp(se_method, "unconditional") == 0)
            a->unconditional = 1;
        if (method && i && chart_text(c, a->jm, 0) && strcmp(method, chart_text(c, a->jm, 0)) != 0)
            a->mixed = 1;
        /* Weights change what percent agreement counts (near ones in
         * part); Krippendorff's metric in the same column does not. */
        if (w && strcmp(w, "identity") != 0 && strcmp(w, "NA") != 0 &&
            panel_of(chart_text(c, a->jc, i)) == PANEL_PERCENT)
            a->weighted = 1;
    }
    if (!defined)
        return chart_row_error(c, CHART_NO_ROW, "no coefficient has an estimate (every one is NA)");
    if (a->jd >= 0)
        a->same_n = 0;
    if (a->ju < 0)
        a->same_n = 1; /* no n to give per row */
    return ICSTAT_OK;
}

/* Each row's panel; the rows in the order drawn (panel by panel); each
 * panel's axis: from 0, or lower (to a tenth) for a negative value or
 * limit, to a little past 1, so that a point at 1 clears the figures. */
static int agree_panels(chart_ctx *c, agreement *a)
{
    a->ord = malloc((a->n ? a->n : 1) * sizeof *a->ord);
    a->kind = malloc((a->n ? a->n : 1) * sizeof *a->kind);
    if (!a->ord || !a->kind)
        return chart_nomem(c);
    for (size_t i = 0; i < a->n; i++)
        a->kind[i] = panel_of(chart_text(c, a->jc, i));
    size_t o = 0;
    for (int k = 0; k < PANEL_KINDS; k++) {
        panel *p = &a->pan[a->npan];
        memset(p, 0, sizeof *p);
        p->first = o;
        for (size_t i = 0; i < a->n; i++) {
            if (a->kind[i] != (panel_kind)k)
                continue;
            a->ord[o++] = i;
            const double e = chart_val(c, a->je, i), l = chart_val(c, a->jl, i);
            const double low = isfinite(l) ? l : e;
            p->xmin = isfinite(low) && low < p->xmin ? low : p->xmin;
        }
        p->n = o - p->first;
        if (!p->n)
            continue;
        p->xmin = p->xmin < 0.0 ? floor(p->xmin * 10.0 - 1e-9) / 10.0 : 0.0;
        p->xmax = 1.0 + 0.03 * (1.0 - p->xmin);
        p->scale = k == PANEL_PERCENT ? 100.0 : 1.0;
        a->pan_kind[a->npan++] = (panel_kind)k;
    }
    return ICSTAT_OK;
}

/* The level, from the rows' t intervals.  Intervals of several kinds
 * (data sets stacked together) have no one level to read off them: the
 * level is --conf's, and the text says the methods differ.  Unconditional
 * standard errors (agree --se) have t intervals on Satterthwaite's degrees
 * of freedom, not the units', so their level cannot be read back either. */
static int agree_level(chart_ctx *c, const agreement *a)
{
    chart_interval *iv = calloc(a->n ? a->n : 1, sizeof *iv);
    if (!iv)
        return chart_nomem(c);
    for (size_t i = 0; i < a->n && !a->mixed && a->js >= 0 && a->ju >= 0; i++) {
        const char *method = chart_text(c, a->jm, i);
        const char *se_method = a->jv >= 0 ? chart_text(c, a->jv, i) : NULL;
        if (method && strcmp(method, "t") == 0 &&
            !(se_method && strcmp(se_method, "unconditional") == 0))
            iv[i] = (chart_interval){CHART_INTERVAL_T, chart_val(c, a->je, i),
                                     chart_val(c, a->js, i), chart_val(c, a->jl, i),
                                     chart_val(c, a->jh, i), chart_val(c, a->ju, i)};
    }
    const int st = chart_settle_level(c, iv, a->n);
    free(iv);
    return st;
}

/* agree --benchmark's csv: the note saying which scale's band each label
 * names (the scale whose p_BAND columns the csv has), or none. */
static void agree_bench_note(chart_ctx *c, agreement *a)
{
    a->bench_note[0] = '\0';
    if (a->jb < 0)
        return;
    static const char *const names[] = {"landis-koch", "altman", "fleiss"};
    const char *title = NULL;
    for (size_t k = 0; k < sizeof names / sizeof *names && !title; k++) {
        const icstat_benchmark_scale *s = icstat_benchmark_lookup(names[k]);
        size_t have = 0;
        for (size_t i = 0; i < s->n_bands; i++)
            have += icstat_table_find(c->t, s->bands[i].column) >= 0;
        title = have == s->n_bands ? s->title : NULL;
    }
    snprintf(a->bench_note, sizeof a->bench_note,
             "In brackets: the band reached with 95%% certainty on the scale of %s (Gwet "
             "2014, ch. 6).",
             title ? title : "agree --benchmark");
}

/* Each row's label ("dataset: Cohen's kappa (n = 24)", and with agree
 * --benchmark's band "... [Moderate]") and figures
 * ("0.62 (0.41 to 0.83)"; a percent agreement's "96.1% (94.4 to 97.8)"),
 * in the order drawn. */
static int agree_rows(chart_ctx *c, agreement *a)
{
    a->lab = calloc(a->n ? a->n : 1, sizeof *a->lab);
    a->val = calloc(a->n ? a->n : 1, sizeof *a->val);
    if (!a->lab || !a->val)
        return chart_nomem(c);
    for (size_t r = 0; r < a->n; r++) {
        const size_t i = a->ord[r];
        char *name = icstat_chart_coefficient_name(chart_text(c, a->jc, i),
                                                   chart_text(c, a->jw, i));
        if (!name)
            return chart_nomem(c);
        char text[700], nbuf[64] = "";
        if (!a->same_n) {
            char u[40];
            icstat_chart_format_count(chart_val(c, a->ju, i), u, sizeof u);
            snprintf(nbuf, sizeof nbuf, " (n" CHART_NBSP "=" CHART_NBSP "%s)", u);
        }
        const char *ds = chart_text(c, a->jd, i), *band = chart_text(c, a->jb, i);
        if (band && strcmp(band, "NA") == 0)
            band = NULL;
        snprintf(text, sizeof text, "%s%s%s%s%s%s%s", ds ? ds : "", ds ? ": " : "", name, nbuf,
                 band ? " [" : "", band ? band : "", band ? "]" : "");
        free(name);
        const double e = chart_val(c, a->je, i), l = chart_val(c, a->jl, i),
                     h = chart_val(c, a->jh, i);
        char v[96];
        if (!isfinite(e))
            snprintf(v, sizeof v, "not defined");
        else if (a->kind[i] == PANEL_PERCENT && isfinite(l) && isfinite(h))
            snprintf(v, sizeof v, "%.1f%% (%.1f to %.1f)", 100.0 * e, 100.0 * l, 100.0 * h);
        else if (a->kind[i] == PANEL_PERCENT)
            snprintf(v, sizeof v, "%.1f%%", 100.0 * e);
        else if (isfinite(l) && isfinite(h))
            snprintf(v, sizeof v, "%.2f (%.2f to %.2f)", e, l, h);
        else
            snprintf(v, sizeof v, "%.2f", e);
        if (!(a->lab[r] = strdup(text)) || !(a->val[r] = strdup(v)))
            return chart_nomem(c);
    }
    return ICSTAT_OK;
}

/* What each panel's axis shows: the first panel's is the chart's x axis
 * title (--xlabel replaces it), the others' are their own. */
static const char *panel_axis(panel_kind k, int weighted)
{
    switch (k) {
    case PANEL_CHANCE:
        return "Agreement beyond chance (1 = perfect; 0 = what chance would give)";
    case PANEL_PERCENT:
        return weighted ? "Pairs that agree, near misses in part (not chance-corrected)"
                        : "Share of pairs of ratings that agree (not chance-corrected)";
    case PANEL_ICC:
        return "ICC: share of rating variance between units (1 = perfect)";
    default:
        return "Estimate (not known to be chance-corrected: no benchmarks)";
    }
}

/* The facts (the level, the kind of interval, n and the raters) and the
 * other texts. */
static int agree_texts(chart_ctx *c, agreement *a)
{
    char level[32], facts[300];
    chart_level_text(c->level, level, sizeof level);
    const char *kind = a->mixed           ? "intervals (of several kinds: see ci_method)"
                       : a->bootstrap     ? "bootstrap percentile intervals"
                       : a->unconditional ? "intervals over units and raters (unconditional se)"
                                          : "intervals";
    if (a->same_n && a->ju >= 0 && a->n) {
        char u[40], r[40];
        icstat_chart_format_count(chart_val(c, a->ju, 0), u, sizeof u);
        icstat_chart_format_count(chart_val(c, a->jr, 0), r, sizeof r);
        if (isfinite(chart_val(c, a->jr, 0)))
            snprintf(facts, sizeof facts, "Estimates with %s %s; n = %s units rated by %s raters",
                     level, kind, u, r);
        else
            snprintf(facts, sizeof facts, "Estimates with %s %s; n = %s units", level, kind, u);
    } else {
        snprintf(facts, sizeof facts, "Estimates with %s %s; n = units rated", level, kind);
    }
    c->what = "Agreement coefficients with their intervals: the chance-corrected ones against "
              "Landis and Koch's bands, percent agreement and ICC each on a scale of its own.";
    int st = chart_texts(c, "Agreement between raters", facts,
                         panel_axis(a->pan_kind[0], a->weighted), "");
    chart_printf(&c->vars, "COLOUR_POINT = \"%s\"\nCOLOUR_BAND = \"%s\"   # every other band\n",
                 CHART_BLUE, "#ececec");
    return st;
}

/* The rows between the title (and two lines for the bands' names above
 * the first panel, when it has them) and the notes, room at the right for
 * the figures; the panels share the height row by row, each with room
 * below it for its axis and its title. */
static int agree_layout(chart_ctx *c, agreement *a)
{
    const double head_w = icstat_chart_text_width("Estimate (interval)", CHART_PX_SMALL, 1);
    const double val_w = chart_widest((const char *const *)a->val, a->n, CHART_PX_SMALL, 0,
                                      head_w);
    const int banded = a->pan_kind[0] == PANEL_CHANCE;
    a->band_room = banded ? 2.0 * c->lh * CHART_PX_SMALL + 4.0 : 0.5 * c->lh * CHART_PX_SMALL;
    a->top = chart_header(c) + a->band_room;
    const char *note = !banded ? NULL
                       : a->npan > 1 ? "Shaded bands: Landis & Koch's (1977) benchmarks, for "
                                       "chance-corrected coefficients only; the other panels "
                                       "have scales of their own."
                                     : "Shaded bands: Landis & Koch's (1977) benchmarks for "
                                       "kappa-type coefficients.";
    agree_bench_note(c, a);
    const char *extra[3] = {note, a->bench_note[0] ? a->bench_note : NULL, c->facts};
    const double bottom = chart_footer(c, extra, 3);
    const double below = chart_below_axis(c, 1), gap = 0.4 * CHART_PX_BODY;
    const double avail = bottom - a->top - (double)a->npan * below - (double)(a->npan - 1) * gap;
    const double pitch = avail / ((double)a->n + 0.2 * (double)a->npan);
    if (avail < CHART_MIN_PLOT || pitch < 9.0)
        c->cramped = 1;
    double y = a->top;
    for (size_t p = 0; p < a->npan; p++) {
        a->pan[p].top = y;
        a->pan[p].bottom = y + pitch * ((double)a->pan[p].n + 0.2);
        y = a->pan[p].bottom + below + gap;
    }
    const double ytitle = c->ylabel[0] ? 1.8 * CHART_PX_BODY : 0.0;
    double label_w, px;
    a->wrapped = chart_row_labels(c, (const char *const *)a->lab, a->n,
                                  avail > 0.0 ? avail : 1.0,
                                  chart_label_budget(c, val_w + 14.0 + ytitle), &label_w, &px);
    a->left = CHART_PAD + label_w + 12.0 + ytitle;
    a->right = c->W - CHART_PAD - (val_w + 14.0);
    a->lab_px = px;
    if (a->right - a->left < CHART_MIN_PLOT)
        c->cramped = 1;
    return a->wrapped ? ICSTAT_OK : chart_nomem(c);
}

/* One block per panel (gnuplot's index), one row per coefficient:
 * agree's numbers, the label and the figures; x the estimate as drawn
 * (a percent agreement in percent). */
static void agree_data(chart_ctx *c, const agreement *a)
{
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": agreement coefficients (icstat agree), first on top; one block "
                          "per panel.\n");
    for (size_t p = 0; p < a->npan; p++) {
        const panel *pn = &a->pan[p];
        chart_printf(&c->dat, "%s# panel %zu: ", p ? "\n\n" : "", p + 1);
        chart_comment(&c->dat, panel_axis(a->pan_kind[p], a->weighted));
        chart_printf(&c->dat, "\n# coefficient\ty\testimate\tci_low\tci_high\tse\tunits\traters\t"
                              "label\tvalue\tx\tx_low\tx_high\n");
        for (size_t r = pn->first; r < pn->first + pn->n; r++) {
            const size_t i = a->ord[r];
            chart_dat_text(&c->dat, chart_text(c, a->jc, i));
            chart_printf(&c->dat, "\t%zu", pn->first + pn->n - r);
            const double v[] = {chart_val(c, a->je, i), chart_val(c, a->jl, i),
                                chart_val(c, a->jh, i), chart_val(c, a->js, i),
                                chart_val(c, a->ju, i), chart_val(c, a->jr, i)};
            chart_dat_nums(&c->dat, v, 6);
            chart_printf(&c->dat, "\t");
            chart_dat_text(&c->dat, a->lab[r]);
            chart_printf(&c->dat, "\t");
            chart_dat_text(&c->dat, a->val[r]);
            const double x[] = {pn->scale * v[0], pn->scale * v[1], pn->scale * v[2]};
            chart_dat_nums(&c->dat, x, 3);
            chart_printf(&c->dat, "\n");
        }
    }
}

/* Landis and Koch's bands: every other one shaded, its name above the
 * plot on one line or two, smaller if need be (down to 9 px, the smallest
 * still read at report size), left out when it fits no way. */
static int agree_bands(chart_ctx *c, const agreement *a, double xmin, double px_per_unit)
{
    static const double band_px[] = {CHART_PX_SMALL, 10.0, 9.0};
    chart_printf(&c->body, "# Landis and Koch's bands, shaded faintly, named above the plot.\n");
    for (size_t b = 0; b < sizeof bands / sizeof *bands; b++) {
        const double from = bands[b].from < xmin ? xmin : bands[b].from, to = bands[b].to;
        if (to <= xmin + 1e-9)
            continue;
        if (b % 2 == 0)
            chart_printf(&c->body,
                         "set object rectangle from %g, graph 0 to %g, graph 1 fillcolor rgb "
                         "COLOUR_BAND fillstyle solid 1.0 noborder behind\n",
                         from, to);
        size_t lines;
        const double width = (to - from) * px_per_unit - 4.0;
        double px = band_px[0];
        char *name = icstat_chart_wrap(bands[b].name, width, px, 0, &lines);
        for (size_t k = 1; k < sizeof band_px / sizeof *band_px && name &&
                           icstat_chart_text_width(name, px, 0) > width;
             k++) {
            free(name);
            px = band_px[k];
            name = icstat_chart_wrap(bands[b].name, width, px, 0, &lines);
        }
        if (!name)
            return chart_nomem(c);
        if (lines <= 2 && icstat_chart_text_width(name, px, 0) <= width) {
            chart_printf(&c->body, "set label ");
            chart_quote(&c->body, name);
            chart_printf(&c->body, " at %g, screen %.4f center font ", 0.5 * (from + to),
                         chart_sy(c, a->top - a->band_room + 0.6 * CHART_PX_SMALL +
                                         (2.0 - (double)lines) * c->lh * CHART_PX_SMALL));
            chart_font(c, &c->body, px, 0);
            chart_printf(&c->body, " textcolor rgb \"%s\" front\n", CHART_GREY);
        }
        free(name);
    }
    return ICSTAT_OK;
}

/* Panel p's area (its rows between pan.top and pan.bottom), its axis title
 * under it: the chart's XLABEL for the first panel, its own text for the
 * others, smaller (to 10 px) if wider than the panel. */
static void panel_area(chart_ctx *c, const agreement *a, size_t p)
{
    const panel *pn = &a->pan[p];
    chart_printf(&c->body,
                 "# Panel %zu's area (fractions of the canvas).\n"
                 "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
                 "set tmargin at screen %.4f\nset bmargin at screen %.4f\n"
                 "set border 1 linecolor rgb \"#333333\"\n"
                 "set tics nomirror out scale 0.6 textcolor rgb \"#222222\"\n",
                 p + 1, chart_sx(c, a->left), chart_sx(c, a->right), chart_sy(c, pn->top),
                 chart_sy(c, pn->bottom));
    if (p == 0 && c->ylabel[0]) { /* --ylabel: beside all the panels */
        const double mid = 0.5 * (pn->top + a->pan[a->npan - 1].bottom);
        chart_printf(&c->body, "set label YLABEL at screen %.4f, screen %.4f center rotate by "
                               "90 font ",
                     chart_sx(c, CHART_PAD + 0.6 * CHART_PX_BODY), chart_sy(c, mid));
        chart_font(c, &c->body, CHART_PX_BODY, 0);
        chart_printf(&c->body, " front\n");
    }
    const char *title = p == 0 ? c->xlabel : panel_axis(a->pan_kind[p], a->weighted);
    if (!title[0])
        return;
    const double room = a->right - a->left, w = icstat_chart_text_width(title, CHART_PX_BODY, 0);
    double px = w <= room ? CHART_PX_BODY : floor(CHART_PX_BODY * room / w);
    px = px < 10.0 ? 10.0 : px;
    chart_printf(&c->body, "set label ");
    if (p == 0)
        chart_printf(&c->body, "XLABEL");
    else
        chart_quote(&c->body, title);
    chart_printf(&c->body, " at screen %.4f, screen %.4f center font ",
                 chart_sx(c, 0.5 * (a->left + a->right)),
                 chart_sy(c, pn->bottom + chart_xlabel_offset(c)));
    chart_font(c, &c->body, px, 0);
    chart_printf(&c->body, " front\n");
}

/* Panel p: its area, the bands (chance-corrected only), its axes (tics
 * every 0.2, or 0.5 or 1 when narrow; a percent's every 20%, 50% or
 * 100%), the line at 0 and the plot: each interval, and its figures at
 * the right. */
static int agree_panel(chart_ctx *c, const agreement *a, size_t p)
{
    const panel *pn = &a->pan[p];
    const double xmin = pn->xmin, xmax = pn->xmax, s = pn->scale;
    const double px_per_unit = (a->right - a->left) / (xmax - xmin);
    const double need = icstat_chart_text_width(s > 1.0 ? "100%" : "-0.8", CHART_PX_BODY, 0) +
                        14.0;
    const double step = 0.2 * px_per_unit >= need ? 0.2 : 0.5 * px_per_unit >= need ? 0.5 : 1.0;
    panel_area(c, a, p);
    if (a->pan_kind[p] == PANEL_CHANCE) {
        const int st = agree_bands(c, a, xmin, px_per_unit);
        if (st != ICSTAT_OK)
            return st;
    }
    chart_printf(&c->body, "\n# Axes: the coefficient across, one row each.\n"
                           "set xrange [%g:%.4g]\nset xtics %g, %g, %g format \"%s\"\n"
                           "set yrange [0.4:%zu.6]\n",
                 s * xmin, s * xmax, s * (ceil(xmin / step - 1e-9) * step + 0.0), s * step, s,
                 s > 1.0 ? "%g%%" : "%.1f", pn->n);
    chart_ytics(c, a->wrapped + pn->first, pn->n, a->lab_px);
    chart_printf(&c->body,
                 "unset key\nset bars 0.5\n"
                 "%s\nplot \\\n"
                 "  DATA index %zu using 11:2:12:13 with xerrorbars pointtype 7 pointsize 1.1 * PS "
                 "linewidth 2 linecolor rgb COLOUR_POINT, \\\n"
                 "  DATA index %zu using (%.4g):2:(\"  \".strcol(10)) with labels left font ",
                 xmin < 0.0 ? "# No agreement beyond chance: 0.\nset arrow from 0, graph 0 to 0, "
                              "graph 1 nohead linecolor rgb \"#333333\" dashtype 2 back"
                            : "",
                 p, p, s * xmax);
    chart_font(c, &c->body, CHART_PX_SMALL, 0);
    chart_printf(&c->body, "\n");
    return ICSTAT_OK;
}

/* The figures' heading, then the panels one under the other in one
 * multiplot: the first draws the page's texts too, which are then unset
 * so that no later panel draws them again. */
static int agree_plot(chart_ctx *c, const agreement *a)
{
    chart_figures_heading(c, "Estimate (interval)", a->right, a->top);
    chart_printf(&c->body, "\nset multiplot\n");
    for (size_t p = 0; p < a->npan; p++) {
        if (p)
            chart_printf(&c->body, "\n# Panel %zu: its own scale, no bands.\n"
                                   "unset label\nunset object\nunset arrow\n",
                         p + 1);
        const int st = agree_panel(c, a, p);
        if (st != ICSTAT_OK)
            return st;
    }
    chart_printf(&c->body, "unset multiplot\n");
    return ICSTAT_OK;
}

int chart_build_agreement(chart_ctx *c)
{
    agreement a;
    memset(&a, 0, sizeof a);
    int st = agree_columns(c, &a);
    if (st == ICSTAT_OK)
        st = agree_scan(c, &a);
    if (st == ICSTAT_OK)
        st = agree_panels(c, &a);
    if (st == ICSTAT_OK)
        st = agree_level(c, &a);
    if (st == ICSTAT_OK)
        st = agree_rows(c, &a);
    if (st == ICSTAT_OK)
        st = agree_texts(c, &a);
    if (st == ICSTAT_OK)
        st = agree_layout(c, &a);
    if (st == ICSTAT_OK) {
        agree_data(c, &a);
        st = agree_plot(c, &a);
    }
    agreement_free(&a);
    return st;
}

/* ---- heatmap ---------------------------------------------------------------- */

/* The most categories a heatmap shows. */
#define HEATMAP_MAX 30

typedef struct {
    long jr, jc, jn;        /* row_category, column_category, count */
    char **cats;            /* the categories, in order (borrowed from the table) */
    size_t k;               /* how many */
    double *count;          /* k x k: first rater's category a, second's b at a * k + b */
    long *line;             /* k x k: the cell's line in INPUT */
    double total, agreed, most; /* all counts, the diagonal's, the largest */
    char **xlab, **ylab;    /* the categories' names as laid out */
    double top, foot;       /* below the title; above the notes */
    double left, ylab_w;    /* the grid's left edge; the row names' width */
    double xdepth, xpx;     /* the column names' depth and size */
    int slant;              /* the column names are slanted */
    double side;            /* the grid's side */
} heatmap;

static void heatmap_free(heatmap *h)
{
    chart_labels_free(h->xlab, h->k);
    chart_labels_free(h->ylab, h->k);
    free(h->cats);
    free(h->count);
    free(h->line);
}

/* The categories of either rater, in their order (at most 30); each
 * count a whole number. */
static int heat_categories(chart_ctx *c, heatmap *h)
{
    const size_t nrow = c->t->nrow;
    if (!(h->cats = calloc(2 * nrow + 1, sizeof *h->cats)))
        return chart_nomem(c);
    for (size_t i = 0; i < nrow; i++) {
        const char *a = chart_text(c, h->jr, i), *b = chart_text(c, h->jc, i);
        const double x = chart_val(c, h->jn, i);
        if (!a || !b || !isfinite(x) || x < 0.0 || x != floor(x))
            return chart_row_error(c, i, "%s",
                                   !a || !b ? "a category is missing"
                                            : "'count' must be a whole number, 0 or more");
        if (chart_find(h->cats, h->k, a) < 0)
            h->cats[h->k++] = (char *)a;
        if (chart_find(h->cats, h->k, b) < 0)
            h->cats[h->k++] = (char *)b;
    }
    if (h->k > HEATMAP_MAX)
        return chart_row_error(c, CHART_NO_ROW, "%zu categories: a heatmap shows at most %d",
                               h->k, HEATMAP_MAX);
    int st = chart_check_given_order(c, h->cats, h->k);
    if (st == ICSTAT_OK && !chart_order_categories(c, h->cats, h->k))
        st = chart_note_unordered(c, h->cats, h->k,
                                  "their rows and columns are in the order they come, which "
                                  "need not run from best to worst");
    return st;
}

/* The table: each cell once, none missing, not all 0. */
static int heat_cells(chart_ctx *c, heatmap *h)
{
    const size_t k = h->k;
    h->count = calloc(k * k + 1, sizeof *h->count);
    h->line = calloc(k * k + 1, sizeof *h->line);
    h->xlab = calloc(k + 1, sizeof *h->xlab);
    h->ylab = calloc(k + 1, sizeof *h->ylab);
    if (!h->count || !h->line || !h->xlab || !h->ylab)
        return chart_nomem(c);
    for (size_t i = 0; i < c->t->nrow; i++) {
        const size_t a = (size_t)chart_find(h->cats, k, chart_text(c, h->jr, i)),
                     b = (size_t)chart_find(h->cats, k, chart_text(c, h->jc, i)), s = a * k + b;
        if (h->line[s])
            return chart_row_error(c, i, "the cell '%s', '%s' again (first on line %ld)",
                                   h->cats[a], h->cats[b], h->line[s]);
        h->line[s] = chart_line(c, i);
        h->count[s] = chart_val(c, h->jn, i);
        h->total += h->count[s];
        h->agreed += a == b ? h->count[s] : 0.0;
        h->most = h->count[s] > h->most ? h->count[s] : h->most;
    }
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            if (!h->line[a * k + b])
                return chart_row_error(c, CHART_NO_ROW,
                                       "no row for the cell row_category '%s', column_category "
                                       "'%s'",
                                       h->cats[a], h->cats[b]);
    if (!(h->total > 0.0))
        return chart_row_error(c, CHART_NO_ROW, "every count is 0");
    return ICSTAT_OK;
}

/* The facts (n, how often the raters agree) and the other texts. */
static int heat_texts(chart_ctx *c, heatmap *h)
{
    char tot[40], agr[40], facts[300];
    icstat_chart_format_count(h->total, tot, sizeof tot);
    icstat_chart_format_count(h->agreed, agr, sizeof agr);
    snprintf(facts, sizeof facts,
             "n = %s units rated by both; the raters agree on %s (%.0f%%), the outlined diagonal",
             tot, agr, floor(100.0 * h->agreed / h->total + 0.5));
    c->what = "A heatmap of two raters' table: how often each pair of categories was given.";
    int st = chart_texts(c, "How the two raters' categories compare", facts, "Second rater",
                         "First rater");
    chart_printf(&c->vars, "COLOUR_LOW = \"%s\"    # count 0\nCOLOUR_HIGH = \"%s\"   # the "
                           "largest count\n",
                 CHART_HEAT_LOW, CHART_HEAT_HIGH);
    return st;
}

/* The column names wrapped to a cell's width `room`, at the body size or
 * smaller (to 10 px) until the widest fits: 1 and h->xdepth set when they
 * do, else 0; -1 when out of memory. */
static int heat_wrap_xlabels(chart_ctx *c, heatmap *h, double room)
{
    for (h->xpx = CHART_PX_BODY; h->xpx >= 10.0; h->xpx -= 1.0) {
        size_t most_lines = 1;
        double widest = 0.0;
        for (size_t a = 0; a < h->k; a++) {
            size_t lines;
            char *w = icstat_chart_wrap(chart_label_for(c, h->cats[a]), room, h->xpx, 0, &lines);
            if (!w)
                return -1;
            free(h->xlab[a]);
            h->xlab[a] = w;
            const double lw = icstat_chart_text_width(w, h->xpx, 0);
            widest = lw > widest ? lw : widest;
            most_lines = lines > most_lines ? lines : most_lines;
        }
        if (widest <= room) {
            h->xdepth = (c->lh * (double)most_lines + 0.5) * h->xpx + 4.0;
            return 1;
        }
    }
    return 0;
}

/* The column names on one line each, slanted at 30 degrees; h->xdepth set.
 * -1 when out of memory. */
static int heat_slant_xlabels(chart_ctx *c, heatmap *h)
{
    h->xpx = CHART_PX_SMALL;
    double widest = 0.0;
    for (size_t a = 0; a < h->k; a++) {
        free(h->xlab[a]);
        if (!(h->xlab[a] = strdup(chart_label_for(c, h->cats[a]))))
            return -1;
        const double lw = icstat_chart_text_width(h->xlab[a], h->xpx, 0);
        widest = lw > widest ? lw : widest;
    }
    h->xdepth = 0.5 * widest + h->xpx + 8.0; /* sin 30 = 0.5 */
    return 0;
}

/* A square grid as large as the room allows, the row names beside it at
 * the left; the column names under it, wrapped to a cell's width, smaller
 * if a word is wider than that, else slanted.  Their depth sets the cell
 * size, which sets them: three passes. */
static int heat_size(chart_ctx *c, heatmap *h)
{
    h->top = chart_header(c) + 6.0;
    const char *extra[1] = {c->facts};
    h->foot = chart_footer(c, extra, 1);
    for (size_t a = 0; a < h->k; a++) {
        const double w = icstat_chart_text_width(chart_label_for(c, h->cats[a]), CHART_PX_BODY, 0);
        h->ylab_w = w > h->ylab_w ? w : h->ylab_w;
    }
    if (h->ylab_w > c->W / 3.0)
        h->ylab_w = c->W / 3.0;
    h->left = CHART_PAD + 1.8 * CHART_PX_BODY + h->ylab_w + 12.0;
    h->xdepth = (c->lh + 0.5) * CHART_PX_BODY + 4.0;
    for (int pass = 0; pass < 3; pass++) {
        const double below = h->xdepth + 1.8 * CHART_PX_BODY;
        const double ht = h->foot - below - h->top, w = c->W - CHART_PAD - h->left;
        h->side = ht < w ? ht : w;
        const int fits = heat_wrap_xlabels(c, h, h->side / (double)h->k - 4.0);
        h->slant = fits == 0;
        if (fits < 0 || (h->slant && heat_slant_xlabels(c, h) != 0))
            return chart_nomem(c);
    }
    size_t ylines;
    for (size_t a = 0; a < h->k; a++)
        if (!(h->ylab[a] = icstat_chart_wrap(chart_label_for(c, h->cats[a]), h->ylab_w + 1.0,
                                             CHART_PX_BODY, 0, &ylines)))
            return chart_nomem(c);
    return ICSTAT_OK;
}

/* Each cell must hold its count, and slanted names need the room between
 * cells that a line of text takes; the grid and its labels centred on the
 * canvas, the axis titles beside them. */
static void heat_grid(chart_ctx *c, heatmap *h)
{
    char most_text[40];
    icstat_chart_format_count(h->most, most_text, sizeof most_text);
    const double min_cell = 6.0 + icstat_chart_text_width(most_text, CHART_PX_BODY, 0);
    const double side = h->side;
    if (side < CHART_MIN_PLOT || side / (double)h->k < (min_cell > 28.0 ? min_cell : 28.0))
        c->cramped = 1;
    const double spare = c->W - CHART_PAD - (h->left + side);
    const double shift = spare > 0.0 ? 0.5 * spare : 0.0;
    const double left_c = h->left + shift;
    const double bottom = h->top + side;
    chart_printf(&c->body,
                 "# The grid (fractions of the canvas), square.\n"
                 "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
                 "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
                 chart_sx(c, left_c), chart_sx(c, left_c + side), chart_sy(c, h->top),
                 chart_sy(c, bottom));
    chart_printf(&c->body, "set label XLABEL at screen %.4f, screen %.4f center front\n",
                 chart_sx(c, left_c + 0.5 * side),
                 chart_sy(c, bottom + h->xdepth + 0.9 * CHART_PX_BODY));
    chart_printf(&c->body, "set label YLABEL at screen %.4f, screen %.4f center rotate by 90 "
                           "front\n",
                 chart_sx(c, CHART_PAD + shift + 0.6 * CHART_PX_BODY),
                 chart_sy(c, h->top + 0.5 * side));
}

/* Each cell's percent of all, as shown: whole percents that add up to
 * 100 (chart_round_shares), or tenths where whole ones would show two
 * equal counts as different percents (12.5% and 12.5% as 13% and 12%).
 * shown[] in units of 1/ *unit; 0, or ICSTAT_ENOMEM. */
static int heat_shares(chart_ctx *c, const heatmap *h, double *shown, double *unit)
{
    int split = 0;
    *unit = 100.0;
    if (chart_round_shares(h->count, h->k * h->k, h->total, *unit, shown, &split) != 0)
        return chart_nomem(c);
    if (split) {
        *unit = 1000.0;
        if (chart_round_shares(h->count, h->k * h->k, h->total, *unit, shown, &split) != 0)
            return chart_nomem(c);
    }
    return ICSTAT_OK;
}

/* One row per cell; its text the count and percent of all when it fits
 * (percents that add up to 100: heat_shares), else the count; dark cells
 * get white text. */
static int heat_data(chart_ctx *c, const heatmap *h)
{
    const size_t k = h->k;
    const size_t cells = k * k;
    double unit, *shown = malloc((cells ? cells : 1) * sizeof *shown);
    if (!shown)
        return chart_nomem(c);
    if (heat_shares(c, h, shown, &unit) != ICSTAT_OK) {
        free(shown);
        return ICSTAT_ENOMEM;
    }
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": the two raters' table (icstat agree --table); x is the second "
                          "rater's category, y the first's (first on top).\n"
                          "# first\tsecond\tx\ty\tcount\tpercent\tdark_text\tlight_text\n");
    const double cell = h->side / (double)k;
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++) {
            const double x = h->count[a * k + b], pct = 100.0 * x / h->total;
            char text[64], num[40];
            icstat_chart_format_count(x, num, sizeof num);
            const double sh = shown[a * k + b];
            if (x > 0.0 && sh == 0.0) /* not "0%" for a count above 0 */
                snprintf(text, sizeof text, "%s (<%s%%)", num, unit > 100.0 ? "0.1" : "1");
            else if (unit > 100.0)
                snprintf(text, sizeof text, "%s (%.1f%%)", num, sh / 10.0);
            else
                snprintf(text, sizeof text, "%s (%.0f%%)", num, sh);
            if (x == 0.0 || icstat_chart_text_width(text, CHART_PX_BODY, 0) > cell - 6.0)
                snprintf(text, sizeof text, "%s", num);
            const int dark = x > 0.55 * h->most;
            chart_dat_text(&c->dat, h->cats[a]);
            chart_printf(&c->dat, "\t");
            chart_dat_text(&c->dat, h->cats[b]);
            chart_printf(&c->dat, "\t%zu\t%zu\t", b + 1, k - a);
            chart_dat_num(&c->dat, x);
            chart_printf(&c->dat, "\t");
            chart_dat_num(&c->dat, pct);
            chart_printf(&c->dat, "\t%s\t%s\n", dark ? "" : text, dark ? text : "");
        }
    free(shown);
    return ICSTAT_OK;
}

/* The axes with the categories' names, the palette, the diagonal outlined
 * (where the raters agree) and the plot: cells, then their texts. */
static void heat_plot(chart_ctx *c, const heatmap *h)
{
    const size_t k = h->k;
    chart_printf(&c->body, "\n# Axes: the second rater's categories across, the first's down.\n"
                           "set xrange [0.5:%zu.5]\nset yrange [0.5:%zu.5]\n"
                           "set xtics scale 0%s font ",
                 k, k, h->slant ? " rotate by 30 right" : "");
    chart_font(c, &c->body, h->xpx, 0);
    chart_printf(&c->body, " (");
    for (size_t a = 0; a < k; a++) {
        chart_printf(&c->body, "%s", a ? ", " : "");
        chart_quote_tic(&c->body, h->xlab[a]);
        chart_printf(&c->body, " %zu", a + 1);
    }
    chart_printf(&c->body, ")\n");
    chart_ytics(c, h->ylab, k, CHART_PX_BODY);
    chart_printf(&c->body, "set border 0\nunset key\nunset colorbox\n"
                           "set palette defined (0 COLOUR_LOW, 1 COLOUR_HIGH)\n"
                           "set cbrange [0:%g]\n"
                           "# Where the raters agree: the diagonal, outlined.\n",
                 h->most > 0.0 ? h->most : 1.0);
    for (size_t a = 0; a < k; a++)
        chart_printf(&c->body,
                     "set object rectangle from %g, %g to %g, %g fillstyle empty border rgb "
                     "\"#333333\" linewidth 2 front\n",
                     (double)a + 0.5, (double)(k - a) - 0.5, (double)a + 1.5,
                     (double)(k - a) + 0.5);
    chart_printf(&c->body, "\nplot \\\n"
                           "  DATA using 3:4:(0.5):(0.5):5 with boxxyerror fillstyle solid 1.0 "
                           "border rgb \"#ffffff\" fillcolor palette, \\\n"
                           "  DATA using 3:4:7 with labels textcolor rgb \"#000000\", \\\n"
                           "  DATA using 3:4:8 with labels textcolor rgb \"#ffffff\"\n");
}

int chart_build_heatmap(chart_ctx *c)
{
    heatmap h;
    memset(&h, 0, sizeof h);
    static const chart_column cols[] = {
        {"row_category", CHART_NEED},
        {"column_category", CHART_NEED},
        {"count", CHART_NEED | CHART_NUM},
    };
    long j[3];
    int st = chart_columns(c, cols, 3, j);
    h.jr = j[0];
    h.jc = j[1];
    h.jn = j[2];
    if (st == ICSTAT_OK)
        st = heat_categories(c, &h);
    if (st == ICSTAT_OK)
        st = heat_cells(c, &h);
    if (st == ICSTAT_OK)
        st = heat_texts(c, &h);
    if (st == ICSTAT_OK)
        st = heat_size(c, &h);
    if (st == ICSTAT_OK) {
        heat_grid(c, &h);
        st = heat_data(c, &h);
    }
    if (st == ICSTAT_OK) {
        heat_plot(c, &h);
    }
    heatmap_free(&h);
    return st;
}
