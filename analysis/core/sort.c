/* sort.c — the qsort comparator for doubles (see sort.h). */
#include "icstat/sort.h"

int icstat_cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
