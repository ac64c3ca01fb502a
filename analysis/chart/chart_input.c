/* chart_input.c — reading the csv a chart is drawn from: its columns by
 * name (and, when one is missing, what the file looks like instead), its
 * values checked, the names --labels gives categories and the order they
 * have (chart_internal.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHART_INPUT_IMPL /* chart_row_error is defined here */
#include "chart_internal.h"
#include "icstat/scale.h"
#include "icstat/strlist.h"
#include "icstat/text.h"

long chart_col_opt(const chart_ctx *c, const char *name)
{
    return icstat_table_find(c->t, name);
}

/* What a csv with these columns came from, and the kind that charts it. */
static const struct {
    const char *cols[3];
    const char *command;
    const char *kind; /* NULL: no chart kind reads it */
} looks[] = {
    {{"kind", "term", "estimate"}, "icstat fit", "forest"},
    {{"group", "effect", "rank"}, "icstat fit --effects", "caterpillar"},
    {{"level", "category", "probability"}, "icstat fit --margins", "margins"},
    {{"row_category", "column_category", "count"}, "icstat agree --table", "heatmap"},
    {{"coefficient", "half_width", "schools_needed"}, "icstat power agree --half-width", NULL},
    {{"n", "coefficient", "mean_half_width"}, "icstat power agree", "power"},
    {{"inspections", "inspectors", "power"}, "icstat power fit", "power"},
    {{"coefficient", "estimate", "ci_low"}, "icstat agree", "agreement"},
    {{"measure", "category", "reference"}, "icstat describe --compare", "compare"},
    {{"group", "category", "percent"}, "icstat describe", "stacked"},
    {{"label", "total", "percent"}, "icstat describe --proportions", "proportions"},
};

long chart_col(chart_ctx *c, const char *name)
{
    long j = icstat_table_find(c->t, name);
    if (j >= 0)
        return j;
    const char *kind = icstat_chart_kind_name(c->spec->kind);
    for (size_t i = 0; i < sizeof looks / sizeof *looks; i++) {
        int all = 1;
        for (size_t k = 0; k < 3; k++)
            all = all && icstat_table_find(c->t, looks[i].cols[k]) >= 0;
        if (!all)
            continue;
        if (looks[i].kind && strcmp(looks[i].kind, kind) == 0)
            break; /* the right file with a column missing: say what it needs */
        if (looks[i].kind)
            icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 1,
                             "chart %s needs column '%s' (this looks like the output of %s: "
                             "chart it with 'icstat chart %s')",
                             kind, name, looks[i].command, looks[i].kind);
        else
            icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 1,
                             "chart %s needs column '%s' (this looks like the output of %s, "
                             "which no chart kind draws)",
                             kind, name, looks[i].command);
        return -1;
    }
    icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 1,
                     "chart %s needs column '%s' (it reads the csv of icstat %s)", kind, name,
                     chart_kind_source(c->spec->kind));
    return -1;
}

int chart_columns(chart_ctx *c, const chart_column *cols, size_t n, long *j)
{
    const unsigned dropped = (c->spec->no_intervals ? CHART_LOW | CHART_HIGH : 0u) |
                             (c->spec->no_n ? CHART_COUNT : 0u);
    for (size_t k = 0; k < n; k++)
        j[k] = -1;
    /* The columns a kind needs, in its order: the first missing is the error. */
    for (size_t k = 0; k < n; k++)
        if (!(cols[k].flags & dropped) && cols[k].flags & CHART_NEED &&
            (j[k] = chart_col(c, cols[k].name)) < 0)
            return ICSTAT_EDATA;
    long num[16], jl = -1, jh = -1;
    size_t nn = 0;
    for (size_t k = 0; k < n; k++) {
        if (cols[k].flags & dropped)
            continue;
        if (!(cols[k].flags & CHART_NEED))
            j[k] = chart_col_opt(c, cols[k].name);
        if (cols[k].flags & CHART_NUM && nn < sizeof num / sizeof *num)
            num[nn++] = j[k];
        if (cols[k].flags & CHART_LOW)
            jl = j[k];
        if (cols[k].flags & CHART_HIGH)
            jh = j[k];
    }
    return chart_check_values(c, num, nn, jl, jh) != ICSTAT_OK ? ICSTAT_EDATA : ICSTAT_OK;
}

int chart_check_numeric(chart_ctx *c, long j)
{
    const icstat_column *col = &c->t->cols[j];
    if (col->is_numeric || col->n_missing == c->t->nrow)
        return ICSTAT_OK;
    for (size_t i = 0; i < c->t->nrow; i++) {
        double x;
        if (col->text[i] && !icstat_parse_double(col->text[i], &x))
            return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, c->t->line[i],
                                    "column '%s' has '%s', which is not a number", col->name,
                                    col->text[i]);
    }
    return ICSTAT_OK;
}

int chart_check_values(chart_ctx *c, const long *cols, size_t n, long jl, long jh)
{
    for (size_t j = 0; j < n; j++)
        if (cols[j] >= 0 && chart_check_numeric(c, cols[j]) != ICSTAT_OK)
            return ICSTAT_EDATA;
    if (jl < 0 || jh < 0)
        return ICSTAT_OK;
    for (size_t i = 0; i < c->t->nrow; i++) {
        const double lo = chart_val(c, jl, i), hi = chart_val(c, jh, i);
        /* Tolerance for intervals written with fewer digits than kept. */
        if (lo > hi + 1e-9 * (1.0 + fabs(hi)))
            return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, c->t->line[i],
                                    "ci_low %.10g is above ci_high %.10g", lo, hi);
    }
    return ICSTAT_OK;
}

double chart_val(const chart_ctx *c, long j, size_t i)
{
    if (j < 0)
        return NAN;
    const icstat_column *col = &c->t->cols[j];
    return col->num ? col->num[i] : NAN;
}

const char *chart_text(const chart_ctx *c, long j, size_t i)
{
    return j < 0 ? NULL : c->t->cols[j].text[i];
}

long chart_line(const chart_ctx *c, size_t i)
{
    return c->t->line[i];
}

int chart_row_error(chart_ctx *c, size_t i, const char *fmt, ...)
{
    char msg[ICSTAT_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path,
                            i == CHART_NO_ROW ? 0 : chart_line(c, i), "%s", msg);
}

int chart_percent_fractions(const chart_ctx *c, long j, size_t *largest)
{
    double most = 0.0;
    *largest = 0;
    for (size_t i = 0; i < c->t->nrow; i++) {
        const double v = chart_val(c, j, i);
        if (isnan(v))
            continue;
        if (v < 0.0 || v > 1.0)
            return 0;
        if (v > most) {
            most = v;
            *largest = i;
        }
    }
    return most > 0.0;
}

int chart_note(chart_ctx *c, const char *fmt, ...)
{
    if (!c->notes || !c->n_notes)
        return ICSTAT_OK;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (char *q = msg; *q; q++) /* one line, whatever a name in it holds */
        if ((unsigned char)*q < 32 || *q == 127)
            *q = ' ';
    return icstat_strlist_addf(c->notes, c->n_notes, "%s", msg) == 0 ? ICSTAT_OK
                                                                      : chart_nomem(c);
}

const char *chart_label_for(const chart_ctx *c, const char *value)
{
    const icstat_chart_spec *s = c->spec;
    size_t n = strlen(value);
    for (size_t i = 0; i < s->n_labels; i++) {
        const char *eq = strchr(s->labels[i], '=');
        if (eq && (size_t)(eq - s->labels[i]) == n && strncmp(s->labels[i], value, n) == 0)
            return eq + 1;
    }
    int former = 0;
    const long j = s->scale ? icstat_scale_find(s->scale, value, &former) : -1;
    return j >= 0 ? icstat_scale_label(s->scale, (size_t)j, former) : value;
}

/* Where text sits on scale s: its category, or for values merged with '+'
 * the first one's; codes count only with `codes` (the scale was named).
 * -1 when some part is not on the scale. */
static long scale_position(const icstat_scale *s, const char *text, int codes)
{
    long first = -1;
    for (const char *p = text;;) {
        const char *plus = strchr(p, '+');
        const size_t len = plus ? (size_t)(plus - p) : strlen(p);
        char part[128];
        if (len >= sizeof part)
            return -1;
        memcpy(part, p, len);
        part[len] = '\0';
        const long j = codes ? icstat_scale_find(s, part, NULL) : icstat_scale_word(s, part, NULL);
        if (j < 0)
            return -1;
        first = first < 0 || j < first ? j : first;
        if (!plus)
            return first;
        p = plus + 1;
    }
}

/* Where text is in the --categories list: its index, or -1. */
static long list_position(const icstat_chart_spec *s, const char *text)
{
    for (size_t i = 0; i < s->n_categories; i++)
        if (strcmp(s->categories[i], text) == 0)
            return (long)i;
    return -1;
}

/* The categories in the order of a --categories list (checked: every one
 * is in it), a stable insertion sort. */
static void order_by_list(const icstat_chart_spec *s, char **cats, size_t n)
{
    for (size_t k = 1; k < n; k++) {
        char *x = cats[k];
        const long px = list_position(s, x);
        size_t m = k;
        for (; m > 0 && list_position(s, cats[m - 1]) > px; m--)
            cats[m] = cats[m - 1];
        cats[m] = x;
    }
}

int chart_order_categories(const chart_ctx *c, char **cats, size_t n)
{
    if (c->spec->n_categories) {
        order_by_list(c->spec, cats, n);
        return 1;
    }
    /* --categories NAME, else --labels NAME. */
    const icstat_scale *named = c->spec->order_scale ? c->spec->order_scale : c->spec->scale;
    for (size_t i = 0; i <= icstat_scale_count(); i++) {
        /* The named scale first, then each known scale by its words. */
        const icstat_scale *s = i == 0 ? named : icstat_scale_get(i - 1);
        int all = s != NULL && n > 0;
        for (size_t k = 0; k < n && all; k++)
            all = scale_position(s, cats[k], s == named) >= 0;
        if (!all)
            continue;
        /* A stable insertion sort: a handful of categories, and two on one
         * place ("2" and "Good" with --labels ofsted) keep their order. */
        for (size_t k = 1; k < n; k++) {
            char *x = cats[k];
            const long px = scale_position(s, x, s == named);
            size_t m = k;
            for (; m > 0 && scale_position(s, cats[m - 1], s == named) > px; m--)
                cats[m] = cats[m - 1];
            cats[m] = x;
        }
        return 1;
    }
    for (size_t k = 0; k < n; k++)
        if (!icstat_parse_double(cats[k], NULL))
            return 0;
    return 1;
}

/* The error for a category not on scale s, given by the option `what`,
 * which names the categories too (naming) or only orders them. */
static int off_scale(chart_ctx *c, const char *cat, const icstat_scale *s, const char *what,
                     int naming)
{
    char list[200], ex[ICSTAT_EXCERPT_SIZE];
    icstat_scale_list(s, list, sizeof list);
    return chart_row_error(c, CHART_NO_ROW,
                           "category '%s' is not on the scale %s (%s), so %s %s cannot %s the "
                           "categories",
                           icstat_value_excerpt(cat, ex, sizeof ex), s->name, list, what,
                           s->name,
                           naming ? "name or order" : "order");
}

int chart_check_given_order(chart_ctx *c, char *const *cats, size_t n)
{
    const icstat_chart_spec *s = c->spec;
    const char *cat_opt = s->categories_name ? s->categories_name : "the categories' list";
    for (size_t k = 0; k < n; k++) {
        if (s->n_categories && list_position(s, cats[k]) < 0) {
            char ex[ICSTAT_EXCERPT_SIZE];
            return chart_row_error(c, CHART_NO_ROW,
                                   "category '%s' is not in %s: give every category, in order "
                                   "(each as the file writes it)",
                                   icstat_value_excerpt(cats[k], ex, sizeof ex), cat_opt);
        }
        if (s->order_scale && scale_position(s->order_scale, cats[k], 1) < 0)
            return off_scale(c, cats[k], s->order_scale, cat_opt, 0);
        if (s->scale && scale_position(s->scale, cats[k], 1) < 0)
            return off_scale(c, cats[k], s->scale,
                             s->labels_name ? s->labels_name : "the labels' scale", 1);
    }
    return ICSTAT_OK;
}

int chart_note_unordered(chart_ctx *c, char *const *cats, size_t n, const char *how)
{
    char list[300] = "";
    size_t o = 0;
    for (size_t k = 0; k < n && k < 4 && o < sizeof list; k++) {
        char ex[ICSTAT_EXCERPT_SIZE];
        const int w = snprintf(list + o, sizeof list - o, "%s'%s'", k ? ", " : "",
                               icstat_value_excerpt(cats[k], ex, sizeof ex));
        o += w > 0 ? (size_t)w : 0;
    }
    const char *opt = c->spec->categories_name;
    return chart_note(c,
                      "%s: the categories (%s%s) are words of no known scale (%s), so their "
                      "order is not known: %s%s%s",
                      c->input_name, list, n > 4 ? ", ..." : "", icstat_scale_names(), how,
                      opt ? "; give it with " : "", opt ? opt : "");
}

int chart_order_by_scales(char **cats, size_t n, const char **fill)
{
    size_t scale_of[CHART_MAX_COLOURS], nscales = 0;
    long pos[CHART_MAX_COLOURS];
    const icstat_scale *seen[CHART_MAX_COLOURS];
    for (size_t k = 0; k < n; k++) {
        pos[k] = -1;
        for (size_t i = 0; i < icstat_scale_count() && pos[k] < 0; i++) {
            const icstat_scale *s = icstat_scale_get(i);
            if ((pos[k] = icstat_scale_word(s, cats[k], NULL)) < 0)
                continue;
            size_t j = 0;
            while (j < nscales && seen[j] != s)
                j++;
            if (j == nscales)
                seen[nscales++] = s;
            scale_of[k] = j;
        }
        if (pos[k] < 0)
            return 0;
    }
    if (nscales < 2)
        return 0;
    /* A stable insertion sort by (scale, place on it). */
    for (size_t k = 1; k < n; k++) {
        char *x = cats[k];
        const size_t sx = scale_of[k];
        const long px = pos[k];
        size_t m = k;
        for (; m > 0 && (scale_of[m - 1] > sx || (scale_of[m - 1] == sx && pos[m - 1] > px)); m--) {
            cats[m] = cats[m - 1];
            scale_of[m] = scale_of[m - 1];
            pos[m] = pos[m - 1];
        }
        cats[m] = x;
        scale_of[m] = sx;
        pos[m] = px;
    }
    for (size_t k = 0; k < n; k++)
        fill[k] = chart_ordered_colour(seen[scale_of[k]]->k, (size_t)pos[k]);
    return 1;
}

long chart_find(char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return (long)i;
    return -1;
}
