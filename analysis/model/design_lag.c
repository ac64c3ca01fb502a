/* design_lag.c — the previous judgement of the same group, in date order,
 * for the model's "previous" term (contract in design_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/date.h"
#include "design_internal.h"

/* A date as a sortable number: 1 for a date icstat_datetime_parse reads
 * (its day count, and in *sec its time of day or -1 when it has none), 2
 * for a plain number (a year, a day count; *sec -1), 0 for neither.  The
 * two kinds do not mix in one column: a year or an Excel serial number
 * beside real dates would sort silently wrong. */
static int date_key(const char *s, double *out, double *sec)
{
    int y, m, d;
    if (icstat_datetime_parse(s, &y, &m, &d, sec) == 0) {
        *out = (double)icstat_date_to_days(y, m, d);
        return 1;
    }
    *sec = -1.0;
    return icstat_parse_double(s, out) ? 2 : 0;
}

typedef struct {
    size_t row;
    long group;
    double date;
    double sec; /* time of day, -1 for a date alone (sorts first in its day) */
} lag_key;

static int cmp_lag(const void *a, const void *b)
{
    const lag_key *x = a, *y = b;
    if (x->group != y->group)
        return (x->group > y->group) - (x->group < y->group);
    if (x->date != y->date)
        return (x->date > y->date) - (x->date < y->date);
    if (x->sec != y->sec)
        return (x->sec > y->sec) - (x->sec < y->sec);
    return (x->row > y->row) - (x->row < y->row);
}

/* Two rows of one group that no order can separate: the same day, and the
 * same time of day or at least one without a time.  (a sorts before b, so
 * a date alone comes before the timed rows of its day.) */
static int lag_tie(const lag_key *a, const lag_key *b)
{
    return a->group == b->group && a->date == b->date && (a->sec < 0 || a->sec == b->sec);
}

/* The rows being ordered: the group's levels, the date column, the keys. */
typedef struct {
    const icstat_column *dc, *gc;
    icstat_factor g;
    lag_key *keys;
    size_t m;  /* keys made */
    int kind;  /* 1 dates, 2 plain numbers, 0 none yet */
} lag_rows;

/* A key for every row with a group and a date; an error for a value that
 * is no date, or the first of the other kind (dates beside numbers). */
static int lag_keys(const design_ctx *c, lag_rows *r)
{
    const icstat_table *t = c->t;
    const icstat_column *dc = r->dc;
    size_t kind_row = 0; /* the first row with a date or number */
    char ex[ICSTAT_EXCERPT_SIZE], ex2[ICSTAT_EXCERPT_SIZE], why[160];
    for (size_t i = 0; i < t->nrow; i++) {
        c->prev[i] = -1;
        c->first[i] = 0;
        if (r->g.code[i] < 0 || !dc->text[i])
            continue;
        double key, sec;
        const int k = date_key(dc->text[i], &key, &sec);
        if (k == 0) {
            const int known = icstat_date_problem(dc->text[i], why, sizeof why);
            return icstat_error_set(c->err, ICSTAT_EDATA, t->path, t->line[i],
                                    "column '%s' has value '%s' that is not a date%s%s%suse "
                                    "YYYY-MM-DD or DD/MM/YYYY%s",
                                    dc->name, icstat_value_excerpt(dc->text[i], ex, sizeof ex),
                                    known ? ": " : " (", known ? why : "", known ? "; " : "",
                                    known ? "" : ")");
        }
        if (r->kind && k != r->kind)
            return icstat_error_set(c->err, ICSTAT_EDATA, t->path, t->line[i],
                                    "column '%s' mixes dates and plain numbers ('%s' on line "
                                    "%ld, '%s' here), which cannot be put in one order; write "
                                    "every date as YYYY-MM-DD or DD/MM/YYYY",
                                    dc->name,
                                    icstat_value_excerpt(dc->text[kind_row], ex, sizeof ex),
                                    t->line[kind_row],
                                    icstat_value_excerpt(dc->text[i], ex2, sizeof ex2));
        if (!r->kind) {
            r->kind = k;
            kind_row = i;
        }
        r->keys[r->m++] = (lag_key){i, r->g.code[i], key, sec};
    }
    return ICSTAT_OK;
}

/* Keys s - 1 and s, two rows of one group at the same time (or on the
 * same day, one without a time): refused, naming both in file order.  Which judgement came first
 * is exactly what the previous-judgement term measures, so neither the
 * file's order nor any fixed rule may decide it; a lead inspector does not
 * lead two inspections at once, so such a pair is a duplicated row or a
 * date that lost its time, for the researcher to fix. */
static int lag_tie_error(const design_ctx *c, const lag_rows *r, size_t s)
{
    const icstat_table *t = c->t;
    const lag_key *later = &r->keys[s];
    const size_t a = r->keys[s - 1].row, b = later->row;
    const size_t lo = a < b ? a : b, hi = b > a ? b : a;
    char day[32], ex[ICSTAT_EXCERPT_SIZE], ex2[ICSTAT_EXCERPT_SIZE], ex3[ICSTAT_EXCERPT_SIZE];
    if (r->kind == 1) {
        int y, mo, dd;
        icstat_date_from_days((long)later->date, &y, &mo, &dd);
        snprintf(day, sizeof day, "%04d-%02d-%02d", y, mo, dd);
    } else {
        snprintf(day, sizeof day, "%.10g", later->date);
    }
    return icstat_error_set(c->err, ICSTAT_EDATA, t->path, t->line[hi],
                            "%s '%s' has two rows on %s that %s cannot put in order (line %ld: "
                            "'%s', line %ld: '%s'): which judgement came first decides the "
                            "previous one; give both a time of day, or drop the duplicate",
                            r->gc->name,
                            icstat_value_excerpt(r->g.levels[later->group], ex3, sizeof ex3), day,
                            c->lab.lag_previous, t->line[lo],
                            icstat_value_excerpt(r->dc->text[lo], ex, sizeof ex), t->line[hi],
                            icstat_value_excerpt(r->dc->text[hi], ex2, sizeof ex2));
}

/* prev[i]: the category of the same group's previous row in date order,
 * -1 when it has none (first) or it is missing; first[i] marks firsts.
 * seq[0..nseq): the rows with a group and a date, group by group in time
 * order, so that the model's rows need not follow the file's order.  Time
 * order is by date and, when the column has one, time of day. */
int design_code_previous(design_ctx *c)
{
    const icstat_table *t = c->t;
    char what[128];
    snprintf(what, sizeof what, "%s date", c->lab.lag_previous);
    const long dcol = design_column(c, c->spec->lag_previous, what);
    if (dcol < 0)
        return ICSTAT_EDATA;
    int st = design_all_missing(c, dcol, c->lab.lag_previous);
    if (st != ICSTAT_OK)
        return st;
    lag_rows r = {&t->cols[dcol], &t->cols[c->gcol], {0}, NULL, 0, 0};
    if ((st = icstat_factor_build(r.gc, t->nrow, NULL, &r.g, c->err)) != ICSTAT_OK)
        return st;
    if (!(r.keys = malloc((t->nrow ? t->nrow : 1) * sizeof *r.keys)))
        st = DESIGN_NOMEM(c->err);
    if (st == ICSTAT_OK && (st = lag_keys(c, &r)) == ICSTAT_OK)
        qsort(r.keys, r.m, sizeof *r.keys, cmp_lag);
    for (size_t s = 1; st == ICSTAT_OK && s < r.m; s++)
        if (lag_tie(&r.keys[s - 1], &r.keys[s]))
            st = lag_tie_error(c, &r, s);
    for (size_t s = 0; st == ICSTAT_OK && s < r.m; s++) {
        c->seq[s] = r.keys[s].row;
        if (s == 0 || r.keys[s - 1].group != r.keys[s].group)
            c->first[r.keys[s].row] = 1;
        else
            c->prev[r.keys[s].row] = c->ycode[r.keys[s - 1].row];
    }
    c->nseq = st == ICSTAT_OK ? r.m : 0;
    free(r.keys);
    icstat_factor_clear(&r.g);
    return st;
}
