/* derive.c — new columns from old ones (--years-between, --band) and rows
 * kept by conditions (--where), before a command uses a table.  Messages
 * name each step by the `what` its caller gave (the command's option), so
 * this file knows no option names. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/date.h"
#include "icstat/derive.h"
#include "icstat/factor.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

static void step_clear(icstat_derive_step *s)
{
    free(s->text);
    free(s->name);
    free(s->from);
    free(s->to);
    free(s->source);
    free(s->cuts);
    icstat_condition_clear(&s->cond);
    memset(s, 0, sizeof *s);
}

void icstat_derive_clear(icstat_derive *d)
{
    for (size_t i = 0; d->steps && i < d->n; i++)
        step_clear(&d->steps[i]);
    free(d->steps);
    memset(d, 0, sizeof *d);
}

/* A trimmed copy of s[0..n); NULL when out of memory. */
static char *trimmed_span(const char *s, size_t n)
{
    char *c = strndup(s, n);
    char *t = c ? icstat_trimmed_copy(c) : NULL;
    free(c);
    return t;
}

/* "NEW=FROM,TO": 0, -1 malformed, -2 out of memory. */
static int parse_years(const char *v, icstat_derive_step *s)
{
    const char *eq = strchr(v, '='), *comma = eq ? strchr(eq + 1, ',') : NULL;
    if (!comma || strchr(comma + 1, ','))
        return -1;
    if (!(s->name = trimmed_span(v, (size_t)(eq - v))) ||
        !(s->from = trimmed_span(eq + 1, (size_t)(comma - eq - 1))) ||
        !(s->to = icstat_trimmed_copy(comma + 1)))
        return -2;
    return s->name[0] && s->from[0] && s->to[0] ? 0 : -1;
}

/* "NEW=COL:C1,C2,...": the last ':' ends COL, so a column name may hold
 * one; the cuts must increase. */
static int parse_band(const char *v, icstat_derive_step *s)
{
    const char *eq = strchr(v, '='), *colon = strrchr(v, ':');
    if (!eq || !colon || colon < eq)
        return -1;
    if (!(s->name = trimmed_span(v, (size_t)(eq - v))) ||
        !(s->source = trimmed_span(eq + 1, (size_t)(colon - eq - 1))))
        return -2;
    if (!s->name[0] || !s->source[0])
        return -1;
    size_t cap = 1;
    for (const char *p = colon + 1; *p; p++)
        cap += *p == ',';
    if (!(s->cuts = malloc(cap * sizeof *s->cuts)))
        return -2;
    const char *p = colon + 1;
    for (;;) {
        const size_t len = strcspn(p, ",");
        char *item = strndup(p, len);
        if (!item)
            return -2;
        const int ok = icstat_parse_double(item, &s->cuts[s->n_cuts]);
        free(item);
        if (!ok || (s->n_cuts && !(s->cuts[s->n_cuts] > s->cuts[s->n_cuts - 1])))
            return -1;
        s->n_cuts++;
        if (!p[len])
            break;
        p += len + 1;
    }
    return 0;
}

/* A step's name in messages when its caller gave none. */
static const char *const plain_name[] = {"years-between", "band", "where"};

int icstat_derive_add(icstat_derive *d, icstat_derive_kind kind, const char *value,
                      const char *what, icstat_error *err)
{
    icstat_derive_step *steps = realloc(d->steps, (d->n + 1) * sizeof *steps);
    if (!steps)
        return NOMEM();
    d->steps = steps;
    icstat_derive_step *s = &d->steps[d->n];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->what = what ? what : plain_name[kind];
    if (!(s->text = strdup(value)))
        return NOMEM();
    int r, cs = ICSTAT_COND_OK;
    const char *usage = "";
    switch (kind) {
    case ICSTAT_DERIVE_YEARS:
        r = parse_years(value, s);
        usage = "takes NEW=FROM,TO, two date columns";
        break;
    case ICSTAT_DERIVE_BAND:
        r = parse_band(value, s);
        usage = "takes NEW=COL:C1,C2,... with numbers in increasing order";
        break;
    default:
        cs = icstat_condition_parse(value, 0, &s->cond);
        r = cs == ICSTAT_COND_OK ? 0 : cs == ICSTAT_COND_NOMEM ? -2 : -1;
        break;
    }
    if (r != 0) {
        const char *name = s->what;
        step_clear(s);
        if (r == -2)
            return NOMEM();
        if (kind == ICSTAT_DERIVE_WHERE)
            return icstat_condition_refusal(err, ICSTAT_EDATA, name, value, cs);
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0, "%s %s (got '%s')", name, usage,
                                value);
    }
    d->n++;
    return ICSTAT_OK;
}

int icstat_derive_has_where(const icstat_derive *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->steps[i].kind == ICSTAT_DERIVE_WHERE)
            return 1;
    return 0;
}

void icstat_derive_where_text(const icstat_derive *d, char *buf, size_t size)
{
    if (!size)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < d->n; i++)
        if (d->steps[i].kind == ICSTAT_DERIVE_WHERE) {
            const size_t used = strlen(buf);
            snprintf(buf + used, size - used, "%s%s", used ? ", " : "", d->steps[i].text);
        }
}

/* ---- the steps ------------------------------------------------------------ */

static long need_column(const icstat_table *t, const char *name, const char *what,
                        icstat_error *err)
{
    const long c = icstat_table_find(t, name);
    if (c < 0)
        icstat_error_set(err, ICSTAT_EDATA, t->path, 1, "no %s column '%s' in the header", what,
                         name);
    return c;
}

/* Add a new, empty column `name` at the end of t (text cells all NULL,
 * no numbers) and point *out at it. */
static int name_free(const icstat_table *t, const char *name, const char *what,
                     icstat_error *err)
{
    if (icstat_table_find(t, name) >= 0)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                "%s makes column '%s', which the header already has; choose "
                                "another name", what, name);
    return ICSTAT_OK;
}

static int new_column(icstat_table *t, const char *name, const char *what, icstat_column **out,
                      icstat_error *err)
{
    const int st = name_free(t, name, what, err);
    if (st != ICSTAT_OK)
        return st;
    icstat_column *cols = realloc(t->cols, (t->ncol + 1) * sizeof *cols);
    if (!cols)
        return NOMEM();
    t->cols = cols;
    icstat_column *c = &t->cols[t->ncol];
    memset(c, 0, sizeof *c);
    if (!(c->name = strdup(name)) || !(c->text = calloc(t->nrow ? t->nrow : 1, sizeof *c->text))) {
        free(c->name);
        free(c->text);
        memset(c, 0, sizeof *c);
        return NOMEM();
    }
    t->ncol++;
    c->n_missing = t->nrow;
    *out = c;
    return ICSTAT_OK;
}

/* Days since 1970 of row i's date in column c: 0, or an error naming it. */
static int row_days(const icstat_table *t, const icstat_column *c, size_t i, long *days,
                    const char *what, icstat_error *err)
{
    int y, m, d;
    if (icstat_date_parse(c->text[i], &y, &m, &d) == 0) {
        *days = icstat_date_to_days(y, m, d);
        return ICSTAT_OK;
    }
    char ex[ICSTAT_EXCERPT_SIZE], why[160];
    const int known = icstat_date_problem(c->text[i], why, sizeof why);
    return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                            "column '%s' has value '%s' that is not a date%s%s%suse "
                            "YYYY-MM-DD or DD/MM/YYYY%s (%s)",
                            c->name, icstat_value_excerpt(c->text[i], ex, sizeof ex),
                            known ? ": " : " (", known ? why : "", known ? "; " : "",
                            known ? "" : ")", what);
}

int icstat_table_add_years(icstat_table *t, const char *name, const char *from, const char *to,
                           const char *what, icstat_error *err)
{
    const long jf = need_column(t, from, what, err);
    const long jt = jf < 0 ? -1 : need_column(t, to, what, err);
    if (jt < 0)
        return ICSTAT_EDATA;
    if (name_free(t, name, what, err) != ICSTAT_OK)
        return ICSTAT_EDATA;
    /* Every date is read, and checked, before the column is added, so a
     * refusal leaves t as it was. */
    const size_t nrow = t->nrow; /* adding a column keeps it */
    double *num = malloc((nrow ? nrow : 1) * sizeof *num);
    if (!num)
        return NOMEM();
    const icstat_column *cf = &t->cols[jf], *ct = &t->cols[jt];
    for (size_t i = 0; i < nrow; i++) {
        long d0 = 0, d1 = 0;
        int st = ICSTAT_OK;
        num[i] = NAN;
        if (cf->text[i])
            st = row_days(t, cf, i, &d0, what, err);
        if (st == ICSTAT_OK && ct->text[i])
            st = row_days(t, ct, i, &d1, what, err);
        if (st != ICSTAT_OK) {
            free(num);
            return st;
        }
        /* 365.25 days a year: a whole number of years between the same
         * day of two years is within a day of it either way. */
        if (cf->text[i] && ct->text[i])
            num[i] = (double)(d1 - d0) / 365.25;
    }
    icstat_column *c = NULL;
    int st = new_column(t, name, what, &c, err);
    if (st != ICSTAT_OK) {
        free(num);
        return st;
    }
    for (size_t i = 0; i < nrow; i++) {
        if (isnan(num[i]))
            continue;
        char buf[40];
        const int n = snprintf(buf, sizeof buf, "%.10g", num[i]);
        if (!(c->text[i] = icstat_table_text(t, buf, (size_t)n))) {
            free(num);
            return NOMEM(); /* c stays, all missing from here: t is freed next */
        }
        c->n_missing--;
    }
    if (c->n_missing < nrow) {
        c->num = num;
        c->is_numeric = 1;
    } else {
        free(num);
    }
    return ICSTAT_OK;
}

/* The period of a date, by kind (derive.h), into buf. */
static void period_text(icstat_period_kind kind, int y, int m, char *buf, size_t len)
{
    /* The school year runs from September to August: "2019/20". */
    const int sy = m >= 9 ? y : y - 1;
    static const char *const terms[] = {"spring", "spring", "spring", "summer", "summer",
                                        "summer", "summer", "summer", "autumn", "autumn",
                                        "autumn", "autumn"};
    switch (kind) {
    case ICSTAT_PERIOD_YEAR:
        snprintf(buf, len, "%d", y);
        return;
    case ICSTAT_PERIOD_ACADEMIC_YEAR:
        snprintf(buf, len, "%d/%02d", sy, (sy + 1) % 100);
        return;
    case ICSTAT_PERIOD_TERM:
        snprintf(buf, len, "%d/%02d %s", sy, (sy + 1) % 100, terms[m - 1]);
        return;
    }
    buf[0] = '\0';
}

int icstat_table_add_period(icstat_table *t, const char *name, const char *date,
                            icstat_period_kind kind, const char *what, icstat_error *err)
{
    const long jd = need_column(t, date, what, err);
    if (jd < 0 || name_free(t, name, what, err) != ICSTAT_OK)
        return ICSTAT_EDATA;
    /* Every date is read, and checked, before the column is added, so a
     * refusal leaves t as it was. */
    const size_t nrow = t->nrow;
    long *days = malloc((nrow ? nrow : 1) * sizeof *days);
    double *num = malloc((nrow ? nrow : 1) * sizeof *num);
    if (!days || !num) {
        free(days);
        free(num);
        return NOMEM();
    }
    const icstat_column *cd = &t->cols[jd];
    for (size_t i = 0; i < nrow; i++) {
        days[i] = 0; /* a missing date's, never read */
        const int st = cd->text[i] ? row_days(t, cd, i, &days[i], what, err) : ICSTAT_OK;
        if (st != ICSTAT_OK) {
            free(days);
            free(num);
            return st;
        }
    }
    icstat_column *c = NULL;
    int st = new_column(t, name, what, &c, err);
    for (size_t i = 0; st == ICSTAT_OK && i < nrow; i++) {
        num[i] = NAN;
        if (!t->cols[jd].text[i])
            continue;
        int y, m, d;
        char buf[40];
        icstat_date_from_days(days[i], &y, &m, &d);
        period_text(kind, y, m, buf, sizeof buf);
        if (!(c->text[i] = icstat_table_text(t, buf, strlen(buf))))
            st = NOMEM(); /* c stays, missing from here: t is freed next */
        else
            c->n_missing--;
        num[i] = y;
    }
    free(days);
    /* Calendar years are numbers (numeric order); the others sort as text
     * in time order ("2019/20 autumn" < "2019/20 spring" < "2019/20
     * summer" < "2020/21 autumn"). */
    if (st == ICSTAT_OK && kind == ICSTAT_PERIOD_YEAR && c->n_missing < nrow) {
        c->num = num;
        c->is_numeric = 1;
    } else {
        free(num);
    }
    return st;
}

static int whole(double x)
{
    return floor(x) == x && fabs(x) < 1e15;
}

/* Band labels: "under C1", "C1 to under C2" (or "C1-D"), "Ck or more". */
static int band_label(char *buf, size_t size, const double *cuts, size_t n, size_t b,
                      int integer)
{
    if (b == 0)
        return snprintf(buf, size, "under %.10g", cuts[0]);
    if (b == n)
        return snprintf(buf, size, "%.10g or more", cuts[n - 1]);
    if (!integer)
        return snprintf(buf, size, "%.10g to under %.10g", cuts[b - 1], cuts[b]);
    if (cuts[b] - 1.0 == cuts[b - 1])
        return snprintf(buf, size, "%.10g", cuts[b - 1]);
    return snprintf(buf, size, "%.10g-%.10g", cuts[b - 1], cuts[b] - 1.0);
}

int icstat_table_add_band(icstat_table *t, const char *name, const char *source,
                          const double *cuts, size_t n_cuts, const char *what, icstat_error *err)
{
    const long js = need_column(t, source, what, err);
    if (js < 0 || name_free(t, name, what, err) != ICSTAT_OK)
        return ICSTAT_EDATA;
    const icstat_column *src = &t->cols[js];
    int integer = 1;
    for (size_t k = 0; k < n_cuts; k++)
        integer = integer && whole(cuts[k]);
    for (size_t i = 0; i < t->nrow; i++) {
        double v;
        if (!src->text[i])
            continue;
        if (!icstat_parse_double(src->text[i], &v)) {
            char ex[ICSTAT_EXCERPT_SIZE];
            return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                    "column '%s' has value '%s' that is not a number, which "
                                    "%s cannot place%s%s",
                                    src->name, icstat_value_excerpt(src->text[i], ex, sizeof ex),
                                    what,
                                    icstat_is_comma_number(src->text[i]) ? "; " : "",
                                    icstat_is_comma_number(src->text[i])
                                        ? ICSTAT_COMMA_NUMBER_FIX : "");
        }
        integer = integer && whole(v);
    }
    /* The labels first (in t's text store), so that a new column always
     * has all of them. */
    char **levels = calloc(n_cuts + 1, sizeof *levels);
    if (!levels)
        return NOMEM();
    for (size_t b = 0; b <= n_cuts; b++) {
        char buf[80];
        const int n = band_label(buf, sizeof buf, cuts, n_cuts, b, integer);
        if (!(levels[b] = icstat_table_text(t, buf, (size_t)n))) {
            free(levels);
            return NOMEM();
        }
    }
    icstat_column *c = NULL;
    const int st = new_column(t, name, what, &c, err);
    if (st != ICSTAT_OK) {
        free(levels);
        return st;
    }
    c->levels = levels;
    c->n_levels = n_cuts + 1;
    src = &t->cols[js]; /* new_column moved the columns */
    for (size_t i = 0; i < t->nrow; i++) {
        double v;
        if (!src->text[i] || !icstat_parse_double(src->text[i], &v))
            continue;
        size_t b = 0;
        while (b < n_cuts && v >= cuts[b])
            b++;
        c->text[i] = levels[b];
        c->n_missing--;
    }
    return ICSTAT_OK;
}

int icstat_table_keep_rows(icstat_table *t, const unsigned char *keep, icstat_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nrow; i++)
        if (keep[i]) {
            for (size_t j = 0; j < t->ncol; j++) {
                icstat_column *c = &t->cols[j];
                c->text[n] = c->text[i];
                if (c->num)
                    c->num[n] = c->num[i];
            }
            t->line[n++] = t->line[i];
        }
    t->nrow = n;
    for (size_t j = 0; j < t->ncol; j++) {
        icstat_column *c = &t->cols[j];
        int numbers = !c->levels;
        c->n_missing = 0;
        for (size_t i = 0; i < n; i++) {
            if (!c->text[i])
                c->n_missing++;
            else if (numbers && !c->is_numeric)
                numbers = icstat_parse_double(c->text[i], NULL);
        }
        if (c->n_missing == n) { /* as the reader: a column of no values is text */
            free(c->num);
            c->num = NULL;
            c->is_numeric = 0;
        } else if (numbers && !c->is_numeric) {
            if (!(c->num = malloc((n ? n : 1) * sizeof *c->num)))
                return NOMEM();
            for (size_t i = 0; i < n; i++)
                if (!c->text[i] || !icstat_parse_double(c->text[i], &c->num[i]))
                    c->num[i] = NAN;
            c->is_numeric = 1;
        }
    }
    return ICSTAT_OK;
}

/* One --where: keep the rows that meet it. */
static int apply_where(icstat_derive *d, const icstat_derive_step *s, icstat_table *t,
                       icstat_error *err)
{
    const long j = need_column(t, s->cond.column, s->what, err);
    if (j < 0)
        return ICSTAT_EDATA;
    const icstat_column *c = &t->cols[j];
    unsigned char *keep = malloc(t->nrow ? t->nrow : 1);
    if (!keep)
        return NOMEM();
    size_t kept = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        const int h = icstat_condition_holds(&s->cond, c->text[i]);
        if (h < 0) {
            char ex[ICSTAT_EXCERPT_SIZE];
            free(keep);
            return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                    "%s '%s': column '%s' has value '%s' that is not a "
                                    "number", s->what, s->text, c->name,
                                    icstat_value_excerpt(c->text[i], ex, sizeof ex));
        }
        keep[i] = (unsigned char)h;
        kept += keep[i];
    }
    if (!kept) {
        char list[400];
        icstat_derive_where_text(d, list, sizeof list);
        free(keep);
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                "no row meets %s %s (%zu rows read)", s->what, list,
                                d->n_read);
    }
    d->n_dropped += t->nrow - kept;
    const int st = icstat_table_keep_rows(t, keep, err);
    free(keep);
    return st;
}

int icstat_derive_apply(icstat_derive *d, icstat_table *t, icstat_error *err)
{
    d->n_read = t->nrow;
    d->n_dropped = 0;
    for (size_t i = 0; i < d->n; i++) {
        const icstat_derive_step *s = &d->steps[i];
        int st;
        switch (s->kind) {
        case ICSTAT_DERIVE_YEARS:
            st = icstat_table_add_years(t, s->name, s->from, s->to, s->what, err);
            break;
        case ICSTAT_DERIVE_BAND:
            st = icstat_table_add_band(t, s->name, s->source, s->cuts, s->n_cuts, s->what,
                                       err);
            break;
        default:
            st = apply_where(d, s, t, err);
            break;
        }
        if (st != ICSTAT_OK)
            return st;
    }
    return ICSTAT_OK;
}
