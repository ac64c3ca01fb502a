/* zero.h — a result that is zero but for rounding.
 *
 * A quantity computed as the difference of larger terms (a kappa:
 * agreement minus chance, over one minus chance) carries their rounding
 * error, of the order of n ulps of the terms' scale.  When the true value
 * is 0 (a model that explains nothing of the school has an implied kappa
 * of exactly 0) the computed one is a few 1e-16 either side, which text
 * shows as 0.0000 and csv as -6.3e-16: two answers, one of them a sign
 * that means nothing.  The code that computes such a difference passes it
 * through icstat_zero_snap, so that every format writes 0 (result.h: one
 * rule for all formats).  The tolerance, 1e-12 of the terms' scale, is
 * some 10^4 ulps: far above the rounding of sums over a million rows
 * (about 1e-16 * sqrt(n) to 1e-16 * n relative) and far below any value
 * reported to 4 decimals or read as a finding. */
#ifndef ICSTAT_ZERO_H
#define ICSTAT_ZERO_H

#define ICSTAT_ZERO_TOL 1e-12

/* 0 when |x| < ICSTAT_ZERO_TOL * scale (scale > 0: the magnitude of the
 * terms whose difference x is), else x; NaN stays NaN. */
double icstat_zero_snap(double x, double scale);

#endif
