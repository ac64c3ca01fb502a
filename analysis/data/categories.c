/* categories.c — refusing category lists that name a value twice (see
 * categories.h).  Values are hashed, so a long list costs linear time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/categories.h"
#include "icstat/factor.h"
#include "icstat/strmap.h"
#include "icstat/table.h"

typedef struct {
    char *text;  /* the value as written (trimmed) */
    size_t cat;  /* the category it is in */
} part;

/* The hash key of a value: a number by its value ("2" and "2.0" alike,
 * marked so that it cannot meet a text), anything else by its text. */
static char *value_key(const char *text)
{
    double v;
    if (!icstat_parse_double(text, &v))
        return strdup(text);
    char buf[40];
    snprintf(buf, sizeof buf, "\x01%.17g", v == 0.0 ? 0.0 : v); /* -0 is 0 */
    return strdup(buf);
}

static int report(const part *a, const part *b, const char *const *cats, const char *what,
                  icstat_error *err)
{
    char in[ICSTAT_ERROR_MSG_MAX / 2] = "";
    if (a->cat == b->cat)
        snprintf(in, sizeof in, " (in '%s')", cats[a->cat]);
    else if (strchr(cats[a->cat], '+') || strchr(cats[b->cat], '+'))
        snprintf(in, sizeof in, " (in '%s' and '%s')", cats[a->cat], cats[b->cat]);
    const char *at = a->text ? a->text : ""; /* never NULL (static analysers cannot tell) */
    if (strcmp(at, b->text) == 0)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "%s lists '%s' twice%s", what,
                                b->text, in);
    return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                            "%s lists '%s' and '%s', the same number%s", what, at, b->text, in);
}

int icstat_categories_check(const char *const *cats, size_t n, int merge, const char *what,
                            icstat_error *err)
{
    size_t cap = 0;
    for (size_t k = 0; k < n; k++) {
        cap++;
        for (const char *p = cats[k]; merge && *p; p++)
            cap += *p == '+';
    }
    part *parts = calloc(cap ? cap : 1, sizeof *parts);
    icstat_strmap *seen = icstat_strmap_alloc();
    int st = parts && seen ? ICSTAT_OK
                           : icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    size_t np = 0;
    for (size_t k = 0; k < n && st == ICSTAT_OK; k++) {
        for (const char *p = cats[k];;) {
            const char *plus = merge ? strchr(p, '+') : NULL;
            const size_t len = plus ? (size_t)(plus - p) : strlen(p);
            char *raw = strndup(p, len), *text = raw ? icstat_trimmed_copy(raw) : NULL;
            free(raw);
            if (text && !text[0] && merge && strchr(cats[k], '+')) {
                free(text);
                st = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                      "%s has '%s', which merges an empty value with '+'",
                                      what, cats[k]);
                break;
            }
            char *key = text ? value_key(text) : NULL;
            int added = 0;
            const long i = key ? icstat_strmap_intern(seen, key, &added) : -1;
            free(key);
            if (i < 0) {
                free(text);
                st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
                break;
            }
            if (!added && (size_t)i < np) { /* index i is parts[i]: one part per key */
                const part dup = {text, k};
                st = report(&parts[i], &dup, cats, what, err);
                free(text);
                break;
            }
            parts[np++] = (part){text, k}; /* np == i: a new key's index */
            if (!plus)
                break;
            p = plus + 1;
        }
    }
    for (size_t i = 0; i < np; i++)
        free(parts[i].text);
    free(parts);
    icstat_strmap_free(seen);
    return st;
}
