/* wald.h — the normal-theory pieces that intervals and tests share: the
 * critical value of a two-sided level and the Wald test's p-value. */
#ifndef ICSTAT_WALD_H
#define ICSTAT_WALD_H

/* z such that P(-z < Z < z) = conf for a standard normal Z: 1.959964 for
 * 0.95.  conf in (0, 1). */
double icstat_z_critical(double conf);

/* The two-sided p-value of the Wald test that the parameter is 0:
 * 2 P(Z > |est / se|), as the formula gives it: NaN for a NaN estimate or
 * se, 0 for se = 0 (callers that must not report a test there check se). */
double icstat_wald_p(double est, double se);

#endif
