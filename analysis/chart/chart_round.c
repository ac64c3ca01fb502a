/* chart_round.c — percentages shown in a chart's cells that add up to
 * 100: the largest-remainder (Hamilton) method (chart_internal.h).
 *
 * Why: each cell rounded on its own (printf's "%.0f", which rounds a half
 * to even) gives cells that visibly do not add up (12.5% -> 12% beside
 * 7.5% -> 8%), and a reader who adds them distrusts the chart.  Hamilton's
 * method floors every share, then gives the points left over, one each,
 * to the cells whose remainders are largest (Balinski & Young, "Fair
 * Representation", 2nd ed., 2001, ch. 2).  Counts are whole numbers, so
 * every floor and remainder is computed exactly as integers held in
 * doubles (below 2^53): no tie is decided by rounding noise. */
#include <math.h>
#include <stdlib.h>

#include "chart_internal.h"

/* Cell i before cell j in the order the leftover points go: the larger
 * remainder first; on a tie, the larger count, then reading order. */
static int before(const double *count, const double *rem, size_t i, size_t j)
{
    if (rem[i] != rem[j])
        return rem[i] > rem[j];
    if (count[i] != count[j])
        return count[i] > count[j];
    return i < j;
}

int chart_round_shares(const double *count, size_t n, double total, double unit, double *out,
                       int *split)
{
    double *rem = malloc((n ? n : 1) * sizeof *rem);
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!rem || !order) {
        free(rem);
        free(order);
        return -1;
    }
    double given = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double scaled = unit * count[i]; /* exact: whole numbers below 2^53 */
        out[i] = floor(scaled / total);
        rem[i] = scaled - out[i] * total; /* 0 <= rem < total, exact */
        if (rem[i] >= total) { /* the division rounded down one too few */
            out[i] += 1.0;
            rem[i] -= total;
        } else if (rem[i] < 0.0) {
            out[i] -= 1.0;
            rem[i] += total;
        }
        given += out[i];
        order[i] = i;
    }
    /* An insertion sort: a table has at most 30 x 30 cells. */
    for (size_t k = 1; k < n; k++) {
        const size_t x = order[k];
        size_t m = k;
        for (; m > 0 && before(count, rem, x, order[m - 1]); m--)
            order[m] = order[m - 1];
        order[m] = x;
    }
    size_t left = given < unit ? (size_t)(unit - given) : 0;
    if (left > n)
        left = n;
    for (size_t k = 0; k < left; k++)
        out[order[k]] += 1.0;
    /* Equal counts that the last point told apart: one got it, one not. */
    *split = 0;
    if (left > 0 && left < n) {
        const size_t last = order[left - 1], next = order[left];
        *split = count[last] == count[next] && rem[last] > 0.0;
    }
    free(rem);
    free(order);
    return 0;
}
