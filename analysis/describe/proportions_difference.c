/* proportions_difference.c — a figure derived from two published ones
 * (describe --proportions --difference NEW=WHOLE-PART): a paper gives
 * "Requires improvement or Inadequate" and "Inadequate", and the chart
 * needs "Requires improvement", their difference.  icstat derives it, so
 * that no script does the arithmetic and the derivation is in the table's
 * notes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/describe.h"
#include "icstat/proportion.h"
#include "icstat/zero.h"

/* The index of the row labelled `label` in group `group` (NULL: no
 * groups), or -1. */
static long find_row(const icstat_proportions *p, const char *label, size_t llen,
                     const char *group)
{
    for (size_t i = 0; i < p->n; i++)
        if (strlen(p->labels[i]) == llen && strncmp(p->labels[i], label, llen) == 0 &&
            (!group || strcmp(p->groups[i], group) == 0))
            return (long)i;
    return -1;
}

/* expr "WHOLE-PART" split at the one '-' that leaves two labels p has:
 * *cut the index of that '-'.  ICSTAT_EDATA when none or several do. */
static int split_expr(const icstat_proportions *p, const char *expr, const char *what,
                      size_t *cut, icstat_error *err)
{
    size_t found = 0;
    for (const char *d = strchr(expr, '-'); d; d = strchr(d + 1, '-')) {
        const size_t k = (size_t)(d - expr);
        if (find_row(p, expr, k, NULL) >= 0 && find_row(p, d + 1, strlen(d + 1), NULL) >= 0) {
            *cut = k;
            found++;
        }
    }
    if (found == 1)
        return ICSTAT_OK;
    return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                            found ? "%s '%s': more than one way to read it as WHOLE-PART"
                                  : "%s '%s': not two of the file's labels joined by '-' "
                                    "(WHOLE-PART)",
                            what, expr);
}

/* Room for one more row at index `at`, the rows from there on moved down
 * one.  Every array is grown first and only then are rows moved, so that
 * running out of memory leaves p as it was (with spare room): -1. */
static int insert_row(icstat_proportions *p, size_t at)
{
    const size_t n = p->n, m = n + 1;
    void **arrays[] = {(void **)&p->labels, (void **)&p->derived, (void **)&p->groups,
                       (void **)&p->count,  (void **)&p->total,   (void **)&p->given,
                       (void **)&p->percent, (void **)&p->ci_low, (void **)&p->ci_high,
                       (void **)&p->base,   (void **)&p->line};
    const size_t size[] = {sizeof *p->labels, sizeof *p->derived, sizeof *p->groups,
                           sizeof *p->count,  sizeof *p->total,   sizeof *p->given,
                           sizeof *p->percent, sizeof *p->ci_low, sizeof *p->ci_high,
                           sizeof *p->base,   sizeof *p->line};
    const size_t na = sizeof size / sizeof *size;
    for (size_t k = 0; k < na; k++) {
        if (!*arrays[k])
            continue; /* groups: none */
        void *q = realloc(*arrays[k], m * size[k]);
        if (!q)
            return -1;
        *arrays[k] = q;
    }
    for (size_t k = 0; k < na; k++)
        if (*arrays[k])
            memmove((char *)*arrays[k] + (at + 1) * size[k], (char *)*arrays[k] + at * size[k],
                    (n - at) * size[k]);
    p->labels[at] = NULL;
    p->derived[at] = NULL;
    if (p->groups)
        p->groups[at] = NULL;
    p->n = m;
    return 0;
}

/* The numbers of row `at` from rows w (WHOLE) and q (PART), as
 * icstat_proportions_difference says.  ICSTAT_EDATA when their bases
 * differ or the difference is below 0. */
static int difference_numbers(icstat_proportions *p, size_t at, size_t w, size_t q,
                              double conf, const char *what, const char *name, icstat_error *err)
{
    const int none = p->base[w] == ICSTAT_BASE_NONE;
    if (none != (p->base[q] == ICSTAT_BASE_NONE) || (!none && p->total[w] != p->total[q]))
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "%s %s: '%s' and '%s' have different bases; a difference "
                                "needs the same base", what, name, p->labels[w], p->labels[q]);
    const double d = none ? icstat_zero_snap(p->given[w] - p->given[q], 100.0)
                          : p->count[w] - p->count[q];
    if (d < 0)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "%s %s: '%s' is less than '%s'%s%s", what, name, p->labels[w],
                                p->labels[q], p->groups ? " in group " : "",
                                p->groups ? p->groups[w] : "");
    p->given[at] = p->from_percent ? icstat_zero_snap(p->given[w] - p->given[q], 100.0) : NAN;
    p->line[at] = p->line[q];
    if (none) {
        p->base[at] = ICSTAT_BASE_NONE;
        p->count[at] = p->total[at] = p->ci_low[at] = p->ci_high[at] = NAN;
        p->percent[at] = d;
        return ICSTAT_OK;
    }
    p->base[at] = p->base[w] == ICSTAT_BASE_AT_LEAST || p->base[q] == ICSTAT_BASE_AT_LEAST
                      ? ICSTAT_BASE_AT_LEAST
                      : ICSTAT_BASE_EXACT;
    p->count[at] = d;
    p->total[at] = p->total[w];
    double lo, hi;
    p->percent[at] = 100.0 * icstat_prop_wilson(d, p->total[at], conf, &lo, &hi);
    p->ci_low[at] = 100.0 * lo;
    p->ci_high[at] = 100.0 * hi;
    return ICSTAT_OK;
}

/* The new row of one group (NULL: no groups): found, checked, inserted
 * after the later of WHOLE and PART and filled in. */
static int difference_in_group(icstat_proportions *p, const char *name, const char *expr,
                               size_t cut, const char *group, double conf, const char *what,
                               icstat_error *err)
{
    const long w = find_row(p, expr, cut, group), q = find_row(p, expr + cut + 1,
                                                               strlen(expr + cut + 1), group);
    if (w < 0 || q < 0)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0, "%s %s=%s: group '%s' has no "
                                "figure '%.*s'", what, name, expr, group,
                                (int)(w < 0 ? cut : strlen(expr + cut + 1)),
                                w < 0 ? expr : expr + cut + 1);
    if (find_row(p, name, strlen(name), group) >= 0)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0, "%s %s=%s: %s'%s' is a label of "
                                "the file already", what, name, expr,
                                group ? "in its group, " : "", name);
    const size_t at = (size_t)(w > q ? w : q) + 1;
    char text[512];
    snprintf(text, sizeof text, "%.*s minus %s", (int)cut, expr, expr + cut + 1);
    if (insert_row(p, at) != 0 || !(p->labels[at] = strdup(name)) ||
        !(p->derived[at] = strdup(text)) ||
        (group && !(p->groups[at] = strdup(group))))
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    /* w and q are before `at`: inserting did not move them */
    return difference_numbers(p, at, (size_t)w, (size_t)q, conf, what, name, err);
}

int icstat_proportions_difference(icstat_proportions *p, const char *name, const char *expr,
                                  double conf, const char *what, icstat_error *err)
{
    size_t cut = 0;
    int st = split_expr(p, expr, what, &cut, err);
    if (st != ICSTAT_OK || !p->groups)
        return st != ICSTAT_OK ? st : difference_in_group(p, name, expr, cut, NULL, conf, what, err);
    /* Each group once, in the order of its first row; the rows inserted
     * for earlier groups are skipped (their label is `name`). */
    for (size_t i = 0; st == ICSTAT_OK && i < p->n; i++) {
        int first = strcmp(p->labels[i], name) != 0;
        for (size_t j = 0; first && j < i; j++)
            first = strcmp(p->groups[j], p->groups[i]) != 0;
        if (first) {
            char *group = strdup(p->groups[i]);
            st = group ? difference_in_group(p, name, expr, cut, group, conf, what, err)
                       : icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            free(group);
        }
    }
    return st;
}
