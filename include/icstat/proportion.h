/* proportion.h — intervals for one proportion and for comparing two.
 *
 * Counts are doubles so that any caller's counts pass through unchanged;
 * `conf` is the interval level in (0, 1).  Everything is on the
 * proportion scale (0 to 1).  Undefined results are NaN: a total n <= 0,
 * a count outside [0, n], a ratio with nothing to divide by. */
#ifndef ICSTAT_PROPORTION_H
#define ICSTAT_PROPORTION_H

/* x/n and the Wilson (1927) score interval, Newcombe's (1998a) method 3:
 * the interval of R's prop.test(x, n, correct = FALSE), with its lower
 * limit exactly 0 when x = 0 and its upper limit exactly 1 when x = n. */
double icstat_prop_wilson(double x, double n, double conf, double *lo, double *hi);

/* p1 - p2 and Newcombe's (1998b) hybrid score interval (method 10), built
 * from the two Wilson intervals (l1, u1) and (l2, u2):
 *     p1 - p2 - sqrt((p1 - l1)^2 + (u2 - p2)^2)
 *     p1 - p2 + sqrt((u1 - p1)^2 + (p2 - l2)^2)
 * Defined for every x1, x2, zero and full counts included. */
double icstat_prop_diff_newcombe(double x1, double n1, double x2, double n2, double conf,
                                 double *lo, double *hi);

/* p1 / p2 and the log-scale interval of Katz et al. (1978):
 *     exp(log(p1 / p2) -+ z sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2))
 * The ratio is NaN when x2 = 0 (and 0 when only x1 = 0); the interval is
 * NaN whenever x1 or x2 is 0, where the log scale has no variance. */
double icstat_prop_ratio_katz(double x1, double n1, double x2, double n2, double conf,
                              double *lo, double *hi);

#endif
