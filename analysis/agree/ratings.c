/* ratings.c — build the unit x rater matrix of category indices from a table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agree_internal.h"
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

icstat_agree_names agree_names_or_plain(const icstat_agree_names *given)
{
    icstat_agree_names n = given ? *given : (icstat_agree_names){0};
    /* unit stays NULL when not given: the hints that would name it are left out */
    n.raters = n.raters ? n.raters : "the rater list";
    n.long_form = n.long_form ? n.long_form : "the long form";
    n.categories = n.categories ? n.categories : "the fixed categories";
    n.weights = n.weights ? n.weights : "weights";
    n.alpha_metric = n.alpha_metric ? n.alpha_metric : "alpha metric";
    n.icc = n.icc ? n.icc : "ICC";
    return n;
}

static int nomem(icstat_error *err)
{
    return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
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
                                 const char *what, icstat_error *err)
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
            st = icstat_scale_value_error(err, path, cells[c].line, cells[c].column, text, s,
                                          what);
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
static int categories_fixed(const icstat_ratings_spec *spec, const char *what,
                            icstat_ratings *r, icstat_error *err)
{
    size_t q = spec->n_categories;
    int st = icstat_categories_check(spec->categories, q, 0, what, err);
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
            numeric = 0, r->cat_ranks_of_numbers = 1;
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
 * checked, so both are errors naming the lines.  Ids compare trimmed.
 * `named`: the caller chose the unit column; nm: what to call the options. */
static int unit_rows_once(const icstat_table *t, long unit_col, int named,
                          const icstat_agree_names *nm, icstat_error *err)
{
    const icstat_column *uc = &t->cols[unit_col];
    char ex[ICSTAT_EXCERPT_SIZE];
    char n[48], hint[96] = "";
    snprintf(n, sizeof n, t->nrow == 1 ? "the one row" : "all %zu rows", t->nrow);
    if (uc->n_missing == t->nrow) {
        if (nm->unit)
            snprintf(hint, sizeof hint, "; name the unit column with %s COL", nm->unit);
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                "column '%s' (the unit) has no value: it is empty (or NA, N/A, "
                                ".) in %s%s", uc->name, n, hint);
    }
    if (!named && nm->unit)
        snprintf(hint, sizeof hint, " (the unit column is the first unless %s names another)",
                 nm->unit);
    else if (!named)
        snprintf(hint, sizeof hint, " (the unit column is the first)");
    icstat_strmap *ids = icstat_strmap_alloc();
    long *line = malloc((t->nrow ? t->nrow : 1) * sizeof *line);
    int st = ids && line ? ICSTAT_OK : nomem(err);
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
            st = nomem(err);
        else if (!added)
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                  "unit '%s' (column '%s') is on lines %ld and %ld: in wide "
                                  "format each unit (school) is one row; merge the rows, or "
                                  "give one row per rating with %s UNIT,RATER,RATING%s",
                                  icstat_value_excerpt(id, ex, sizeof ex), uc->name,
                                  line[k], t->line[i], nm->long_form, hint);
        else
            line[k] = t->line[i];
        free(id);
    }
    icstat_strmap_free(ids);
    free(line);
    return st;
}

/* Without fixed categories, ratings such as "3,5" or "1,234" would become
 * text categories sorted as text, which the weights would then misread:
 * name the first one instead.  (A command's list of categories cannot
 * hold them either: it is split at commas.) */
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

/* What the phases of icstat_ratings_from_table share. */
typedef struct {
    const icstat_table *t;
    const icstat_ratings_spec *spec;
    icstat_agree_names names; /* spec->names, plain words where it has none */
    icstat_ratings *r;        /* being built */
    int is_long;
    long unit_col;               /* wide: the unit column */
    long *col;                   /* wide: the nr rater columns */
    icstat_strmap *units, *raters; /* long: unit ids and raters, first seen first */
    size_t nu, nr;               /* units (rows, or ids) and raters */
    cell_ref *cells;             /* nu*nr: each rating as read (trimmed) */
    char **trimmed;              /* copies made by cells_trim, to free */
    size_t n_trimmed;
    icstat_strmap *labels;       /* fixed categories' labels */
    category_set *cs;            /* the ratings seen, when categories are not fixed */
} ratings_build;

static void ratings_build_free(ratings_build *b)
{
    icstat_strmap_free(b->units);
    icstat_strmap_free(b->raters);
    icstat_strmap_free(b->labels);
    icstat_strmap_free(b->cs->seen);
    free(b->cs->seen_cat);
    free(b->cells);
    free(b->col);
    for (size_t i = 0; i < b->n_trimmed; i++)
        free(b->trimmed[i]);
    free(b->trimmed);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* "Good " and "Good" are one rating: a trailing space is a typing slip,
 * never a category of its own (it split categories and halved agreement).
 * Cells with surrounding white space point to trimmed copies, counted. */
static int cells_trim(ratings_build *b, icstat_error *err)
{
    const size_t ncell = b->nu * b->nr;
    for (size_t i = 0; i < ncell; i++) {
        const char *s = b->cells[i].text;
        if (!s || !s[0] || (!is_space(s[0]) && !is_space(s[strlen(s) - 1])))
            continue;
        if (b->n_trimmed % 64 == 0) {
            char **more = realloc(b->trimmed, (b->n_trimmed + 64) * sizeof *more);
            if (!more)
                return nomem(err);
            b->trimmed = more;
        }
        char *c = icstat_trimmed_copy(s);
        if (!c)
            return nomem(err);
        b->trimmed[b->n_trimmed++] = c;
        b->cells[i].text = c;
    }
    b->r->n_trimmed = b->n_trimmed;
    return ICSTAT_OK;
}

/* The first two categories whose labels differ only in ASCII case
 * ("Good", "good"): kept apart (they may be meant apart), but named for a
 * note.  Rating scales only: the pairwise search is skipped beyond the
 * engine's limit on categories. */
static void case_twins(icstat_ratings *r)
{
    r->case_twin[0] = r->case_twin[1] = -1;
    if (r->n_cat > ICSTAT_AGREE_MAX_CATEGORIES)
        return;
    for (size_t k = 0; k < r->n_cat; k++)
        for (size_t l = k + 1; l < r->n_cat; l++) {
            const char *a = r->cat_labels[k], *c = r->cat_labels[l];
            while (*a && *c && (*a | 0x20) == (*c | 0x20) &&
                   (((*a | 0x20) >= 'a' && (*a | 0x20) <= 'z') || *a == *c))
                a++, c++;
            if (!*a && !*c) {
                r->case_twin[0] = (long)k;
                r->case_twin[1] = (long)l;
                return;
            }
        }
}

/* Room for nu*nr cells (one more, so that none is never NULL), or NULL
 * when out of memory or when the count overflows. */
static cell_ref *cells_alloc(size_t nu, size_t nr)
{
    if (nu && nr > (size_t)-1 / sizeof(cell_ref) / nu)
        return NULL;
    return calloc(nu * nr + 1, sizeof(cell_ref));
}

/* Long form, first pass: every row names its unit and rater (an empty one
 * is an error naming its line, or the column when it has no value at
 * all); intern both, first seen first. */
static int long_ids(ratings_build *b, long cu, long cr, icstat_error *err)
{
    const icstat_table *t = b->t;
    if (!(b->units = icstat_strmap_alloc()) || !(b->raters = icstat_strmap_alloc()))
        return nomem(err);
    for (size_t i = 0; i < t->nrow; i++) {
        const char *u = t->cols[cu].text[i], *g = t->cols[cr].text[i];
        if (!u || !g) {
            const icstat_column *c = &t->cols[u ? cr : cu];
            char n[48];
            snprintf(n, sizeof n, t->nrow == 1 ? "the one row" : "all %zu rows", t->nrow);
            return c->n_missing == t->nrow
                       ? icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                          "column '%s' (the %s) has no value: it is empty "
                                          "(or NA, N/A, .) in %s", c->name,
                                          u ? "rater" : "unit", n)
                       : icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                          "column '%s' (the %s) is empty; with %s every row "
                                          "needs its unit and rater",
                                          c->name, u ? "rater" : "unit", b->names.long_form);
        }
        if (icstat_strmap_intern(b->units, u, NULL) < 0 ||
            icstat_strmap_intern(b->raters, g, NULL) < 0)
            return nomem(err);
    }
    return ICSTAT_OK;
}

/* Long form: one row per rating.  The cells are (unit, rater) pairs, each
 * rated once at most (a second rating is an error naming both lines). */
static int long_cells(ratings_build *b, icstat_error *err)
{
    const icstat_table *t = b->t;
    const icstat_ratings_spec *spec = b->spec;
    long cu = ratings_column(t, spec->long_unit, "unit", err);
    long cr = cu < 0 ? -1 : ratings_column(t, spec->long_rater, "rater", err);
    long cv = cr < 0 ? -1 : ratings_column(t, spec->long_rating, "rating", err);
    if (cv < 0)
        return ICSTAT_EDATA;
    int st = long_ids(b, cu, cr, err);
    if (st != ICSTAT_OK)
        return st;
    b->nu = icstat_strmap_size(b->units);
    b->nr = icstat_strmap_size(b->raters);
    const size_t nr = b->nr;
    if (nr < 2)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                "agreement needs at least two raters; column '%s' names %zu",
                                t->cols[cr].name, nr);
    if (!(b->cells = cells_alloc(b->nu, nr)))
        return nomem(err);
    for (size_t i = 0; i < t->nrow; i++) {
        long u = icstat_strmap_find(b->units, t->cols[cu].text[i]);
        long g = icstat_strmap_find(b->raters, t->cols[cr].text[i]);
        cell_ref *c = &b->cells[(size_t)u * nr + (size_t)g];
        if (c->line)
            return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                    "unit '%s' is rated by '%s' twice (first on line %ld)",
                                    t->cols[cu].text[i], t->cols[cr].text[i], c->line);
        c->text = t->cols[cv].text[i];
        c->line = t->line[i];
        c->column = t->cols[cv].name;
    }
    return ICSTAT_OK;
}

/* Wide form: the rater columns the caller named, each once and none the
 * unit's.  Names are looked up in a hash table and repeats found by
 * column, so a list of 100,000 columns stays linear. */
static int named_rater_columns(ratings_build *b, icstat_error *err)
{
    const icstat_table *t = b->t;
    const icstat_ratings_spec *spec = b->spec;
    icstat_strmap *names = icstat_strmap_alloc();
    unsigned char *taken = calloc(t->ncol + 1, 1);
    int st = names && taken ? ICSTAT_OK : nomem(err);
    for (size_t c = 0; st == ICSTAT_OK && c < t->ncol; c++)
        if (icstat_strmap_intern(names, t->cols[c].name, NULL) < 0)
            st = nomem(err);
    for (size_t j = 0; st == ICSTAT_OK && j < b->nr; j++) {
        long *col = &b->col[j];
        if ((*col = icstat_strmap_find(names, spec->raters[j])) < 0 &&
            (*col = ratings_column(t, spec->raters[j], "rater", err)) < 0)
            st = ICSTAT_EDATA;
        /* Commands refuse a name given twice before reading the file. */
        else if (taken[*col]++)
            st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0, "%s names '%s' twice",
                                  b->names.raters, spec->raters[j]);
        /* A usage error, but one only the header tells when the unit
         * column is the first by default. */
        else if (*col == b->unit_col)
            st = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                  "column '%s' is both the unit and a rater", spec->raters[j]);
    }
    icstat_strmap_free(names);
    free(taken);
    return st;
}

/* Wide form: one row per unit, one column per rater (those named, or
 * every column but the unit's); at least two raters, each unit once. */
static int wide_cells(ratings_build *b, icstat_error *err)
{
    const icstat_table *t = b->t;
    const icstat_ratings_spec *spec = b->spec;
    if (spec->unit && (b->unit_col = ratings_column(t, spec->unit, "unit", err)) < 0)
        return ICSTAT_EDATA;
    /* Every column but the unit's (no wrap-around for a table without columns). */
    b->nr = spec->raters ? spec->n_raters : t->ncol > 0 ? t->ncol - 1 : 0;
    const size_t nr = b->nr;
    if (!(b->col = malloc((nr ? nr : 1) * sizeof *b->col)))
        return nomem(err);
    int st = ICSTAT_OK;
    if (spec->raters)
        st = named_rater_columns(b, err);
    else
        for (size_t c = 0, j = 0; c < t->ncol; c++)
            if ((long)c != b->unit_col)
                b->col[j++] = (long)c;
    if (st != ICSTAT_OK)
        return st;
    if (nr < 2)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                nr == 1 ? "agreement needs at least two rater columns; "
                                          "only '%s' was given"
                                        : "agreement needs at least two rater columns%s",
                                nr == 1 ? t->cols[b->col[0]].name : "");
    b->nu = t->nrow;
    if ((st = unit_rows_once(t, b->unit_col, spec->unit != NULL, &b->names, err)) != ICSTAT_OK)
        return st;
    if (!(b->cells = cells_alloc(b->nu, nr)))
        return nomem(err);
    for (size_t i = 0; i < b->nu; i++)
        for (size_t j = 0; j < nr; j++)
            b->cells[i * nr + j] =
                (cell_ref){t->cols[b->col[j]].text[i], t->line[i], t->cols[b->col[j]].name};
    return ICSTAT_OK;
}

/* Categories: fixed by the caller, or the distinct ratings (as a known
 * scale orders them when they are its words, else sorted). */
static int categories_choose(ratings_build *b, icstat_error *err)
{
    const icstat_ratings_spec *spec = b->spec;
    const size_t ncell = b->nu * b->nr;
    int st;
    if (spec->categories) {
        if ((st = categories_fixed(spec, b->names.categories, b->r, err)) != ICSTAT_OK)
            return st;
        if (!(b->labels = icstat_strmap_alloc()))
            return nomem(err);
        for (size_t k = 0; k < b->r->n_cat; k++)
            if (icstat_strmap_intern(b->labels, b->r->cat_labels[k], NULL) < 0)
                return nomem(err);
        return ICSTAT_OK;
    }
    for (size_t i = 0; i < ncell; i++)
        if (b->cells[i].text && icstat_strmap_intern(b->cs->seen, b->cells[i].text, NULL) < 0)
            return nomem(err);
    if ((st = no_comma_numbers(b->cs->seen, b->cells, ncell, b->t->path, err)) != ICSTAT_OK)
        return st;
    if (icstat_strmap_size(b->cs->seen) == 0)
        return icstat_error_set(err, ICSTAT_EDATA, b->t->path, b->t->nrow ? 0 : 1,
                                b->t->nrow ? "no ratings: every rating is missing"
                                           : "the header has no data rows below it");
    int no_room = 0;
    const icstat_scale *scale = spec->scale ? spec->scale : scale_of_seen(b->cs, &no_room);
    if (no_room)
        return nomem(err);
    return scale ? categories_from_scale(b->cs, b->r, scale, spec->scale != NULL, b->cells,
                                         ncell, b->t->path, spec->names ? spec->names->categories : NULL,
                                         err)
                 : categories_from_seen(b->cs, b->r, err);
}

/* The category of one rating; an error naming it when it is not among
 * fixed categories. */
static int cell_category(const ratings_build *b, const cell_ref *c, long *k, icstat_error *err)
{
    *k = b->spec->categories ? fixed_category(b->r, b->labels, c->text)
                             : b->cs->seen_cat[icstat_strmap_find(b->cs->seen, c->text)];
    if (*k >= 0)
        return ICSTAT_OK;
    char ex[ICSTAT_EXCERPT_SIZE];
    return icstat_error_set(err, ICSTAT_EDATA, b->t->path, c->line,
                            "column '%s' has value '%s' that is not in %s", c->column,
                            icstat_value_excerpt(c->text, ex, sizeof ex), b->names.categories);
}

/* Fill the unit x rater matrix of category indices, the unit ids and the
 * rater names, dropping units nobody rated (counted). */
static int matrix_fill(ratings_build *b, icstat_error *err)
{
    const icstat_table *t = b->t;
    icstat_ratings *r = b->r;
    const size_t nu = b->nu, nr = b->nr;
    r->cat = malloc((nu * nr + 1) * sizeof *r->cat);
    r->unit_ids = calloc(nu ? nu : 1, sizeof *r->unit_ids);
    r->rater_names = calloc(nr, sizeof *r->rater_names);
    if (!r->cat || !r->unit_ids || !r->rater_names)
        return nomem(err);
    r->n_raters = nr;
    for (size_t j = 0; j < nr; j++) {
        const char *name = b->is_long ? icstat_strmap_key(b->raters, j) : t->cols[b->col[j]].name;
        if (!(r->rater_names[j] = strdup(name)))
            return nomem(err);
    }
    size_t kept = 0;
    for (size_t i = 0; i < nu; i++) {
        size_t rated = 0;
        int *row = r->cat + kept * nr;
        for (size_t j = 0; j < nr; j++) {
            const cell_ref *c = &b->cells[i * nr + j];
            long k = -1;
            int st;
            if (c->text && (st = cell_category(b, c, &k, err)) != ICSTAT_OK)
                return st;
            rated += c->text != NULL;
            row[j] = (int)k;
        }
        if (rated == 0) {
            r->units_empty++;
            continue;
        }
        const char *id = b->is_long ? icstat_strmap_key(b->units, i)
                                    : (t->cols[b->unit_col].text[i] ? t->cols[b->unit_col].text[i]
                                                                    : "");
        if (!(r->unit_ids[kept] = strdup(id)))
            return nomem(err);
        r->n_units = ++kept;
    }
    if (kept == 0)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                "no ratings: every rating is missing");
    return ICSTAT_OK;
}

int icstat_ratings_from_table(const icstat_table *t, const icstat_ratings_spec *spec,
                              icstat_ratings **out, icstat_error *err)
{
    *out = NULL;
    /* cs apart from b: clang's analyzer loses b's other pointers when a
     * function is given the address of one of its members. */
    category_set cs = {0};
    ratings_build b = {.t = t, .spec = spec, .names = agree_names_or_plain(spec->names),
                       .cs = &cs};
    b.is_long = spec->long_unit && spec->long_rater && spec->long_rating;
    int st;
    if (!(b.r = calloc(1, sizeof *b.r)) || !(cs.seen = icstat_strmap_alloc()))
        st = nomem(err);
    else if ((st = icstat_table_need_rows(t, err)) == ICSTAT_OK &&
             (st = b.is_long ? long_cells(&b, err) : wide_cells(&b, err)) == ICSTAT_OK &&
             (st = cells_trim(&b, err)) == ICSTAT_OK &&
             (st = categories_choose(&b, err)) == ICSTAT_OK &&
             (st = matrix_fill(&b, err)) == ICSTAT_OK)
        case_twins(b.r);
    ratings_build_free(&b);
    if (st != ICSTAT_OK) {
        icstat_ratings_free(b.r);
        return st;
    }
    *out = b.r;
    return ICSTAT_OK;
}
