/* agree_range.c — the smallest and largest Cohen's kappa over the 2 x 2
 * tables with a given number of agreements (agree_range.h).
 *
 * Why a few candidates suffice.  Write n = units, a = agreed, d = n - a,
 * x = n11, b = n12 (so n22 = a - x, n21 = d - b).  The first rater's first
 * total is r1 = x + b, the second's c1 = x + d - b, and
 *   P = n^2 pe = r1 c1 + (n - r1)(n - c1) = 2x^2 - 2ax + (-2b^2 + 2bd + na)
 * (expand and use d = n - a).  With a < n, kappa = (an - P) / (n^2 - P)
 * falls as P rises, so the largest kappa is the smallest P and the
 * smallest kappa the largest P.  P is a convex parabola in x with its
 * vertex at a/2 whatever b is, and a concave one in b with its vertex at
 * d/2 whatever x is: P is smallest at x = floor(a/2) or ceil(a/2) with b
 * = 0 or d, and largest at x = 0 or a with b = floor(d/2) or ceil(d/2).
 * Every table reaching an extreme is one of these, so comparing them in
 * the enumeration's order (b, then x, ascending; a strictly better one
 * replaces) gives the same table a full enumeration would.  With a = n
 * every table with a kappa has kappa 1. */
#include <stdint.h>

#include "icstat/agree_range.h"

/* Fill t with the table (x, b) of n units with a agreeing, P in *p. */
static void range_table(uint64_t n, uint64_t a, uint64_t x, uint64_t b, icstat_kappa_table *t,
                        uint64_t *p)
{
    const uint64_t d = n - a, r1 = x + b, c1 = x + (d - b);
    *p = r1 * c1 + (n - r1) * (n - c1);
    t->n11 = (size_t)x;
    t->n12 = (size_t)b;
    t->n21 = (size_t)(d - b);
    t->n22 = (size_t)(a - x);
    const double nn = (double)n * (double)n;
    t->pa = (double)a / (double)n;
    t->pe = (double)*p / nn;
    t->kappa = ((double)a * (double)n - (double)*p) / (nn - (double)*p);
}

/* Every (b, x) in the candidate lists, in ascending order of b then x:
 * the least P into *hi (largest kappa) and the greatest into *lo. */
static void range_candidates(uint64_t n, uint64_t a, icstat_kappa_table *lo,
                             icstat_kappa_table *hi)
{
    const uint64_t d = n - a;
    const uint64_t bs[4] = {0, d / 2, (d + 1) / 2, d}, xs[4] = {0, a / 2, (a + 1) / 2, a};
    uint64_t pmin = UINT64_MAX, pmax = 0;
    int have = 0;
    for (int i = 0; i < 4; i++) {
        if (i > 0 && bs[i] == bs[i - 1])
            continue;
        for (int j = 0; j < 4; j++) {
            if (j > 0 && xs[j] == xs[j - 1])
                continue;
            icstat_kappa_table t;
            uint64_t p;
            range_table(n, a, xs[j], bs[i], &t, &p);
            if (!have || p < pmin) {
                pmin = p;
                *hi = t;
            }
            if (!have || p > pmax) {
                pmax = p;
                *lo = t;
            }
            have = 1;
        }
    }
}

/* Every unit agreeing: only the tables with every rating in one category
 * (n11 = 0 or n) have no kappa, every other has kappa 1; the first of
 * them is n11 = 1. */
static int range_all_agree(size_t units, icstat_kappa_table *lo, icstat_kappa_table *hi,
                           icstat_error *err)
{
    if (units < 2)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "1 unit agreeing of 1: no 2 x 2 table has a kappa (its chance "
                                "agreement is 1)");
    uint64_t p;
    range_table(units, units, 1, 0, lo, &p);
    *hi = *lo;
    return ICSTAT_OK;
}

int icstat_kappa_range(size_t agreed, size_t units, icstat_kappa_table *lo,
                       icstat_kappa_table *hi, icstat_error *err)
{
    if (units == 0 || units > ICSTAT_KAPPA_RANGE_MAX_UNITS)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "the number of units must be from 1 to %lu (got %zu)",
                                ICSTAT_KAPPA_RANGE_MAX_UNITS, units);
    if (agreed > units)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "%zu agreements cannot be more than the %zu units", agreed,
                                units);
    if (agreed == units)
        return range_all_agree(units, lo, hi, err);
    const uint64_t n = units, a = agreed;
    range_candidates(n, a, lo, hi);
    return ICSTAT_OK;
}
