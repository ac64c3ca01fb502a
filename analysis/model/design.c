/* design.c — outcome, design matrix and groups for `icstat fit`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/categories.h"
#include "icstat/condition.h"
#include "icstat/date.h"
#include "icstat/design.h"
#include "icstat/factor.h"
#include "icstat/strlist.h"
#include "../numerics/spd.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

void icstat_design_free(icstat_design *d)
{
    if (!d)
        return;
    for (size_t j = 0; d->col_names && j < d->p; j++)
        free(d->col_names[j]);
    for (size_t t = 0; d->terms && t < d->n_terms; t++) {
        for (size_t l = 0; d->terms[t].levels && l < d->terms[t].n_levels; l++)
            free(d->terms[t].levels[l]);
        free(d->terms[t].levels);
        free(d->terms[t].name);
    }
    for (size_t k = 0; d->cat_labels && k < d->k; k++)
        free(d->cat_labels[k]);
    for (size_t g = 0; d->group_labels && g < d->n_groups; g++)
        free(d->group_labels[g]);
    free(d->y);
    free(d->x);
    free(d->col_names);
    free(d->terms);
    free(d->outcome_name);
    free(d->cat_labels);
    free(d->cat_count);
    free(d->group_name);
    free(d->group_start);
    free(d->group_labels);
    free(d->line);
    icstat_strlist_free(&d->notes, &d->n_notes);
    free(d);
}

static long design_column(const icstat_table *t, const char *name, const char *what,
                          icstat_error *err)
{
    long c = icstat_table_find(t, name);
    if (c < 0)
        icstat_error_set(err, ICSTAT_EDATA, t->path, 1, "no %s column '%s' in the header", what,
                         name);
    return c;
}

static int in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* A column that should hold numbers but does not: name the first value
 * that is not one.  Used where a column is mostly numbers, since a stray
 * "1,234" would otherwise turn a covariate into hundreds of levels. */
static int not_numeric_error(const icstat_table *t, const icstat_column *c, const char *hint,
                             icstat_error *err)
{
    double v;
    char ex[ICSTAT_EXCERPT_SIZE];
    for (size_t i = 0; i < t->nrow; i++)
        if (c->text[i] && !icstat_parse_double(c->text[i], &v))
            return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                    "column '%s' has value '%s' that is not a number%s", c->name,
                                    icstat_value_excerpt(c->text[i], ex, sizeof ex), hint);
    return ICSTAT_OK;
}

/* The first value of c written with a decimal comma or thousands
 * separators ("3,5", "1,234"), named with how to write it; such a column
 * must not quietly become categories (or, as an outcome, text). */
static int comma_number_error(const icstat_table *t, const icstat_column *c, const char *or_else,
                              icstat_error *err)
{
    char ex[ICSTAT_EXCERPT_SIZE];
    for (size_t i = 0; i < t->nrow; i++)
        if (c->text[i] && icstat_is_comma_number(c->text[i]))
            return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                    "column '%s' has value '%s' that is not a number (a "
                                    "thousands separator or a decimal comma?); "
                                    ICSTAT_COMMA_NUMBER_FIX "%s",
                                    c->name, icstat_value_excerpt(c->text[i], ex, sizeof ex),
                                    or_else);
    return ICSTAT_OK;
}

/* A column the model needs with no value at all: say so, rather than
 * "no rows left" after every row was dropped. */
static int all_missing_error(const icstat_table *t, long col, const char *role,
                             icstat_error *err)
{
    if (t->cols[col].n_missing < t->nrow)
        return ICSTAT_OK;
    char n[48];
    snprintf(n, sizeof n, t->nrow == 1 ? "the one row" : "all %zu rows", t->nrow);
    return icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                            "column '%s' (%s) has no value: it is empty (or NA, N/A, .) in %s",
                            t->cols[col].name, role, n);
}

static int mostly_numeric(const icstat_table *t, const icstat_column *c)
{
    size_t num = 0, all = 0;
    double v;
    for (size_t i = 0; i < t->nrow; i++)
        if (c->text[i]) {
            all++;
            num += (size_t)icstat_parse_double(c->text[i], &v);
        }
    return all > 0 && 2 * num > all;
}

/* --binary "COL>=3": the condition, or a usage error saying what is wrong. */
static int binary_parse(const char *s, icstat_condition *c, icstat_error *err)
{
    switch (icstat_condition_parse(s, 0, c)) {
    case ICSTAT_COND_OK:
        return ICSTAT_OK;
    case ICSTAT_COND_NO_OPERATOR:
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "--binary '%s' has no comparison (use e.g. \"grade>=3\")", s);
    case ICSTAT_COND_BARE_BANG:
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "--binary '%s': use != for 'not equal'", s);
    case ICSTAT_COND_EMPTY_SIDE:
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "--binary '%s' needs a column and a value, e.g. \"grade>=3\"", s);
    case ICSTAT_COND_NOT_NUMBER:
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "--binary '%s': %s needs a number on its right", s,
                                icstat_condition_op_name(c->op));
    default:
        return NOMEM();
    }
}

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

/* The outcome of each row as a category index (-1 missing). */
/* The outcome as categories of a scale: the one named (`s`; a value that
 * is neither its word nor its code is an error), or else the known scale
 * whose words are every value (if any; *used 0 when none).  Categories no
 * row has are left out, with a note when the scale was named: their
 * thresholds could not be estimated. */
static int code_scale(const icstat_table *t, const icstat_column *c, const icstat_scale *s,
                      icstat_design *d, long *ycode, int *used, icstat_error *err)
{
    icstat_factor f;
    int st = icstat_factor_build(c, t->nrow, NULL, &f, err);
    if (st != ICSTAT_OK)
        return st;
    const icstat_scale *scale =
        s ? s : icstat_scale_detect((const char *const *)f.levels, f.n_levels);
    size_t bad = 0;
    const int sc = scale ? icstat_factor_scale(&f, scale, 0, &bad) : 0;
    if (sc < 0)
        st = NOMEM();
    for (size_t i = 0; sc > 0 && i < t->nrow; i++)
        if (f.code[i] == (long)bad) {
            st = icstat_scale_value_error(err, t->path, t->line[i], c->name, c->text[i], scale);
            break;
        }
    for (size_t j = 0, l = 0; st == ICSTAT_OK && s && j < s->k; j++) {
        if (l < f.n_levels && f.values[l] == (double)(j + 1)) {
            l++;
            continue;
        }
        if (icstat_strlist_addf(&d->notes, &d->n_notes,
                                "outcome category '%s' (--categories %s) is in no row, so the "
                                "model leaves it out", s->words[j], s->name) != 0)
            st = NOMEM();
    }
    if (st == ICSTAT_OK && scale) {
        *used = 1;
        memcpy(ycode, f.code, t->nrow * sizeof *ycode);
        d->k = f.n_levels;
        d->cat_labels = f.levels; /* taken over */
        f.levels = NULL;
    }
    icstat_factor_clear(&f);
    return st;
}

static int code_outcome(const icstat_table *t, const icstat_design_spec *spec,
                        icstat_design *d, long *ycode, icstat_error *err)
{
    if (spec->binary) {
        icstat_condition c;
        int st = binary_parse(spec->binary, &c, err);
        long col = st == ICSTAT_OK ? design_column(t, c.column, "--binary", err) : -1;
        if (st == ICSTAT_OK && col < 0)
            st = ICSTAT_EDATA;
        if (st == ICSTAT_OK)
            st = all_missing_error(t, col, "--binary", err);
        for (size_t i = 0; st == ICSTAT_OK && i < t->nrow; i++) {
            const char *s = t->cols[col].text[i];
            int v = s ? icstat_condition_holds(&c, s) : -1;
            if (s && v < 0) {
                char ex[ICSTAT_EXCERPT_SIZE];
                st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                      "column '%s' has value '%s' that is not a number, so "
                                      "'%s' cannot be decided%s", c.column,
                                      icstat_value_excerpt(s, ex, sizeof ex), spec->binary,
                                      icstat_is_comma_number(s)
                                          ? " (a thousands separator or a decimal comma?); "
                                            ICSTAT_COMMA_NUMBER_FIX
                                          : "");
            }
            ycode[i] = s ? v : -1;
        }
        icstat_condition_clear(&c);
        if (st != ICSTAT_OK)
            return st;
        d->k = 2;
        if (!(d->outcome_name = strdup(spec->binary)) ||
            !(d->cat_labels = calloc(2, sizeof *d->cat_labels)) ||
            !(d->cat_labels[0] = strdup("0")) || !(d->cat_labels[1] = strdup("1")))
            return NOMEM();
        return ICSTAT_OK;
    }
    long col = design_column(t, spec->outcome, "outcome", err);
    if (col < 0)
        return ICSTAT_EDATA;
    const icstat_column *c = &t->cols[col];
    int st = all_missing_error(t, col, "--outcome", err);
    if (st != ICSTAT_OK)
        return st;
    if (!(d->outcome_name = strdup(spec->outcome)))
        return NOMEM();
    if (spec->categories) {
        if ((st = icstat_categories_check(spec->categories, spec->n_categories, 0,
                                          "--categories", err)) != ICSTAT_OK)
            return st;
        d->k = spec->n_categories;
        if (!(d->cat_labels = calloc(d->k ? d->k : 1, sizeof *d->cat_labels)))
            return NOMEM();
        for (size_t k = 0; k < d->k; k++)
            if (!(d->cat_labels[k] = strdup(spec->categories[k])))
                return NOMEM();
        for (size_t i = 0; i < t->nrow; i++) {
            ycode[i] = -1;
            if (!c->text[i])
                continue;
            for (size_t k = 0; k < d->k && ycode[i] < 0; k++)
                if (strcmp(c->text[i], spec->categories[k]) == 0)
                    ycode[i] = (long)k;
            double v, w;
            /* "2.0" is category "2" when both are numbers. */
            for (size_t k = 0; k < d->k && ycode[i] < 0; k++)
                if (icstat_parse_double(c->text[i], &v) &&
                    icstat_parse_double(spec->categories[k], &w) && v == w)
                    ycode[i] = (long)k;
            if (ycode[i] < 0) {
                char ex[ICSTAT_EXCERPT_SIZE];
                return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                        "column '%s' has value '%s' that is not in --categories",
                                        c->name, icstat_value_excerpt(c->text[i], ex, sizeof ex));
            }
        }
        return ICSTAT_OK;
    }
    if (spec->scale || !c->is_numeric) {
        int used = 0;
        if ((st = code_scale(t, c, spec->scale, d, ycode, &used, err)) != ICSTAT_OK || used)
            return st;
    }
    if (!c->is_numeric && (st = comma_number_error(t, c, "", err)) != ICSTAT_OK)
        return st;
    if (!c->is_numeric)
        return mostly_numeric(t, c)
                   ? not_numeric_error(t, c, "; give the categories in order with --categories",
                                       err)
                   : icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                      "outcome '%s' is text; give its categories in order, e.g. "
                                      "--categories \"Outstanding,Good,Requires improvement,"
                                      "Inadequate\"", c->name);
    icstat_factor f;
    st = icstat_factor_build(c, t->nrow, NULL, &f, err);
    if (st != ICSTAT_OK)
        return st;
    d->k = f.n_levels;
    d->cat_labels = f.levels; /* taken over */
    f.levels = NULL;
    memcpy(ycode, f.code, t->nrow * sizeof *ycode);
    icstat_factor_clear(&f);
    return ICSTAT_OK;
}

/* prev[i]: the category of the same group's previous row in date order,
 * -1 when it has none (first) or it is missing; first[i] marks firsts.
 * seq[0..*nseq): the rows with a group and a date, group by group in time
 * order, so that the model's rows need not follow the file's order.
 *
 * Time order is by date and, when the column has one, time of day.  Two
 * rows of one group at the same time (or on the same day, one without a
 * time) are refused, naming both: which judgement came first is exactly
 * what the previous-judgement term measures, so neither the file's order
 * nor any fixed rule may decide it.  A lead inspector does not lead two
 * inspections at once, so such a pair is a duplicated row or a date that
 * lost its time, for the researcher to fix. */
static int code_previous(const icstat_table *t, const icstat_design_spec *spec,
                         const long *ycode, long gcol, long *prev, unsigned char *first,
                         size_t *seq, size_t *nseq, icstat_error *err)
{
    long dcol = design_column(t, spec->lag_previous, "--lag-previous date", err);
    if (dcol < 0)
        return ICSTAT_EDATA;
    int st = all_missing_error(t, dcol, "--lag-previous", err);
    if (st != ICSTAT_OK)
        return st;
    const icstat_column *dc = &t->cols[dcol], *gc = &t->cols[gcol];
    icstat_factor g;
    st = icstat_factor_build(gc, t->nrow, NULL, &g, err);
    if (st != ICSTAT_OK)
        return st;
    lag_key *keys = malloc((t->nrow ? t->nrow : 1) * sizeof *keys);
    size_t m = 0;
    if (!keys) {
        icstat_factor_clear(&g);
        return NOMEM();
    }
    size_t kind_row = 0; /* the first row with a date or number */
    int kind = 0;
    char ex[ICSTAT_EXCERPT_SIZE], ex2[ICSTAT_EXCERPT_SIZE], why[160];
    for (size_t i = 0; i < t->nrow; i++) {
        prev[i] = -1;
        first[i] = 0;
        if (g.code[i] < 0 || !dc->text[i])
            continue;
        double key, sec;
        const int k = date_key(dc->text[i], &key, &sec);
        if (k == 0) {
            const int known = icstat_date_problem(dc->text[i], why, sizeof why);
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                  "column '%s' has value '%s' that is not a date%s%s%suse "
                                  "YYYY-MM-DD or DD/MM/YYYY%s",
                                  dc->name, icstat_value_excerpt(dc->text[i], ex, sizeof ex),
                                  known ? ": " : " (", known ? why : "", known ? "; " : "",
                                  known ? "" : ")");
            break;
        }
        if (kind && k != kind) {
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                  "column '%s' mixes dates and plain numbers ('%s' on line %ld, "
                                  "'%s' here), which cannot be put in one order; write every "
                                  "date as YYYY-MM-DD or DD/MM/YYYY",
                                  dc->name,
                                  icstat_value_excerpt(dc->text[kind_row], ex, sizeof ex),
                                  t->line[kind_row],
                                  icstat_value_excerpt(dc->text[i], ex2, sizeof ex2));
            break;
        }
        if (!kind) {
            kind = k;
            kind_row = i;
        }
        keys[m++] = (lag_key){i, g.code[i], key, sec};
    }
    if (st == ICSTAT_OK)
        qsort(keys, m, sizeof *keys, cmp_lag);
    for (size_t s = 1; st == ICSTAT_OK && s < m; s++) {
        if (!lag_tie(&keys[s - 1], &keys[s]))
            continue;
        const size_t a = keys[s - 1].row, b = keys[s].row; /* named in file order */
        char day[32], ex3[ICSTAT_EXCERPT_SIZE];
        if (kind == 1) {
            int y, mo, dd;
            icstat_date_from_days((long)keys[s].date, &y, &mo, &dd);
            snprintf(day, sizeof day, "%04d-%02d-%02d", y, mo, dd);
        } else {
            snprintf(day, sizeof day, "%.10g", keys[s].date);
        }
        st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[b > a ? b : a],
                              "%s '%s' has two rows on %s that --lag-previous cannot put in "
                              "order (line %ld: '%s', line %ld: '%s'): which judgement came "
                              "first decides the previous one; give both a time of day, or "
                              "drop the duplicate",
                              gc->name, icstat_value_excerpt(g.levels[keys[s].group], ex3,
                                                             sizeof ex3),
                              day, t->line[a < b ? a : b],
                              icstat_value_excerpt(dc->text[a < b ? a : b], ex, sizeof ex),
                              t->line[b > a ? b : a],
                              icstat_value_excerpt(dc->text[b > a ? b : a], ex2, sizeof ex2));
    }
    for (size_t s = 0; st == ICSTAT_OK && s < m; s++) {
        seq[s] = keys[s].row;
        if (s == 0 || keys[s - 1].group != keys[s].group)
            first[keys[s].row] = 1;
        else
            prev[keys[s].row] = ycode[keys[s - 1].row];
    }
    *nseq = st == ICSTAT_OK ? m : 0;
    free(keys);
    icstat_factor_clear(&g);
    return st;
}

/* Put the reference level first. */
static int apply_ref(icstat_term *term, const icstat_design_spec *spec, long *code,
                     size_t nrow, icstat_error *err)
{
    const size_t len = strlen(term->name);
    for (size_t r = 0; r < spec->n_refs; r++) {
        const char *s = spec->refs[r];
        if (strncmp(s, term->name, len) != 0 || s[len] != '=')
            continue;
        long ref = -1;
        for (size_t l = 0; l < term->n_levels && ref < 0; l++)
            if (strcmp(term->levels[l], s + len + 1) == 0)
                ref = (long)l;
        if (ref < 0) {
            char have[256] = "";
            for (size_t l = 0; l < term->n_levels && strlen(have) < 200; l++)
                snprintf(have + strlen(have), sizeof have - strlen(have), "%s'%s'",
                         l ? ", " : "", term->levels[l]);
            return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                    "--ref %s: '%s' has no level '%s' among the rows used "
                                    "(levels: %s)", s, term->name, s + len + 1, have);
        }
        char *lab = term->levels[ref];
        memmove(term->levels + 1, term->levels, (size_t)ref * sizeof *term->levels);
        term->levels[0] = lab;
        for (size_t i = 0; i < nrow; i++)
            if (code[i] == ref)
                code[i] = 0;
            else if (code[i] >= 0 && code[i] < ref)
                code[i]++;
    }
    return ICSTAT_OK;
}

/* Centred columns, each checked against the span of the earlier ones:
 * a column (nearly) equal to a combination of others cannot be estimated.
 * The residual sum of squares of column j on the earlier centred columns
 * (what Gram-Schmidt leaves of it) is the square of the j-th pivot of the
 * Cholesky factor of their cross-products C, so C is accumulated from each
 * row's nonzero values (O(n q^2), q nonzeros a row) and factored (O(p^3),
 * p <= n); Gram-Schmidt over dense columns cost n p^2, minutes for a
 * factor with thousands of levels.  Numeric columns are centred before
 * they are multiplied (a year column would otherwise lose ten digits to
 * cancellation); indicator columns are used as 0/1 and centred in C. */
static int check_collinear(const icstat_design *d, const icstat_table *t, icstat_error *err)
{
    const size_t n = d->n, p = d->p;
    double *c = calloc(p ? p * p : 1, sizeof *c), *mean = calloc(p ? p : 1, sizeof *mean),
           *v = malloc((p ? p : 1) * sizeof *v);
    size_t *nz = malloc((p ? p : 1) * sizeof *nz);
    unsigned char *ind = calloc(p ? p : 1, 1);
    int st = ICSTAT_OK;
    if (!c || !mean || !v || !nz || !ind) {
        st = NOMEM();
        goto done;
    }
    for (size_t j = 0; j < d->n_terms; j++)
        if (d->terms[j].categorical)
            memset(ind + d->terms[j].first_col, 1, d->terms[j].ncols);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < p; j++)
            mean[j] += d->x[i * p + j];
    for (size_t j = 0; j < p; j++)
        mean[j] /= (double)n;
    for (size_t i = 0; i < n; i++) {
        size_t q = 0;
        for (size_t j = 0; j < p; j++) {
            const double x = d->x[i * p + j];
            if (ind[j] && x == 0.0)
                continue;
            v[q] = ind[j] ? x : x - mean[j];
            nz[q++] = j;
        }
        for (size_t a = 0; a < q; a++)
            for (size_t b = a; b < q; b++)
                c[nz[a] * p + nz[b]] += v[a] * v[b];
    }
    /* Indicators: sum (x - m)(y - m') = sum xy - n m m' (sum x = n m).  A
     * numeric column against an indicator: sum (x - m) y is already
     * centred, since sum (x - m) = 0. */
    for (size_t j = 0; j < p; j++)
        for (size_t l = j; l < p; l++) {
            double s = c[j * p + l];
            if (ind[j] && ind[l])
                s -= (double)n * mean[j] * mean[l];
            c[l * p + j] = s; /* the lower triangle, where the factor goes */
        }
    double pivot;
    const size_t j = icstat_spd_factor_until(c, p, 1e-10, &pivot);
    if (j < p)
        st = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                              "design column '%s' is a combination of the thresholds and "
                              "earlier terms among the %zu rows used (collinear); leave a "
                              "term out", d->col_names[j], n);
done:
    free(c);
    free(mean);
    free(v);
    free(nz);
    free(ind);
    return st;
}

typedef struct {
    long col;          /* table column, -1 for "previous" */
    int categorical;
    icstat_factor f;   /* categorical levels */
} term_source;

int icstat_design_build(const icstat_table *t, const icstat_design_spec *spec,
                        icstat_design **out, icstat_error *err)
{
    *out = NULL;
    const size_t N = t->nrow;
    int st = ICSTAT_OK;
    icstat_design *d = calloc(1, sizeof *d);
    long *ycode = malloc((N ? N : 1) * sizeof *ycode);
    long *prev = spec->lag_previous ? malloc((N ? N : 1) * sizeof *prev) : NULL;
    unsigned char *first = spec->lag_previous ? malloc(N ? N : 1) : NULL;
    size_t *seq = spec->lag_previous ? malloc((N ? N : 1) * sizeof *seq) : NULL, nseq = 0;
    unsigned char *use = malloc(N ? N : 1);
    size_t nt = spec->n_terms + (spec->lag_previous != NULL);
    term_source *src = calloc(nt ? nt : 1, sizeof *src);
    icstat_factor gf = {0};
    size_t *order = NULL;
    if (!d || !ycode || !use || !src || (spec->lag_previous && (!prev || !first || !seq))) {
        st = NOMEM();
        goto done;
    }
    d->n_read = N;
    if ((st = icstat_table_need_rows(t, err)) != ICSTAT_OK ||
        (st = code_outcome(t, spec, d, ycode, err)) != ICSTAT_OK)
        goto done;

    long gcol = -1;
    if (spec->group && (gcol = design_column(t, spec->group, "--group", err)) < 0) {
        st = ICSTAT_EDATA;
        goto done;
    }
    if (gcol >= 0 && (st = all_missing_error(t, gcol, "--group", err)) != ICSTAT_OK)
        goto done;
    if (spec->lag_previous) {
        if (gcol < 0) {
            st = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                  "--lag-previous needs --group (whose previous judgement?)");
            goto done;
        }
        if ((st = code_previous(t, spec, ycode, gcol, prev, first, seq, &nseq, err)) !=
            ICSTAT_OK)
            goto done;
    }

    /* Which columns, and are they numbers or levels? */
    for (size_t j = 0; j < spec->n_terms; j++) {
        const char *name = spec->terms[j];
        for (size_t l = 0; l < j; l++)
            if (strcmp(spec->terms[l], name) == 0) {
                st = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "--terms lists '%s' twice",
                                      name);
                goto done;
            }
        if ((src[j].col = design_column(t, name, "term", err)) < 0) {
            st = ICSTAT_EDATA;
            goto done;
        }
        const icstat_column *c = &t->cols[src[j].col];
        if ((st = all_missing_error(t, src[j].col, "a term", err)) != ICSTAT_OK)
            goto done;
        src[j].categorical = !c->is_numeric || in_list(spec->factors, spec->n_factors, name);
        /* Numbers written as text must not become categories unasked. */
        if (!c->is_numeric && !in_list(spec->factors, spec->n_factors, name) &&
            ((st = comma_number_error(t, c, ", or treat the column as categorical with "
                                            "--factor", err)) != ICSTAT_OK ||
             mostly_numeric(t, c))) {
            if (st == ICSTAT_OK)
                st = not_numeric_error(t, c, "; fix it, or treat the column as categorical "
                                             "with --factor", err);
            goto done;
        }
        if ((spec->outcome && strcmp(name, spec->outcome) == 0) ||
            (spec->group && strcmp(name, spec->group) == 0)) {
            st = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                  "'%s' cannot be both a term and the %s", name,
                                  strcmp(name, spec->group ? spec->group : "") == 0 ? "group"
                                                                                     : "outcome");
            goto done;
        }
    }
    for (size_t j = 0; j < spec->n_factors; j++)
        if (!in_list(spec->terms, spec->n_terms, spec->factors[j])) {
            st = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                  "--factor names '%s', which is not in --terms",
                                  spec->factors[j]);
            goto done;
        }
    if (spec->lag_previous) {
        src[nt - 1].col = -1;
        src[nt - 1].categorical = 1;
    }

    /* Rows with everything the model needs. */
    for (size_t i = 0; i < N; i++) {
        int ok = ycode[i] >= 0 && (gcol < 0 || t->cols[gcol].text[i]);
        for (size_t j = 0; j < spec->n_terms && ok; j++)
            ok = t->cols[src[j].col].text[i] != NULL;
        if (spec->lag_previous) {
            if (first[i]) {
                d->n_first += ok;
                ok = 0;
            }
            ok = ok && prev[i] >= 0;
        }
        use[i] = (unsigned char)ok;
        d->n_missing += !ok;
    }
    d->n_missing -= d->n_first;
    for (size_t i = 0; i < N; i++)
        d->n += use[i];
    if (d->n == 0) {
        st = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                              "no rows left: every row misses a value the model needs");
        goto done;
    }

    /* Outcome categories actually used. */
    if (!(d->cat_count = calloc(d->k ? d->k : 1, sizeof *d->cat_count))) {
        st = NOMEM();
        goto done;
    }
    for (size_t i = 0; i < N; i++)
        if (use[i])
            d->cat_count[ycode[i]]++;
    {
        size_t used = 0;
        for (size_t k = 0; k < d->k; k++)
            used += d->cat_count[k] > 0;
        if (used < 2) {
            size_t k0 = 0;
            while (k0 < d->k && !d->cat_count[k0])
                k0++;
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                  "outcome '%s' has one category ('%s') in all %zu rows used; "
                                  "a model needs at least two",
                                  d->outcome_name, d->cat_labels[k0], d->n);
            goto done;
        }
        /* Categories found in the data but only in dropped rows are left out
         * below; a category the user listed must be observed. */
        for (size_t k = 0; k < d->k && spec->categories; k++)
            if (!d->cat_count[k]) {
                st = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                      "outcome category '%s' is never observed in the %zu rows "
                                      "used, so its thresholds cannot be estimated; leave it out "
                                      "of --categories or merge it with a neighbour",
                                      d->cat_labels[k], d->n);
                goto done;
            }
    }

    /* Terms: levels and design columns. */
    if (!(d->terms = calloc(nt ? nt : 1, sizeof *d->terms))) {
        st = NOMEM();
        goto done;
    }
    d->n_terms = nt;
    size_t p = 0;
    for (size_t j = 0; j < nt; j++) {
        icstat_term *term = &d->terms[j];
        const int is_prev = src[j].col < 0;
        if (!(term->name = strdup(is_prev ? "previous" : spec->terms[j]))) {
            st = NOMEM();
            goto done;
        }
        term->categorical = src[j].categorical;
        term->first_col = p;
        if (!term->categorical) {
            const double *v = t->cols[src[j].col].num;
            double lo = INFINITY, hi = -INFINITY;
            for (size_t i = 0; i < N; i++)
                if (use[i]) {
                    lo = fmin(lo, v[i]);
                    hi = fmax(hi, v[i]);
                }
            if (fmax(fabs(lo), fabs(hi)) > 1e150) {
                st = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                      "term '%s' has values too large to compute with (up to "
                                      "%g); rescale it", term->name, fmax(fabs(lo), fabs(hi)));
                goto done;
            }
            if (lo == hi) {
                st = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                      "term '%s' has no variation: it is %g in all %zu rows used",
                                      term->name, lo, d->n);
                goto done;
            }
            term->ncols = 1;
            p += 1;
            continue;
        }
        icstat_factor *f = &src[j].f;
        if (is_prev) {
            /* Levels are the outcome categories seen as a previous judgement, in
             * the outcome's order (not alphabetical). */
            f->code = malloc((N ? N : 1) * sizeof *f->code);
            f->count = calloc(d->k, sizeof *f->count);
            f->levels = calloc(d->k, sizeof *f->levels);
            long *map = malloc(d->k * sizeof *map);
            if (!f->code || !f->count || !f->levels || !map) {
                free(map);
                st = NOMEM();
                goto done;
            }
            for (size_t i = 0; i < N; i++)
                if (use[i])
                    f->count[prev[i]]++;
            for (size_t k = 0; k < d->k; k++) {
                map[k] = f->count[k] ? (long)f->n_levels : -1;
                if (f->count[k]) {
                    f->count[f->n_levels] = f->count[k];
                    if (!(f->levels[f->n_levels++] = strdup(d->cat_labels[k]))) {
                        free(map);
                        st = NOMEM();
                        goto done;
                    }
                }
            }
            for (size_t i = 0; i < N; i++)
                f->code[i] = use[i] ? map[prev[i]] : -1;
            free(map);
        } else if ((st = icstat_factor_build(&t->cols[src[j].col], N, use, f, err)) !=
                   ICSTAT_OK) {
            goto done;
        } else if (icstat_factor_order_known(f) != 0) {
            /* A known scale's words in its order, the first the reference. */
            st = NOMEM();
            goto done;
        }
        if (f->n_levels < 2) {
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                  "term '%s' has no variation: it is '%s' in all %zu rows used",
                                  term->name, f->levels[0], d->n);
            goto done;
        }
        /* A level per two rows or fewer: most levels' effects would rest on
         * one or two rows, and the fit would cost p^3 for nothing (an id
         * column given as a term: a school's URN, an inspector's name).  A
         * handful of levels on a handful of rows costs nothing, and the
         * separation and collinearity checks then name the level at fault. */
        if (f->n_levels > 10 && 2 * f->n_levels > d->n) {
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                  "term '%s' has %zu levels among the %zu rows used, more than "
                                  "one level for every two rows, so most levels' effects cannot "
                                  "be estimated; merge its levels, or use it as --group (a "
                                  "random effect) if it identifies a group",
                                  term->name, f->n_levels, d->n);
            goto done;
        }
        term->n_levels = f->n_levels;
        term->levels = f->levels;
        f->levels = NULL;
        f->n_levels = 0;
        if ((st = apply_ref(term, spec, f->code, N, err)) != ICSTAT_OK)
            goto done;
        term->ncols = term->n_levels - 1;
        /* Many levels usually mean numbers written as text ("1,234"). */
        if (term->n_levels > 50 &&
            icstat_strlist_addf(&d->notes, &d->n_notes,
                                "term '%s' is categorical with %zu levels; if it holds numbers "
                                "written as text (thousands separators, units), fix the file",
                                term->name, term->n_levels) != 0) {
            st = NOMEM();
            goto done;
        }
        p += term->ncols;
    }
    for (size_t r = 0; r < spec->n_refs; r++) {
        int found = 0;
        for (size_t j = 0; j < nt && !found; j++) {
            size_t len = strlen(d->terms[j].name);
            found = d->terms[j].categorical && strncmp(spec->refs[r], d->terms[j].name, len) == 0 &&
                    spec->refs[r][len] == '=';
        }
        if (!found) {
            st = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                  "--ref '%s' does not name a categorical term as TERM=LEVEL",
                                  spec->refs[r]);
            goto done;
        }
    }
    d->p = p;

    /* Groups, and the order of rows: group by group, file order within, or
     * with --lag-previous time order within (seq), so that the sums of the
     * fit, and so its last digits, do not depend on the file's order. */
    order = malloc((d->n ? d->n : 1) * sizeof *order);
    if (!order) {
        st = NOMEM();
        goto done;
    }
    if (gcol >= 0) {
        if ((st = icstat_factor_build(&t->cols[gcol], N, use, &gf, err)) != ICSTAT_OK)
            goto done;
        if (!(d->group_name = strdup(spec->group)) ||
            !(d->group_start = calloc(gf.n_levels + 1, sizeof *d->group_start))) {
            st = NOMEM();
            goto done;
        }
        d->n_groups = gf.n_levels;
        d->group_labels = gf.levels;
        gf.levels = NULL;
        for (size_t g = 0; g < d->n_groups; g++)
            d->group_start[g + 1] = d->group_start[g] + gf.count[g];
        size_t *fill = malloc((d->n_groups ? d->n_groups : 1) * sizeof *fill);
        if (!fill) {
            st = NOMEM();
            goto done;
        }
        memcpy(fill, d->group_start, d->n_groups * sizeof *fill);
        const size_t nrows = spec->lag_previous ? nseq : N;
        for (size_t r = 0; r < nrows; r++) {
            const size_t i = spec->lag_previous ? seq[r] : r; /* every used row is in seq */
            if (use[i])
                order[fill[gf.code[i]]++] = i;
        }
        free(fill);
    } else {
        for (size_t i = 0, r = 0; i < N; i++)
            if (use[i])
                order[r++] = i;
    }

    d->y = malloc(d->n * sizeof *d->y);
    d->x = calloc(d->n * (p ? p : 1), sizeof *d->x);
    d->line = malloc(d->n * sizeof *d->line);
    d->col_names = calloc(p ? p : 1, sizeof *d->col_names);
    if (!d->y || !d->x || !d->line || !d->col_names) {
        st = NOMEM();
        goto done;
    }
    for (size_t j = 0; j < nt; j++) {
        const icstat_term *term = &d->terms[j];
        for (size_t c = 0; c < term->ncols; c++) {
            char buf[512];
            if (term->categorical)
                snprintf(buf, sizeof buf, "%s=%s", term->name, term->levels[c + 1]);
            else
                snprintf(buf, sizeof buf, "%s", term->name);
            if (!(d->col_names[term->first_col + c] = strdup(buf))) {
                st = NOMEM();
                goto done;
            }
        }
    }
    for (size_t r = 0; r < d->n; r++) {
        /* order has d->n entries, one per row kept (use[i]). */
        const size_t i = order[r]; /* NOLINT(clang-analyzer-core.uninitialized.Assign) */
        d->y[r] = (int)ycode[i];
        d->line[r] = t->line[i];
        double *xr = d->x + r * p;
        for (size_t j = 0; j < nt; j++) {
            const icstat_term *term = &d->terms[j];
            if (!term->categorical)
                xr[term->first_col] = t->cols[src[j].col].num[i];
            else if (src[j].f.code[i] > 0)
                xr[term->first_col + (size_t)src[j].f.code[i] - 1] = 1.0;
        }
    }

    /* Categories seen only in dropped rows are no categories of the model;
     * the reader is told, since the thresholds then skip them. */
    {
        size_t kept = 0;
        long *map = malloc(d->k * sizeof *map);
        if (!map) {
            st = NOMEM();
            goto done;
        }
        for (size_t k = 0; k < d->k; k++)
            if (!d->cat_count[k] &&
                icstat_strlist_addf(&d->notes, &d->n_notes,
                                    "outcome category '%s' occurs only in rows dropped for a "
                                    "missing value, so the model leaves it out",
                                    d->cat_labels[k]) != 0) {
                free(map);
                st = NOMEM();
                goto done;
            }
        for (size_t k = 0; k < d->k; k++) {
            map[k] = d->cat_count[k] ? (long)kept : -1;
            if (d->cat_count[k]) {
                d->cat_count[kept] = d->cat_count[k];
                d->cat_labels[kept++] = d->cat_labels[k];
            } else {
                free(d->cat_labels[k]);
            }
        }
        for (size_t r = 0; r < d->n; r++)
            d->y[r] = (int)map[d->y[r]];
        d->k = kept;
        free(map);
    }

    /* Inspector characteristics: constant within every group. */
    for (size_t j = 0; j < nt && d->n_groups; j++) {
        icstat_term *term = &d->terms[j];
        int constant = 1;
        for (size_t g = 0; g < d->n_groups && constant; g++)
            for (size_t r = d->group_start[g] + 1; r < d->group_start[g + 1] && constant; r++)
                for (size_t c = term->first_col; c < term->first_col + term->ncols; c++)
                    if (d->x[r * p + c] != d->x[d->group_start[g] * p + c])
                        constant = 0;
        term->group_level = constant;
    }

    if ((st = check_collinear(d, t, err)) != ICSTAT_OK)
        goto done;

    if (d->n_missing &&
        icstat_strlist_addf(&d->notes, &d->n_notes, "%zu of %zu rows dropped for a missing value in a column the model uses",
                    d->n_missing, N) != 0) {
        st = NOMEM();
        goto done;
    }
    if (d->n_first &&
        icstat_strlist_addf(&d->notes, &d->n_notes, "%zu rows dropped as each %s's first inspection in date order (no "
                       "previous judgement)", d->n_first, spec->group) != 0) {
        st = NOMEM();
        goto done;
    }
    if (d->n_groups) {
        size_t single = 0;
        for (size_t g = 0; g < d->n_groups; g++)
            single += d->group_start[g + 1] - d->group_start[g] == 1;
        if (single && icstat_strlist_addf(&d->notes, &d->n_notes, "%zu of %zu groups ('%s') have a single row; they add "
                                     "little to the estimate of the %s variance",
                                  single, d->n_groups, spec->group, spec->group) != 0) {
            st = NOMEM();
            goto done;
        }
    }

done:
    for (size_t j = 0; src && j < nt; j++)
        icstat_factor_clear(&src[j].f);
    free(src);
    icstat_factor_clear(&gf);
    free(order);
    free(ycode);
    free(prev);
    free(first);
    free(seq);
    free(use);
    if (st != ICSTAT_OK) {
        icstat_design_free(d);
        return st;
    }
    *out = d;
    return ICSTAT_OK;
}
