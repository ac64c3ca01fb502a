/* strlist.c — a growable array of owned strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/strlist.h"

int icstat_strlist_vaddf(char ***items, size_t *n, const char *fmt, va_list ap)
{
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    char *copy = strdup(buf);
    char **grown = copy ? realloc(*items, (*n + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(copy);
        return -1;
    }
    grown[(*n)++] = copy;
    *items = grown;
    return 0;
}

int icstat_strlist_addf(char ***items, size_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int st = icstat_strlist_vaddf(items, n, fmt, ap);
    va_end(ap);
    return st;
}

void icstat_strlist_free(char ***items, size_t *n)
{
    for (size_t i = 0; *items && i < *n; i++)
        free((*items)[i]);
    free(*items);
    *items = NULL;
    *n = 0;
}

void icstat_strv_free(char **v)
{
    for (char **p = v; p && *p; p++)
        free(*p);
    free(v);
}
