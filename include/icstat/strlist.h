/* strlist.h — a growable array of owned strings, for the notes and
 * warnings that engines and results carry. */
#ifndef ICSTAT_STRLIST_H
#define ICSTAT_STRLIST_H

#include <stdarg.h>
#include <stddef.h>

/* Append a printf-formatted copy (at most 1023 bytes) to items[0..*n-1];
 * 0, or -1 when out of memory (the list is unchanged). */
int icstat_strlist_addf(char ***items, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int icstat_strlist_vaddf(char ***items, size_t *n, const char *fmt, va_list ap);

/* Free every item and the array; *items NULL and *n 0 afterwards. */
void icstat_strlist_free(char ***items, size_t *n);

/* Free a NULL-ended array of owned strings (the lists a comma-separated
 * option is split into) and the array itself; NULL is allowed. */
void icstat_strv_free(char **v);

#endif
