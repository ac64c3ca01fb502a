/* proportions_difference.c — figures derived from published ones
 * (describe --proportions --difference NEW=WHOLE-PART and --sum
 * NEW=A+B+...): a paper gives "Requires improvement or Inadequate" and
 * "Inadequate", and the chart needs "Requires improvement", their
 * difference; a report says what a group's published shares add up to.
 * icstat derives them, so that no script does the arithmetic and the
 * derivation is in the table's notes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/describe.h"
#include "icstat/proportion.h"
#include "icstat/zero.h"

#define MAX_TERMS 32

/* A derivation: its terms (offsets and lengths in expr), each added
 * (sign +1) or taken away (-1). */
typedef struct {
    const char *name, *expr, *what;
    char op;                     /* '-' or '+' */
    size_t n, at[MAX_TERMS], len[MAX_TERMS];
    double conf;
} combination;

/* The index of the row labelled `label` (llen bytes) in group `group`
 * (NULL: any group), or -1. */
static long find_row(const icstat_proportions *p, const char *label, size_t llen,
                     const char *group)
{
    for (size_t i = 0; i < p->n; i++)
        if (strlen(p->labels[i]) == llen && strncmp(p->labels[i], label, llen) == 0 &&
            (!group || strcmp(p->groups[i], group) == 0))
            return (long)i;
    return -1;
}

/* The ways to read expr from offset `from` as labels of p joined by c->op
 * (at most 2 terms for '-', MAX_TERMS for '+'): how many (counting to 2),
 * the first one's terms from index k on in c. */
static size_t segmentations(const icstat_proportions *p, combination *c, size_t from, size_t k)
{
    const size_t end = strlen(c->expr), max = c->op == '-' ? 2 : MAX_TERMS;
    size_t ways = 0;
    for (size_t cut = from + 1; cut <= end && ways < 2 && k < max; cut++) {
        if (cut < end && c->expr[cut] != c->op)
            continue;
        if (find_row(p, c->expr + from, cut - from, NULL) < 0)
            continue;
        const size_t before = ways;
        if (cut == end)
            ways += k + 1 >= 2; /* a derivation has two terms at least */
        else
            ways += segmentations(p, c, cut + 1, k + 1);
        if (ways > before && before == 0) {
            c->at[k] = from;
            c->len[k] = cut - from;
            if (cut == end)
                c->n = k + 1;
        }
    }
    return ways;
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

/* The numbers of row `at` from the rows row[0..c->n) of its terms:
 * without bases the percents as given combined, with one base the counts
 * and their Wilson interval.  ICSTAT_EDATA when the bases differ or the
 * result is below 0 (or, for counts, above the base). */
static int combined_numbers(icstat_proportions *p, size_t at, const size_t *row,
                            const combination *c, icstat_error *err)
{
    const size_t r0 = row[0];
    const int none = p->base[r0] == ICSTAT_BASE_NONE;
    double given = 0.0, count = 0.0;
    int at_least = 0;
    for (size_t k = 0; k < c->n; k++) {
        const size_t r = row[k];
        const double sign = k > 0 && c->op == '-' ? -1.0 : 1.0;
        if (none != (p->base[r] == ICSTAT_BASE_NONE) || (!none && p->total[r] != p->total[r0]))
            return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                    "%s %s: '%s' and '%s' have different bases; a %s needs the "
                                    "same base", c->what, c->name, p->labels[r0], p->labels[r],
                                    c->op == '-' ? "difference" : "sum");
        given += sign * p->given[r];
        count += sign * p->count[r];
        at_least |= p->base[r] == ICSTAT_BASE_AT_LEAST;
    }
    given = icstat_zero_snap(given, 100.0);
    const double v = none ? given : count;
    if (v < 0 || (!none && v > p->total[r0]))
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0, "%s %s: %s%s%s comes to %s", c->what,
                                c->name, c->expr, p->groups ? " in group " : "",
                                p->groups ? p->groups[r0] : "",
                                v < 0 ? "less than 0" : "more than its base");
    p->given[at] = p->from_percent ? given : NAN;
    p->line[at] = p->line[row[c->n - 1]];
    if (none) {
        p->base[at] = ICSTAT_BASE_NONE;
        p->count[at] = p->total[at] = p->ci_low[at] = p->ci_high[at] = NAN;
        p->percent[at] = v;
        return ICSTAT_OK;
    }
    p->base[at] = at_least ? ICSTAT_BASE_AT_LEAST : ICSTAT_BASE_EXACT;
    p->count[at] = v;
    p->total[at] = p->total[r0];
    double lo, hi;
    p->percent[at] = 100.0 * icstat_prop_wilson(v, p->total[at], c->conf, &lo, &hi);
    p->ci_low[at] = 100.0 * lo;
    p->ci_high[at] = 100.0 * hi;
    return ICSTAT_OK;
}

/* How the row was made, for its note: "A minus B", "A plus B plus C". */
static void derivation_text(const combination *c, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < c->n && used < len; k++) {
        const int w = snprintf(buf + used, len - used, "%s%.*s",
                               k == 0 ? "" : c->op == '-' ? " minus " : " plus ",
                               (int)c->len[k], c->expr + c->at[k]);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* The new row of one group (NULL: no groups): found, checked, inserted
 * after the last of its terms and filled in. */
static int combine_in_group(icstat_proportions *p, const combination *c, const char *group,
                            icstat_error *err)
{
    size_t row[MAX_TERMS] = {0}, last = 0;
    for (size_t k = 0; k < c->n; k++) {
        const long r = find_row(p, c->expr + c->at[k], c->len[k], group);
        if (r < 0)
            return icstat_error_set(err, ICSTAT_EDATA, NULL, 0, "%s %s=%s: group '%s' has no "
                                    "figure '%.*s'", c->what, c->name, c->expr, group,
                                    (int)c->len[k], c->expr + c->at[k]);
        row[k] = (size_t)r;
        last = row[k] > last ? row[k] : last;
    }
    if (find_row(p, c->name, strlen(c->name), group) >= 0)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0, "%s %s=%s: %s'%s' is a label of "
                                "the file already", c->what, c->name, c->expr,
                                group ? "in its group, " : "", c->name);
    const size_t at = last + 1; /* the terms are before it: inserting moves none */
    char text[512];
    derivation_text(c, text, sizeof text);
    if (insert_row(p, at) != 0 || !(p->labels[at] = strdup(c->name)) ||
        !(p->derived[at] = strdup(text)) || (group && !(p->groups[at] = strdup(group))))
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    return combined_numbers(p, at, row, c, err);
}

/* The derivation c in every group (or once, without groups). */
static int combine(icstat_proportions *p, combination *c, icstat_error *err)
{
    const size_t ways = segmentations(p, c, 0, 0);
    if (ways != 1)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                ways ? "%s '%s': more than one way to read it as %s"
                                     : "%s '%s': not %s of the file's labels joined by '%c' (%s)",
                                c->what, c->expr, ways ? (c->op == '-' ? "WHOLE-PART" : "A+B+...")
                                                       : (c->op == '-' ? "two" : "two or more"),
                                c->op, c->op == '-' ? "WHOLE-PART" : "A+B+...");
    if (!p->groups)
        return combine_in_group(p, c, NULL, err);
    /* Each group once, in the order of its first row; the rows inserted
     * for earlier groups are skipped (their label is the new one). */
    int st = ICSTAT_OK;
    for (size_t i = 0; st == ICSTAT_OK && i < p->n; i++) {
        int first = strcmp(p->labels[i], c->name) != 0;
        for (size_t j = 0; first && j < i; j++)
            first = strcmp(p->groups[j], p->groups[i]) != 0;
        if (first) {
            char *group = strdup(p->groups[i]);
            st = group ? combine_in_group(p, c, group, err)
                       : icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            free(group);
        }
    }
    return st;
}

int icstat_proportions_difference(icstat_proportions *p, const char *name, const char *expr,
                                  double conf, const char *what, icstat_error *err)
{
    combination c = {.name = name, .expr = expr, .what = what, .op = '-', .conf = conf};
    return combine(p, &c, err);
}

int icstat_proportions_sum(icstat_proportions *p, const char *name, const char *expr,
                           double conf, const char *what, icstat_error *err)
{
    combination c = {.name = name, .expr = expr, .what = what, .op = '+', .conf = conf};
    return combine(p, &c, err);
}
