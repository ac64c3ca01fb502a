/* ratings_subset.c — the ratings of some units by some raters, with the
 * categories of the whole: what `agree --by` computes per level and
 * `--paired` per set of raters. */
#include <stdlib.h>
#include <string.h>

#include "icstat/ratings.h"

/* A copy of n strings into *dst (n slots); 0, or -1 when out of memory
 * (what was copied stays for icstat_ratings_free). */
static int copy_strings(char ***dst, char *const *src, const size_t *pick, size_t n)
{
    if (!(*dst = calloc(n ? n : 1, sizeof **dst)))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!((*dst)[i] = strdup(src[pick ? pick[i] : i])))
            return -1;
    return 0;
}

/* The categories of r, copied whole into s. */
static int copy_categories(icstat_ratings *s, const icstat_ratings *r)
{
    const size_t q = r->n_cat;
    s->n_cat = q;
    if (copy_strings(&s->cat_labels, r->cat_labels, NULL, q) != 0 ||
        !(s->cat_values = malloc((q ? q : 1) * sizeof *s->cat_values)))
        return -1;
    memcpy(s->cat_values, r->cat_values, q * sizeof *s->cat_values);
    s->cat_numeric = r->cat_numeric;
    s->cat_ordered = r->cat_ordered;
    s->cat_scale = r->cat_scale;
    s->cat_ranks_of_numbers = r->cat_ranks_of_numbers;
    s->case_twin[0] = r->case_twin[0];
    s->case_twin[1] = r->case_twin[1];
    return 0;
}

/* The kept raters' ratings of the kept units, dropping (and counting) a
 * unit none of them rated. */
static int copy_cells(icstat_ratings *s, const icstat_ratings *r, const size_t *units,
                      size_t n_units, const size_t *raters, size_t nr)
{
    if (!(s->cat = malloc((n_units * nr + 1) * sizeof *s->cat)) ||
        !(s->unit_ids = calloc(n_units ? n_units : 1, sizeof *s->unit_ids)))
        return -1;
    for (size_t i = 0; i < n_units; i++) {
        int *row = s->cat + s->n_units * nr;
        size_t rated = 0;
        for (size_t j = 0; j < nr; j++) {
            row[j] = r->cat[units[i] * r->n_raters + raters[j]];
            rated += row[j] >= 0;
        }
        if (!rated) {
            s->units_empty++;
            continue;
        }
        if (!(s->unit_ids[s->n_units] = strdup(r->unit_ids[units[i]])))
            return -1;
        s->n_units++;
    }
    return 0;
}

int icstat_ratings_subset(const icstat_ratings *r, const size_t *units, size_t n_units,
                          const size_t *raters, size_t n_raters, const char *what,
                          icstat_ratings **out, icstat_error *err)
{
    *out = NULL;
    icstat_ratings *s = calloc(1, sizeof *s);
    if (!s)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    s->n_raters = n_raters;
    s->case_twin[0] = s->case_twin[1] = -1;
    if (copy_strings(&s->rater_names, r->rater_names, raters, n_raters) != 0 ||
        copy_categories(s, r) != 0 || copy_cells(s, r, units, n_units, raters, n_raters) != 0) {
        icstat_ratings_free(s);
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    if (s->n_units == 0) {
        icstat_ratings_free(s);
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0, "%s: no ratings", what);
    }
    *out = s;
    return ICSTAT_OK;
}
