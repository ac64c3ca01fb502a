/* factor.c — distinct values of a column as sorted levels. */
#include <stdlib.h>
#include <string.h>

#include "icstat/factor.h"
#include "icstat/strmap.h"

char *icstat_trimmed_copy(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *out = malloc(n + 1);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

void icstat_factor_clear(icstat_factor *f)
{
    for (size_t i = 0; f->levels && i < f->n_levels; i++)
        free(f->levels[i]);
    free(f->levels);
    free(f->values);
    free(f->code);
    free(f->count);
    memset(f, 0, sizeof *f);
}

typedef struct {
    const char *text; /* trimmed label */
    double value;
    size_t seen;      /* index in first-seen order */
} level_key;

static int cmp_value(const void *a, const void *b)
{
    const level_key *x = a, *y = b;
    if (x->value != y->value)
        return (x->value > y->value) - (x->value < y->value);
    return (x->seen > y->seen) - (x->seen < y->seen);
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(((const level_key *)a)->text, ((const level_key *)b)->text);
}

/* Position of label in col's own level order; n_levels when absent. */
static size_t level_index(const icstat_column *col, const char *label)
{
    size_t k = 0;
    while (k < col->n_levels && strcmp(col->levels[k], label) != 0)
        k++;
    return k;
}

int icstat_factor_build(const icstat_column *col, size_t nrow, const unsigned char *use,
                        icstat_factor *f, icstat_error *err)
{
    memset(f, 0, sizeof *f);
    icstat_strmap *seen = icstat_strmap_alloc();
    long *seen_of_row = malloc((nrow ? nrow : 1) * sizeof *seen_of_row);
    level_key *keys = NULL;
    size_t *level_of_seen = NULL;
    if (!seen || !seen_of_row)
        goto nomem;
    for (size_t i = 0; i < nrow; i++) {
        seen_of_row[i] = -1;
        if ((use && !use[i]) || !col->text[i])
            continue;
        char *label = icstat_trimmed_copy(col->text[i]);
        if (!label)
            goto nomem;
        int added;
        seen_of_row[i] = icstat_strmap_intern(seen, label, &added);
        free(label);
        if (seen_of_row[i] < 0)
            goto nomem;
    }
    const size_t m = icstat_strmap_size(seen);
    keys = malloc((m ? m : 1) * sizeof *keys);
    level_of_seen = malloc((m ? m : 1) * sizeof *level_of_seen);
    if (!keys || !level_of_seen)
        goto nomem;
    int numeric = 1, ordered = col->levels != NULL;
    for (size_t s = 0; s < m; s++) {
        keys[s] = (level_key){icstat_strmap_key(seen, s), 0.0, s};
        if (numeric && !icstat_parse_double(keys[s].text, &keys[s].value))
            numeric = 0;
    }
    /* A band's levels (derive.h) keep their own order: "under 100" before
     * "100-249", not after "1000 or more".  A value outside the list
     * cannot happen for a band; should it, the usual sort is kept. */
    for (size_t s = 0; ordered && s < m; s++)
        ordered = level_index(col, keys[s].text) < col->n_levels;
    if (ordered) {
        numeric = 0;
        for (size_t s = 0; s < m; s++)
            keys[s].value = (double)level_index(col, keys[s].text);
    }
    qsort(keys, m, sizeof *keys, ordered || numeric ? cmp_value : cmp_text);
    /* Equal numbers written differently ("1", "1.0") are one level, named
     * by the text seen first. */
    size_t q = 0;
    f->levels = calloc(m ? m : 1, sizeof *f->levels);
    f->values = numeric ? malloc((m ? m : 1) * sizeof *f->values) : NULL;
    if (!f->levels || (numeric && !f->values))
        goto nomem;
    for (size_t s = 0; s < m; s++) {
        if (!(numeric && q > 0 && keys[s].value == f->values[q - 1])) {
            if (!(f->levels[q] = strdup(keys[s].text)))
                goto nomem;
            if (numeric)
                f->values[q] = keys[s].value;
            f->n_levels = ++q; /* so that nomem: frees the levels made */
        }
        level_of_seen[keys[s].seen] = q - 1;
    }
    f->code = malloc((nrow ? nrow : 1) * sizeof *f->code);
    f->count = calloc(q ? q : 1, sizeof *f->count);
    if (!f->code || !f->count)
        goto nomem;
    f->n_rows = nrow;
    for (size_t i = 0; i < nrow; i++) {
        f->code[i] = seen_of_row[i] < 0 ? -1 : (long)level_of_seen[seen_of_row[i]];
        if (f->code[i] >= 0)
            f->count[f->code[i]]++;
    }
    icstat_strmap_free(seen);
    free(seen_of_row);
    free(keys);
    free(level_of_seen);
    return ICSTAT_OK;
nomem:
    icstat_strmap_free(seen);
    free(seen_of_row);
    free(keys);
    free(level_of_seen);
    icstat_factor_clear(f);
    return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
}

long icstat_factor_find(const icstat_factor *f, const char *label)
{
    char *t = icstat_trimmed_copy(label);
    if (!t)
        return -1;
    long found = -1;
    double v;
    for (size_t k = 0; k < f->n_levels && found < 0; k++)
        if (strcmp(f->levels[k], t) == 0)
            found = (long)k;
    const long j = found < 0 && f->scale ? icstat_scale_find(f->scale, t, NULL) : -1;
    if (j >= 0) { /* a scale's levels have its codes as values */
        v = (double)(j + 1);
        for (size_t k = 0; k < f->n_levels && found < 0; k++)
            if (f->values[k] == v)
                found = (long)k;
    } else if (found < 0 && f->values && icstat_parse_double(t, &v))
        for (size_t k = 0; k < f->n_levels && found < 0; k++)
            if (f->values[k] == v)
                found = (long)k;
    free(t);
    return found;
}

int icstat_factor_scale(icstat_factor *f, const icstat_scale *s, int all, size_t *bad)
{
    const size_t m = f->n_levels, k = s->k;
    long *map = malloc((m ? m : 1) * sizeof *map);
    long *to = malloc(k * sizeof *to);
    unsigned char *seen = calloc(k, 1), *plain = calloc(k, 1);
    char **levels = calloc(k, sizeof *levels);
    double *values = malloc(k * sizeof *values);
    size_t *count = calloc(k, sizeof *count);
    int st = map && to && seen && plain && levels && values && count ? 0 : -1;
    for (size_t l = 0; st == 0 && l < m; l++) {
        int former;
        if ((map[l] = icstat_scale_find(s, f->levels[l], &former)) < 0) {
            *bad = l;
            st = 1;
            break;
        }
        seen[map[l]] = 1;
        plain[map[l]] |= (unsigned char)!former;
    }
    size_t q = 0;
    for (size_t j = 0; st == 0 && j < k; j++) {
        to[j] = all || seen[j] ? (long)q : -1;
        if (to[j] < 0)
            continue;
        values[q] = (double)(j + 1);
        if (!(levels[q++] = strdup(icstat_scale_label(s, j, seen[j] && !plain[j]))))
            st = -1;
    }
    if (st == 0) {
        for (size_t l = 0; l < m; l++)
            count[to[map[l]]] += f->count[l];
        for (size_t l = 0; l < m; l++)
            map[l] = to[map[l]];
        /* Recoded in place, past the last step that can fail. */
        for (size_t i = 0; i < f->n_rows; i++)
            if (f->code[i] >= 0)
                f->code[i] = map[f->code[i]];
        for (size_t l = 0; l < m; l++)
            free(f->levels[l]);
        free(f->levels);
        free(f->values);
        free(f->count);
        f->levels = levels;
        f->values = values;
        f->count = count;
        f->n_levels = q;
        f->scale = s;
        levels = NULL;
        values = NULL;
        count = NULL;
    }
    for (size_t j = 0; levels && j < k; j++)
        free(levels[j]);
    free(levels);
    free(values);
    free(count);
    free(map);
    free(to);
    free(seen);
    free(plain);
    return st;
}

int icstat_factor_order_known(icstat_factor *f)
{
    const icstat_scale *s = icstat_scale_detect((const char *const *)f->levels, f->n_levels);
    size_t bad;
    return s && icstat_factor_scale(f, s, 0, &bad) < 0 ? -1 : 0;
}
