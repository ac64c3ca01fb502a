/* ratings.c — build the unit x rater matrix of category indices from a table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/categories.h"
#include "icstat/factor.h"
#include "icstat/ratings.h"
#include "icstat/strmap.h"
#include "icstat/sort.h"

void icstat_ratings_free(icstat_ratings *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->unit_ids && i < r->n_units; i++)
        free(r->unit_ids[i]);
    for (size_t j = 0; r->rater_names && j < r->n_raters; j++)
        free(r->rater_names[j]);
    for (size_t k = 0; r->cat_labels && k < r->n_cat; k++)
        free(r->cat_labels[k]);
    free(r->unit_ids);
    free(r->rater_names);
    free(r->cat_labels);
    free(r->cat_values);
    free(r->cat);
    free(r);
}

static long ratings_column(const icstat_table *t, const char *name, const char *what,
                           icstat_error *err)
{
    long c = icstat_table_find(t, name);
    if (c < 0)
        icstat_error_set(err, ICSTAT_EDATA, t->path, 1, "no %s column '%s' in the header",
                         what, name);
    return c;
}

/* Per cell: the rating text (NULL = missing) and the line it came from. */
typedef struct {
    const char *text;
    long line;
    const char *column;
} cell_ref;

/* The ratings seen, for categories that the caller did not fix: collected
 * from the data (`seen`, first-seen order) and sorted here. */
typedef struct {
    icstat_strmap *seen;  /* distinct rating texts */
    long *seen_cat;       /* seen index -> category index */
} category_set;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Turn the distinct texts in cs->seen into sorted categories in r. */
static int categories_from_seen(category_set *cs, icstat_ratings *r, icstat_error *err)
{
    size_t m = icstat_strmap_size(cs->seen);
    int numeric = 1;
    double *val = malloc((m ? m : 1) * sizeof *val);
    cs->seen_cat = malloc((m ? m : 1) * sizeof *cs->seen_cat);
    if (!val || !cs->seen_cat) {
        free(val);
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < m && numeric; i++)
        numeric = icstat_parse_double(icstat_strmap_key(cs->seen, i), &val[i]);

    /* Distinct values (numeric) or texts, sorted; "1" and "1.0" are one category. */
    double *uval = NULL;
    const char **utext = NULL;
    size_t q = 0;
    if (numeric) {
        uval = malloc((m ? m : 1) * sizeof *uval);
        if (!uval)
            goto nomem;
        memcpy(uval, val, m * sizeof *uval);
        qsort(uval, m, sizeof *uval, icstat_cmp_double);
        for (size_t i = 0; i < m; i++)
            if (q == 0 || uval[i] != uval[q - 1])
                uval[q++] = uval[i];
    } else {
        utext = malloc((m ? m : 1) * sizeof *utext);
        if (!utext)
            goto nomem;
        for (size_t i = 0; i < m; i++)
            utext[i] = icstat_strmap_key(cs->seen, i);
        qsort(utext, m, sizeof *utext, cmp_str);
        q = m;
    }
    r->n_cat = q;
    r->cat_numeric = numeric;
    r->cat_ordered = numeric;
    r->cat_labels = calloc(q ? q : 1, sizeof *r->cat_labels);
    r->cat_values = malloc((q ? q : 1) * sizeof *r->cat_values);
    if (!r->cat_labels || !r->cat_values)
        goto nomem;
    for (size_t i = 0; i < m; i++) {
        /* Binary search for this text's category. */
        size_t lo = 0, hi = q;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            int before = numeric ? val[i] < uval[mid]
                                 : strcmp(icstat_strmap_key(cs->seen, i), utext[mid]) < 0;
            if (before)
                hi = mid;
            else
                lo = mid;
        }
        cs->seen_cat[i] = (long)lo;
    }
    for (size_t k = 0; k < q; k++)
        r->cat_values[k] = numeric ? uval[k] : (double)(k + 1);
    /* Label each category by the first text seen for it. */
    for (size_t i = 0; i < m; i++) {
        long k = cs->seen_cat[i];
        if (!r->cat_labels[k] && !(r->cat_labels[k] = strdup(icstat_strmap_key(cs->seen, i))))
            goto nomem;
    }
    free(val);
    free(uval);
    free(utext);
    return ICSTAT_OK;
nomem:
    free(val);
    free(uval);
    free(utext);
    return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
}

/* Categories of scale s: each distinct rating text in cs->seen is one of
 * its words or codes (else an error naming the first cell with it, the
 * texts being those of cells[0..n)); the categories are all of the
 * scale's with `all`, else those rated, in the scale's order, valued by
 * their codes and labelled with its words. */
static int categories_from_scale(category_set *cs, icstat_ratings *r, const icstat_scale *s,
                                 int all, const cell_ref *cells, size_t n, const char *path,
                                 icstat_error *err)
{
    const size_t m = icstat_strmap_size(cs->seen), k = s->k;
    unsigned char *seen = calloc(k, 1), *plain = calloc(k, 1);
    long *to = calloc(k, sizeof *to);
    cs->seen_cat = calloc(m ? m : 1, sizeof *cs->seen_cat);
    int st = seen && plain && to && cs->seen_cat
                 ? ICSTAT_OK
                 : icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; st == ICSTAT_OK && i < m; i++) {
        const char *text = icstat_strmap_key(cs->seen, i);
        int former;
        const long j = icstat_scale_find(s, text, &former);
        if (j < 0) {
            size_t c = 0; /* the first cell with this text (there is one) */
            while (c + 1 < n && !(cells[c].text && strcmp(cells[c].text, text) == 0))
                c++;
            st = icstat_scale_value_error(err, path, cells[c].line, cells[c].column, text, s);
            break;
        }
        cs->seen_cat[i] = j;
        seen[j] = 1;
        plain[j] |= (unsigned char)!former;
    }
    size_t q = 0;
    for (size_t j = 0; j < k && st == ICSTAT_OK; j++)
        to[j] = all || seen[j] ? (long)q++ : -1;
    if (st == ICSTAT_OK) {
        r->n_cat = q;
        r->cat_numeric = 0;
        r->cat_ordered = 1;
        r->cat_scale = s;
        r->cat_labels = calloc(q ? q : 1, sizeof *r->cat_labels);
        r->cat_values = malloc((q ? q : 1) * sizeof *r->cat_values);
        if (!r->cat_labels || !r->cat_values)
            st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t j = 0; j < k && st == ICSTAT_OK; j++) {
        if (to[j] < 0)
            continue;
        r->cat_values[to[j]] = (double)(j + 1);
        if (!(r->cat_labels[to[j]] = strdup(icstat_scale_label(s, j, seen[j] && !plain[j]))))
            st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < m && st == ICSTAT_OK; i++)
        cs->seen_cat[i] = to[cs->seen_cat[i]];
    free(seen);
    free(plain);
    free(to);
    return st;
}

/* The known scale every distinct rating is a word of, or NULL (and
 * *nomem when that could not be told). */
static const icstat_scale *scale_of_seen(const category_set *cs, int *nomem)
{
    const size_t m = icstat_strmap_size(cs->seen);
    const char **text = malloc((m ? m : 1) * sizeof *text);
    *nomem = !text;
    if (!text)
        return NULL;
    for (size_t i = 0; i < m; i++)
        text[i] = icstat_strmap_key(cs->seen, i);
    const icstat_scale *s = icstat_scale_detect(text, m);
    free(text);
    return s;
}

/* Fixed categories from the caller: labels in the given order. */
static int categories_fixed(const icstat_ratings_spec *spec, icstat_ratings *r,
                            icstat_error *err)
{
    size_t q = spec->n_categories;
    int st = icstat_categories_check(spec->categories, q, 0, "--categories", err);
    if (st != ICSTAT_OK)
        return st;
    r->n_cat = q;
    r->cat_labels = calloc(q ? q : 1, sizeof *r->cat_labels);
    r->cat_values = malloc((q ? q : 1) * sizeof *r->cat_values);
    if (!r->cat_labels || !r->cat_values)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    int numeric = 1;
    for (size_t k = 0; k < q; k++) {
        if (!(r->cat_labels[k] = strdup(spec->categories[k])))
            return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        if (numeric && !icstat_parse_double(spec->categories[k], &r->cat_values[k]))
            numeric = 0;
    }
    /* Numeric categories keep their values for the weights only when given
     * in increasing order; otherwise the given order is the scale (ranks). */
    for (size_t k = 1; numeric && k < q; k++)
        if (!(r->cat_values[k] > r->cat_values[k - 1]))
            numeric = 0;
    r->cat_numeric = numeric;
    r->cat_ordered = 1;
    if (!numeric)
        for (size_t k = 0; k < q; k++)
            r->cat_values[k] = (double)(k + 1);
    return ICSTAT_OK;
}

/* Category index of a rating under fixed categories: exact text first,
 * then numeric equality when both are numbers ("2.0" matches "2"). */
static long fixed_category(const icstat_ratings *r, const icstat_strmap *labels,
                           const char *text)
{
    long k = icstat_strmap_find(labels, text);
    double v;
    if (k >= 0 || !r->cat_numeric || !icstat_parse_double(text, &v))
        return k;
    for (size_t c = 0; c < r->n_cat; c++)
        if (r->cat_values[c] == v)
            return (long)c;
    return -1;
}

/* Wide format: one row per unit.  A unit on two rows would be counted as
 * two units (its ratings double counted), and one without an id cannot be
 * checked, so both are errors naming the lines.  Ids compare trimmed. */
static int unit_rows_once(const icstat_table *t, long unit_col, int named, icstat_error *err)
{
    const icstat_column *uc = &t->cols[unit_col];
    char ex[ICSTAT_EXCERPT_SIZE];
    char n[48];
    snprintf(n, sizeof n, t->nrow == 1 ? "the one row" : "all %zu rows", t->nrow);
    if (uc->n_missing == t->nrow)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                "column '%s' (the unit) has no value: it is empty (or NA, N/A, "
                                ".) in %s; name the unit column with --unit COL", uc->name, n);
    icstat_strmap *ids = icstat_strmap_alloc();
    long *line = malloc((t->nrow ? t->nrow : 1) * sizeof *line);
    int st = ids && line ? ICSTAT_OK
                         : icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; st == ICSTAT_OK && i < t->nrow; i++) {
        if (!uc->text[i]) {
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                  "column '%s' (the unit) is empty; every row needs its "
                                  "unit's id", uc->name);
            break;
        }
        char *id = icstat_trimmed_copy(uc->text[i]);
        int added = 0;
        long k = id ? icstat_strmap_intern(ids, id, &added) : -1;
        if (k < 0)
            st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        else if (!added)
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                  "unit '%s' (column '%s') is on lines %ld and %ld: in wide "
                                  "format each unit (school) is one row; merge the rows, or "
                                  "give one row per rating with --long UNIT,RATER,RATING%s",
                                  icstat_value_excerpt(id, ex, sizeof ex), uc->name,
                                  line[k], t->line[i],
                                  named ? "" : " (the unit column is the first unless --unit "
                                               "names another)");
        else
            line[k] = t->line[i];
        free(id);
    }
    icstat_strmap_free(ids);
    free(line);
    return st;
}

/* Without --categories, ratings such as "3,5" or "1,234" would become
 * text categories sorted as text, which the weights would then misread:
 * name the first one instead.  (--categories cannot hold them either: it
 * is split at commas.) */
static int no_comma_numbers(const icstat_strmap *seen, const cell_ref *cells, size_t n,
                            const char *path, icstat_error *err)
{
    int any = 0;
    for (size_t k = 0; k < icstat_strmap_size(seen) && !any; k++)
        any = icstat_is_comma_number(icstat_strmap_key(seen, k));
    for (size_t i = 0; any && i < n; i++)
        if (cells[i].text && icstat_is_comma_number(cells[i].text)) {
            char ex[ICSTAT_EXCERPT_SIZE];
            return icstat_error_set(err, ICSTAT_EDATA, path, cells[i].line,
                                    "column '%s' has value '%s' that is not a number (a "
                                    "thousands separator or a decimal comma?); "
                                    ICSTAT_COMMA_NUMBER_FIX,
                                    cells[i].column,
                                    icstat_value_excerpt(cells[i].text, ex, sizeof ex));
        }
    return ICSTAT_OK;
}

int icstat_ratings_from_table(const icstat_table *t, const icstat_ratings_spec *spec,
                              icstat_ratings **out, icstat_error *err)
{
    *out = NULL;
    int status = ICSTAT_OK;
    icstat_ratings *r = calloc(1, sizeof *r);
    icstat_strmap *units = NULL, *raters = NULL, *labels = NULL, *names = NULL;
    unsigned char *taken = NULL;
    category_set cs = {0};
    cell_ref *cells = NULL;
    long *col = NULL;
    size_t nu = 0, nr = 0;
    if (!r || !(cs.seen = icstat_strmap_alloc()))
        goto nomem;
    if ((status = icstat_table_need_rows(t, err)) != ICSTAT_OK)
        goto done;

    int is_long = spec->long_unit && spec->long_rater && spec->long_rating;
    long unit_col = 0;
    if (is_long) {
        long cu = ratings_column(t, spec->long_unit, "unit", err);
        long cr = cu < 0 ? -1 : ratings_column(t, spec->long_rater, "rater", err);
        long cv = cr < 0 ? -1 : ratings_column(t, spec->long_rating, "rating", err);
        if (cv < 0) {
            status = ICSTAT_EDATA;
            goto done;
        }
        if (!(units = icstat_strmap_alloc()) || !(raters = icstat_strmap_alloc()))
            goto nomem;
        /* First pass: intern units and raters in first-seen order. */
        for (size_t i = 0; i < t->nrow; i++) {
            const char *u = t->cols[cu].text[i], *g = t->cols[cr].text[i];
            if (!u || !g) {
                const icstat_column *c = &t->cols[u ? cr : cu];
                char n[48];
                snprintf(n, sizeof n, t->nrow == 1 ? "the one row" : "all %zu rows", t->nrow);
                status = c->n_missing == t->nrow
                             ? icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                                "column '%s' (the %s) has no value: it is empty "
                                                "(or NA, N/A, .) in %s", c->name,
                                                u ? "rater" : "unit", n)
                             : icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                                "column '%s' (the %s) is empty; with --long "
                                                "every row needs its unit and rater",
                                                c->name, u ? "rater" : "unit");
                goto done;
            }
            if (icstat_strmap_intern(units, u, NULL) < 0 ||
                icstat_strmap_intern(raters, g, NULL) < 0)
                goto nomem;
        }
        nu = icstat_strmap_size(units);
        nr = icstat_strmap_size(raters);
        if (nr < 2) {
            status = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                      "agreement needs at least two raters; column '%s' names %zu",
                                      t->cols[cr].name, nr);
            goto done;
        }
        if (nu && nr > (size_t)-1 / sizeof *cells / nu)
            goto nomem;
        cells = calloc(nu * nr + 1, sizeof *cells);
        if (!cells)
            goto nomem;
        for (size_t i = 0; i < t->nrow; i++) {
            long u = icstat_strmap_find(units, t->cols[cu].text[i]);
            long g = icstat_strmap_find(raters, t->cols[cr].text[i]);
            cell_ref *c = &cells[(size_t)u * nr + (size_t)g];
            if (c->line) {
                status = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                          "unit '%s' is rated by '%s' twice (first on line %ld)",
                                          t->cols[cu].text[i], t->cols[cr].text[i], c->line);
                goto done;
            }
            c->text = t->cols[cv].text[i];
            c->line = t->line[i];
            c->column = t->cols[cv].name;
        }
    } else {
        if (spec->unit && (unit_col = ratings_column(t, spec->unit, "unit", err)) < 0) {
            status = ICSTAT_EDATA;
            goto done;
        }
        /* Every column but the unit's (no wrap-around for a table without columns). */
        nr = spec->raters ? spec->n_raters : t->ncol > 0 ? t->ncol - 1 : 0;
        col = malloc((nr ? nr : 1) * sizeof *col);
        if (!col)
            goto nomem;
        if (spec->raters) {
            /* Names looked up in a hash table and repeats found by column,
             * so a --raters list of 100,000 columns stays linear. */
            if (!(names = icstat_strmap_alloc()) || !(taken = calloc(t->ncol + 1, 1)))
                goto nomem;
            for (size_t c = 0; c < t->ncol; c++)
                if (icstat_strmap_intern(names, t->cols[c].name, NULL) < 0)
                    goto nomem;
            for (size_t j = 0; j < nr; j++) {
                if ((col[j] = icstat_strmap_find(names, spec->raters[j])) < 0 &&
                    (col[j] = ratings_column(t, spec->raters[j], "rater", err)) < 0) {
                    status = ICSTAT_EDATA;
                    goto done;
                }
                if (taken[col[j]]++) {
                    status = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                              "--raters names '%s' twice", spec->raters[j]);
                    goto done;
                }
                if (col[j] == unit_col) {
                    status = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                              "column '%s' is both the unit and a rater",
                                              spec->raters[j]);
                    goto done;
                }
            }
        } else {
            for (size_t c = 0, j = 0; c < t->ncol; c++)
                if ((long)c != unit_col)
                    col[j++] = (long)c;
        }
        if (nr < 2) {
            status = icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                      nr == 1 ? "agreement needs at least two rater columns; "
                                                "only '%s' was given"
                                              : "agreement needs at least two rater columns%s",
                                      nr == 1 ? t->cols[col[0]].name : "");
            goto done;
        }
        nu = t->nrow;
        if ((status = unit_rows_once(t, unit_col, spec->unit != NULL, err)) != ICSTAT_OK)
            goto done;
        if (nu && nr > (size_t)-1 / sizeof *cells / nu)
            goto nomem;
        cells = calloc(nu * nr + 1, sizeof *cells);
        if (!cells)
            goto nomem;
        for (size_t i = 0; i < nu; i++)
            for (size_t j = 0; j < nr; j++)
                cells[i * nr + j] = (cell_ref){t->cols[col[j]].text[i], t->line[i],
                                               t->cols[col[j]].name};
    }

    /* Categories: fixed by the caller, or the distinct ratings (as a known
     * scale orders them when they are its words, else sorted). */
    if (spec->categories) {
        if ((status = categories_fixed(spec, r, err)) != ICSTAT_OK)
            goto done;
        if (!(labels = icstat_strmap_alloc()))
            goto nomem;
        for (size_t k = 0; k < r->n_cat; k++)
            if (icstat_strmap_intern(labels, r->cat_labels[k], NULL) < 0)
                goto nomem;
    } else {
        for (size_t i = 0; i < nu * nr; i++)
            if (cells[i].text && icstat_strmap_intern(cs.seen, cells[i].text, NULL) < 0)
                goto nomem;
        if ((status = no_comma_numbers(cs.seen, cells, nu * nr, t->path, err)) != ICSTAT_OK)
            goto done;
        if (icstat_strmap_size(cs.seen) == 0) {
            status = icstat_error_set(err, ICSTAT_EDATA, t->path, t->nrow ? 0 : 1,
                                      t->nrow ? "no ratings: every rating is missing"
                                              : "the header has no data rows below it");
            goto done;
        }
        int nomem = 0;
        const icstat_scale *scale = spec->scale ? spec->scale : scale_of_seen(&cs, &nomem);
        if (nomem)
            goto nomem;
        status = scale ? categories_from_scale(&cs, r, scale, spec->scale != NULL, cells,
                                               nu * nr, t->path, err)
                       : categories_from_seen(&cs, r, err);
        if (status != ICSTAT_OK)
            goto done;
    }

    /* Fill the matrix, dropping units nobody rated. */
    r->cat = malloc((nu * nr + 1) * sizeof *r->cat);
    r->unit_ids = calloc(nu ? nu : 1, sizeof *r->unit_ids);
    r->rater_names = calloc(nr, sizeof *r->rater_names);
    if (!r->cat || !r->unit_ids || !r->rater_names)
        goto nomem;
    r->n_raters = nr;
    for (size_t j = 0; j < nr; j++) {
        const char *name = is_long ? icstat_strmap_key(raters, j) : t->cols[col[j]].name;
        if (!(r->rater_names[j] = strdup(name)))
            goto nomem;
    }
    size_t kept = 0;
    for (size_t i = 0; i < nu; i++) {
        size_t rated = 0;
        int *row = r->cat + kept * nr;
        for (size_t j = 0; j < nr; j++) {
            const cell_ref *c = &cells[i * nr + j];
            long k = -1;
            if (c->text) {
                k = spec->categories ? fixed_category(r, labels, c->text)
                                     : cs.seen_cat[icstat_strmap_find(cs.seen, c->text)];
                if (k < 0) {
                    char ex[ICSTAT_EXCERPT_SIZE];
                    status = icstat_error_set(err, ICSTAT_EDATA, t->path, c->line,
                                              "column '%s' has value '%s' that is not in "
                                              "--categories",
                                              c->column,
                                              icstat_value_excerpt(c->text, ex, sizeof ex));
                    goto done;
                }
                rated++;
            }
            row[j] = (int)k;
        }
        if (rated == 0) {
            r->units_empty++;
            continue;
        }
        const char *id = is_long ? icstat_strmap_key(units, i)
                                 : (t->cols[unit_col].text[i] ? t->cols[unit_col].text[i] : "");
        if (!(r->unit_ids[kept] = strdup(id)))
            goto nomem;
        kept++;
        r->n_units = kept;
    }
    if (kept == 0) {
        status = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                  "no ratings: every rating is missing");
        goto done;
    }
    goto done;

nomem:
    status = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
done:
    icstat_strmap_free(units);
    icstat_strmap_free(raters);
    icstat_strmap_free(labels);
    icstat_strmap_free(names);
    free(taken);
    icstat_strmap_free(cs.seen);
    free(cs.seen_cat);
    free(cells);
    free(col);
    if (status != ICSTAT_OK) {
        icstat_ratings_free(r);
        return status;
    }
    *out = r;
    return ICSTAT_OK;
}
