/* strmap.h — strings to dense indices 0, 1, 2, ... in first-seen order.
 *
 * An open-addressing hash table used to intern category labels, unit ids
 * and rater names, so building ratings stays linear in the input.  Keys are
 * copied; lookups are by exact bytes. */
#ifndef ICSTAT_STRMAP_H
#define ICSTAT_STRMAP_H

#include <stddef.h>

typedef struct icstat_strmap icstat_strmap;

icstat_strmap *icstat_strmap_alloc(void);
void icstat_strmap_free(icstat_strmap *m);

/* Index of key, adding it if new (*added set to 1 then).  -1 when out of memory. */
long icstat_strmap_intern(icstat_strmap *m, const char *key, int *added);

/* Index of key, or -1 when absent. */
long icstat_strmap_find(const icstat_strmap *m, const char *key);

size_t icstat_strmap_size(const icstat_strmap *m);

/* The key with index i (i < size). */
const char *icstat_strmap_key(const icstat_strmap *m, size_t i);

#endif
