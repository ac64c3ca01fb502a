/* chart_margins.c — the chart of `icstat fit --margins`: the average
 * predicted probability of each category for each level of a term, with
 * its interval, as a percent.  The rows are grouped by category (its name
 * in bold above its rows, in its colour), one row per level, so that the
 * headline comparison ("36.4% of schools led by women were judged RI or
 * worse, against 33.1% by men") is two neighbouring rows with their
 * figures at the right.  The levels of an interaction ("F:Primary") are
 * named by their parts ("F, Primary").  Where the category's name fits at
 * the left of its levels' names (wrapped to as many lines as it has
 * levels), it takes no row of its own: with --margins-tails a 600x400
 * chart of two or three levels had a third of its rows for headings, and
 * text too small to read.  The builder runs its phases in
 * turn over a struct of its own (chart_internal.h lists the phases every
 * kind shares). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"

#define MAX_CATS CHART_MAX_COLOURS
#define CHART_TAIL "#333333" /* a tail's colour: none of the categories' */

typedef struct {
    long jl, jk, jp, jlo, jhi;     /* level, category, probability, ci_low, ci_high */
    char **levels, **cats;         /* in their order (the strings belong to the table) */
    size_t nl, nk;
    size_t ntail;                  /* the last ntail of cats are tails (fit --margins-tails) */
    int any_interval;              /* some level has an interval */
    int ordered;                   /* the categories have an order */
    size_t *row;                   /* nk x nl: 1 + the row's index, 0 where absent */
    size_t n;                      /* rows listed: a heading and nl levels per category */
    size_t rows;                   /* rows drawn: n, or nk x nl when the headings share */
    int compact;                   /* each heading beside its first level, not above it */
    char **text;                   /* each row's label: the category, or the level */
    char **val;                    /* each row's figures ("" for a heading) */
    char **wrapped;                /* the labels as laid out (n, in text's order) */
    const char *fill[MAX_CATS];
    double val_w, xmax, top, bottom, left, right, lab_px;
} margins;

static void margins_free(margins *m)
{
    free(m->levels);
    free(m->cats);
    free(m->row);
    chart_labels_free(m->text, m->n);
    chart_labels_free(m->val, m->n);
    chart_labels_free(m->wrapped, m->n);
}

/* The drawn row (0 on top) of category k's level l, or with l = nl of
 * its heading: above its levels, or (compact) beside the first. */
static size_t drawn_row(const margins *m, size_t k, size_t l)
{
    if (m->compact)
        return k * m->nl + (l == m->nl ? 0 : l);
    return k * (m->nl + 1) + (l == m->nl ? 0 : l + 1);
}

/* 1 when category s is a tail of fit --margins-tails: "B+C", two or more
 * of cats[0..n-1] joined by '+'. */
static int is_tail(char *const *cats, size_t n, const char *s)
{
    size_t parts = 0;
    for (const char *p = s; p;) {
        const char *plus = strchr(p, '+');
        const size_t len = plus ? (size_t)(plus - p) : strlen(p);
        long found = -1;
        for (size_t k = 0; k < n && found < 0; k++)
            if (strncmp(cats[k], p, len) == 0 && cats[k][len] == '\0')
                found = (long)k;
        if (found < 0)
            return 0;
        parts++;
        p = plus ? plus + 1 : NULL;
    }
    return parts >= 2;
}

/* The tails after the categories themselves, each group keeping its
 * order: the distribution first, then "Requires improvement or later". */
static void margins_tails_last(margins *m)
{
    char *tails[MAX_CATS] = {NULL};
    size_t o = 0;
    m->ntail = 0;
    for (size_t k = 0; k < m->nk; k++)
        if (is_tail(m->cats, m->nk, m->cats[k]))
            tails[m->ntail++] = m->cats[k];
        else
            m->cats[o++] = m->cats[k];
    memcpy(m->cats + o, tails, m->ntail * sizeof *tails);
}

/* The levels in the order they first appear (fit writes them in the
 * design's order), the categories in theirs: a known scale's when they
 * are its words, else as fit wrote them (the order of --categories). */
static int margins_list(chart_ctx *c, margins *m)
{
    const icstat_table *t = c->t;
    m->levels = calloc(t->nrow ? t->nrow : 1, sizeof *m->levels);
    m->cats = calloc(t->nrow ? t->nrow : 1, sizeof *m->cats);
    if (!m->levels || !m->cats)
        return chart_nomem(c);
    for (size_t i = 0; i < t->nrow; i++) {
        const char *l = chart_text(c, m->jl, i), *k = chart_text(c, m->jk, i);
        const double p = chart_val(c, m->jp, i);
        if (!l || !k)
            return chart_row_error(c, i, "'%s' is missing", l ? "category" : "level");
        if (!isfinite(p))
            return chart_row_error(c, i, "'probability' is missing");
        if (p < 0.0 || p > 1.0)
            return chart_row_error(c, i,
                                   "probability %.10g is not between 0 and 1 (fit --margins "
                                   "writes probabilities, not percents)",
                                   p);
        if (chart_find(m->levels, m->nl, l) < 0)
            m->levels[m->nl++] = (char *)l;
        if (chart_find(m->cats, m->nk, k) < 0)
            m->cats[m->nk++] = (char *)k;
    }
    if (m->nk > MAX_CATS)
        return chart_row_error(c, CHART_NO_ROW,
                               "%zu categories: the chart shows at most %d (the palette's "
                               "colours)",
                               m->nk, MAX_CATS);
    m->ordered = chart_order_categories(c, m->cats, m->nk);
    margins_tails_last(m);
    const char *fill[MAX_CATS] = {NULL};
    if (!m->ntail && !m->ordered && chart_order_by_scales(m->cats, m->nk, fill)) {
        m->ordered = 1;
        memcpy(m->fill, fill, sizeof fill);
    }
    return ICSTAT_OK;
}

/* Each row into its cell, each cell once; every level has every category,
 * and a level's probabilities add up to 1 (fit's do, to the 10 digits it
 * writes: a file that does not is not one level's distribution). */
static int margins_cells(chart_ctx *c, margins *m)
{
    const size_t cells = m->nk * m->nl;
    if (!(m->row = calloc(cells ? cells : 1, sizeof *m->row)))
        return chart_nomem(c);
    for (size_t i = 0; i < c->t->nrow; i++) {
        const long l = chart_find(m->levels, m->nl, chart_text(c, m->jl, i));
        const long k = chart_find(m->cats, m->nk, chart_text(c, m->jk, i));
        if (l < 0 || k < 0)
            continue; /* cannot happen: margins_list listed them all */
        const size_t s = (size_t)k * m->nl + (size_t)l;
        if (m->row[s])
            return chart_row_error(c, i, "level '%s' has category '%s' again (first on line %ld)",
                                   m->levels[l], m->cats[k], chart_line(c, m->row[s] - 1));
        m->row[s] = i + 1;
    }
    for (size_t l = 0; l < m->nl; l++) {
        double sum = 0.0;
        for (size_t k = 0; k < m->nk; k++) {
            const size_t s = k * m->nl + l;
            if (!m->row[s])
                return chart_row_error(c, CHART_NO_ROW, "level '%s' has no row for category '%s'",
                                       m->levels[l], m->cats[k]);
            if (k + m->ntail < m->nk) /* a tail is a sum of these */
                sum += chart_val(c, m->jp, m->row[s] - 1);
        }
        if (fabs(sum - 1.0) > 0.002)
            return chart_row_error(c, CHART_NO_ROW,
                                   "the probabilities of level '%s' add up to %.4g, not 1: "
                                   "every category of the outcome is needed",
                                   m->levels[l], sum);
    }
    return ICSTAT_OK;
}

/* The parts of s (split at delim), each named by --labels where it names
 * it, joined by sep and the last by last_sep.  Into buf. */
static void name_parts(const chart_ctx *c, const char *s, char delim, const char *sep,
                       const char *last_sep, char *buf, size_t len)
{
    buf[0] = '\0';
    char part[512];
    while (s) {
        const char *end = strchr(s, delim);
        const size_t n = end ? (size_t)(end - s) : strlen(s);
        snprintf(part, sizeof part, "%.*s", (int)(n < 511 ? n : 511), s);
        const size_t used = strlen(buf);
        snprintf(buf + used, len - used, "%s%s", used ? (end ? sep : last_sep) : "",
                 chart_label_for(c, part));
        s = end ? end + 1 : NULL;
    }
}

/* A level for people: an interaction's parts ("F:Primary") joined by ", ". */
static void level_name(const chart_ctx *c, const char *level, char *buf, size_t len)
{
    name_parts(c, level, ':', ", ", ", ", buf, len);
}

/* A category's heading: its name, a tail's parts joined "A, B or C". */
static void category_name(const chart_ctx *c, const char *cat, char *buf, size_t len)
{
    name_parts(c, cat, '+', ", ", " or ", buf, len);
}

/* The rows: per category a heading, then its levels, each with its
 * figures ("36.4% (33.1 to 39.8)"). */
static int margins_rows(chart_ctx *c, margins *m)
{
    m->n = m->nk * (m->nl + 1);
    m->text = calloc(m->n ? m->n : 1, sizeof *m->text);
    m->val = calloc(m->n ? m->n : 1, sizeof *m->val);
    if (!m->text || !m->val)
        return chart_nomem(c);
    double hi = 0.0;
    for (size_t k = 0, r = 0; k < m->nk; k++) {
        char head[1024];
        category_name(c, m->cats[k], head, sizeof head);
        if (!(m->text[r] = strdup(head)) || !(m->val[r] = strdup("")))
            return chart_nomem(c);
        r++;
        for (size_t l = 0; l < m->nl; l++, r++) {
            const size_t i = m->row[k * m->nl + l] - 1;
            const double p = chart_val(c, m->jp, i), lo = chart_val(c, m->jlo, i),
                         h = chart_val(c, m->jhi, i);
            char name[1024], fig[128];
            level_name(c, m->levels[l], name, sizeof name);
            if (isfinite(lo) && isfinite(h))
                snprintf(fig, sizeof fig, "%.1f%% (%.1f to %.1f)", 100.0 * p, 100.0 * lo,
                         100.0 * h);
            else
                snprintf(fig, sizeof fig, "%.1f%%", 100.0 * p);
            if (!(m->text[r] = strdup(name)) || !(m->val[r] = strdup(fig)))
                return chart_nomem(c);
            hi = fmax(hi, isfinite(h) ? h : p);
            m->any_interval |= isfinite(lo) && isfinite(h);
        }
    }
    m->xmax = 100.0 * hi;
    const double head_w = icstat_chart_text_width("Percent (interval)", CHART_PX_SMALL, 1);
    m->val_w = chart_widest((const char *const *)m->val, m->n, CHART_PX_SMALL, 0, head_w);
    return ICSTAT_OK;
}

/* The texts (the level in the subtitle) and a colour per category: from
 * blue to vermillion when they are ordered, else colours of no order. */
static int margins_texts(chart_ctx *c, margins *m)
{
    char level[32], facts[300];
    chart_level_text(c->level, level, sizeof level);
    snprintf(facts, sizeof facts, "Average predicted percent in each category%s%s%s, every row "
             "set to each level in turn", m->any_interval ? ", with " : "",
             m->any_interval ? level : "", m->any_interval ? " intervals" : "");
    c->what = "Margins of a model: the average predicted percent in each category for each "
              "level of a term, with its interval.";
    int st = chart_texts(c, "Predicted percent in each category, by level", facts,
                         "Predicted percent", "");
    if (!m->ordered)
        chart_printf(&c->vars, "# The categories have no known order: colours that suggest "
                               "none.\n");
    const char *names[MAX_CATS];
    const int by_scales = m->fill[0] != NULL; /* chart_order_by_scales coloured them */
    const size_t own = m->nk - m->ntail;      /* the categories; the tails in dark grey */
    for (size_t k = 0; k < m->nk; k++) {
        names[k] = chart_label_for(c, m->cats[k]);
        if (k >= own)
            m->fill[k] = CHART_TAIL;
        else if (!by_scales)
            m->fill[k] = m->ordered ? chart_ordered_colour(own, k) : chart_series_colour(k);
    }
    if (m->ntail)
        chart_printf(&c->vars, "# A category and those after it (fit --margins-tails) in dark "
                               "grey.\n");
    chart_colour_vars(c, m->nk, m->fill, names);
    return st;
}

/* The compact layout, when it fits: the levels' names at the size their
 * rows (nk x nl) allow, each category's name in bold at the left edge,
 * wrapped to the room the widest level name leaves (at least a fifth of
 * the canvas) and to no more lines than it has levels.  1 and m->wrapped,
 * m->left, m->lab_px set when it fits; 0 when not (nothing kept); -1
 * when out of memory. */
static int margins_compact(chart_ctx *c, margins *m, double right_room, double ytitle)
{
    const size_t rows = m->nk * m->nl;
    const char **lev = calloc(rows ? rows : 1, sizeof *lev);
    char **w = calloc(m->n ? m->n : 1, sizeof *w);
    if (!lev || !w) {
        free(lev);
        free(w);
        return -1;
    }
    for (size_t k = 0; k < m->nk; k++)
        for (size_t l = 0; l < m->nl; l++)
            lev[k * m->nl + l] = m->text[k * (m->nl + 1) + 1 + l];
    const double budget = chart_label_budget(c, right_room + ytitle), gap = 12.0;
    double lev_w = 0.0, px = 0.0, head_w = 0.0;
    char **lw = chart_row_labels(c, lev, rows, m->bottom - m->top, budget, &lev_w, &px);
    free(lev);
    int fits = lw != NULL && budget - lev_w - gap >= 0.2 * c->W;
    for (size_t k = 0; lw && k < m->nk; k++) {
        size_t lines = 0, r = k * (m->nl + 1);
        w[r] = icstat_chart_wrap(m->text[r], budget - lev_w - gap, px, 1, &lines);
        if (!w[r]) {
            fits = -1;
            break;
        }
        fits = fits && lines <= m->nl;
        head_w = fmax(head_w, icstat_chart_text_width(w[r], px, 1));
        for (size_t l = 0; l < m->nl; l++) {
            w[r + 1 + l] = lw[k * m->nl + l];
            lw[k * m->nl + l] = NULL;
        }
    }
    const int made = lw != NULL;
    chart_labels_free(lw, rows);
    if (fits != 1) {
        chart_labels_free(w, m->n);
        return made ? fits : -1;
    }
    m->wrapped = w;
    m->lab_px = px;
    m->left = CHART_PAD + head_w + gap + lev_w + 12.0 + ytitle;
    return 1;
}

/* The rows between the title and the notes, the figures at the right
 * under their heading (compact where it fits, else each category's name
 * on a row above its levels); the x axis from 0 to a whole tic past the
 * highest interval. */
static int margins_layout(chart_ctx *c, margins *m)
{
    m->top = chart_header(c) + 2.0 + c->lh * CHART_PX_SMALL;
    const char *extra[1] = {c->facts};
    m->bottom = chart_plot_bottom(c, extra, 1);
    const double right_room = m->val_w + 14.0;
    const double ytitle = c->ylabel[0] ? 1.8 * CHART_PX_BODY : 0.0;
    const int compact = margins_compact(c, m, right_room, ytitle);
    if (compact < 0)
        return chart_nomem(c);
    m->compact = compact;
    m->rows = compact ? m->nk * m->nl : m->n;
    double left, right, px;
    if (compact) {
        m->right = c->W - CHART_PAD - right_room;
        chart_plot_area(c, m->left, m->right, m->top, m->bottom);
    } else {
        m->wrapped = chart_rows_area(c, (const char *const *)m->text, m->n, m->top, m->bottom,
                                     right_room, &left, &right, &px);
        m->left = left;
        m->right = right;
        m->lab_px = px;
    }
    if (!m->wrapped)
        return chart_nomem(c);
    left = m->left;
    right = m->right;
    const double range = m->xmax > 0.0 ? m->xmax : 1.0;
    const double step =
        chart_tic_step(range, right - left, icstat_chart_text_width("100%", CHART_PX_BODY, 0));
    m->xmax = fmin(100.0, step * ceil(range * 1.02 / step));
    return ICSTAT_OK;
}

/* One block per category (gnuplot's index), one row per level: fit's
 * numbers as percents and the figures' text; the headings are in the
 * script. */
static void margins_data(chart_ctx *c, const margins *m)
{
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": margins of icstat fit --margins as percents; one block per "
                          "category, y its row (first on top).\n");
    for (size_t k = 0; k < m->nk; k++) {
        chart_printf(&c->dat, "%s# category %zu: ", k ? "\n\n" : "", k + 1);
        chart_dat_text(&c->dat, m->cats[k]);
        chart_printf(&c->dat, "\n# level\ty\tpercent\tci_low\tci_high\tvalue\n");
        for (size_t l = 0; l < m->nl; l++) {
            const size_t i = m->row[k * m->nl + l] - 1, r = k * (m->nl + 1) + 1 + l;
            chart_dat_text(&c->dat, m->levels[l]);
            chart_printf(&c->dat, "\t%zu", m->rows - drawn_row(m, k, l));
            const double v[] = {100.0 * chart_val(c, m->jp, i), 100.0 * chart_val(c, m->jlo, i),
                                100.0 * chart_val(c, m->jhi, i)};
            chart_dat_nums(&c->dat, v, 3);
            chart_printf(&c->dat, "\t");
            chart_dat_text(&c->dat, m->val[r]);
            chart_printf(&c->dat, "\n");
        }
    }
}

/* The headings (bold, in their category's colour, from the left edge),
 * the figures' heading, the axes and the plot: each level's point and
 * interval in its category's colour, its figures at the right. */
static void margins_plot(chart_ctx *c, const margins *m)
{
    const double row_px = (m->bottom - m->top) / ((double)m->rows + 0.2);
    chart_printf(&c->body, "# Each category's name %s its rows.\n",
                 m->compact ? "at the left of" : "above");
    for (size_t k = 0; k < m->nk; k++) {
        const size_t r = k * (m->nl + 1);
        chart_printf(&c->body, "set label ");
        chart_quote(&c->body, m->wrapped[r]);
        chart_printf(&c->body, " at screen %.4f, screen %.4f left font ", chart_sx(c, CHART_PAD),
                     chart_sy(c, m->top + row_px * (0.6 + (double)drawn_row(m, k, m->nl))));
        chart_font(c, &c->body, m->lab_px, 1);
        chart_printf(&c->body, " textcolor rgb %s front\n", chart_colour_var(k));
    }
    chart_printf(&c->body, "# The heading of the column of figures at the right.\n");
    chart_figures_heading(c, "Percent (interval)", m->right, m->top);
    chart_printf(&c->body,
                 "# Axes: percent across, one row per level under its category.\n"
                 "set xrange [0:%g]\nset xtics 0, %g, %g format \"%%g%%%%\"\n"
                 "set yrange [0.4:%zu.6]\n",
                 m->xmax,
                 chart_tic_step(m->xmax, m->right - m->left,
                                icstat_chart_text_width("100%", CHART_PX_BODY, 0)),
                 m->xmax, m->rows);
    /* A level's name as its row's tic; a heading's row (not compact)
     * keeps none: its name is set above. */
    char **tics = calloc(m->rows ? m->rows : 1, sizeof *tics);
    if (!tics) {
        c->body.failed = 1;
        return;
    }
    for (size_t r = 0; r < m->rows; r++)
        tics[r] = (char *)"";
    for (size_t k = 0; k < m->nk; k++)
        for (size_t l = 0; l < m->nl; l++)
            tics[drawn_row(m, k, l)] = m->wrapped[k * (m->nl + 1) + 1 + l];
    chart_ytics(c, tics, m->rows, m->lab_px);
    free(tics);
    chart_printf(&c->body, "set border 1 linecolor rgb \"#333333\"\n"
                           "set grid xtics linecolor rgb \"#e5e5e5\" back\nunset key\n"
                           "set bars 0.5\nset clip two\n\nplot \\\n");
    /* A level without an interval (NA) keeps its point: an interval of
     * no width, so that gnuplot neither drops the point nor, for a
     * block with none, warns. */
    for (size_t k = 0; k < m->nk; k++)
        chart_printf(&c->body,
                     "  DATA index %zu using 3:2:(valid(4) ? $4 : $3):(valid(5) ? $5 : $3) with "
                     "xerrorbars pointtype 7 pointsize 1.1 * PS linewidth 2 linecolor rgb %s, \\\n",
                     k, chart_colour_var(k));
    chart_printf(&c->body, "  DATA using (%g):2:(\"  \".strcol(6)) with labels left font ",
                 m->xmax);
    chart_font(c, &c->body, CHART_PX_SMALL, 0);
    chart_printf(&c->body, "\n");
}

int chart_build_margins(chart_ctx *c)
{
    margins m;
    memset(&m, 0, sizeof m);
    static const chart_column cols[] = {
        {"level", CHART_NEED},
        {"category", CHART_NEED},
        {"probability", CHART_NEED | CHART_NUM},
        {"ci_low", CHART_NUM | CHART_LOW},
        {"ci_high", CHART_NUM | CHART_HIGH},
        {"conf", CHART_NUM},
    };
    long j[sizeof cols / sizeof *cols];
    int st = chart_columns(c, cols, sizeof cols / sizeof *cols, j);
    m.jl = j[0];
    m.jk = j[1];
    m.jp = j[2];
    m.jlo = j[3];
    m.jhi = j[4];
    if (st == ICSTAT_OK)
        st = margins_list(c, &m);
    if (st == ICSTAT_OK)
        st = margins_cells(c, &m);
    if (st == ICSTAT_OK)
        /* Intervals no chart can invert (the logit scale's, Newcombe's,
         * Katz's): the level of column conf, or --conf's, said assumed. */
        st = chart_settle_level(c, NULL, 0);
    if (st == ICSTAT_OK)
        st = margins_rows(c, &m);
    if (st == ICSTAT_OK)
        st = margins_texts(c, &m);
    if (st == ICSTAT_OK)
        st = margins_layout(c, &m);
    if (st == ICSTAT_OK) {
        margins_data(c, &m);
        margins_plot(c, &m);
    }
    margins_free(&m);
    return st;
}
