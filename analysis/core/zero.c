/* zero.c — a difference that is zero but for rounding is 0 (zero.h). */
#include <math.h>

#include "icstat/zero.h"

double icstat_zero_snap(double x, double scale)
{
    return fabs(x) < ICSTAT_ZERO_TOL * scale ? 0.0 : x;
}
