/* sort.h — the qsort comparator for doubles that every layer sorts with. */
#ifndef ICSTAT_SORT_H
#define ICSTAT_SORT_H

/* For qsort over doubles, increasing: -1, 0 or 1 (equal values, and a NaN
 * against anything, compare equal). */
int icstat_cmp_double(const void *a, const void *b);

#endif
