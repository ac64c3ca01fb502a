/* ofsted_map.c — "COL=HEADER,..." values naming the header a canonical
 * column is read from (a command's --map).
 *
 * Ofsted's headers hold commas ("Personal development, behaviour and
 * welfare"), so a comma only starts a new pair when a canonical column's
 * name and '=' follow it; any other comma is part of the header. */
#include <string.h>

#include "icstat/ofsted.h"

/* The canonical column that s starts with when '=' follows it (spaces
 * allowed around it), or -1. */
static long pair_start(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz_");
    const char *eq = s + n;
    while (*eq == ' ' || *eq == '\t')
        eq++;
    if (n == 0 || *eq != '=' || n >= 64)
        return -1;
    char name[64];
    memcpy(name, s, n);
    name[n] = '\0';
    return icstat_ofsted_column_lookup(name);
}

static char *trim_inplace(char *b, char *e)
{
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    *e = '\0';
    return b;
}

int icstat_ofsted_map_parse(char *buf, icstat_ofsted_options *opt, const char **bad)
{
    char *p = buf;
    for (;;) {
        char *end = p;
        while ((end = strchr(end, ',')) && pair_start(end + 1) < 0)
            end++;
        const int last = !end;
        if (last)
            end = p + strlen(p);
        *end = '\0';
        char *eq = strchr(p, '=');
        if (!eq) {
            *bad = p;
            return ICSTAT_OFSTED_MAP_NO_EQUALS;
        }
        char *name = trim_inplace(p, eq), *header = trim_inplace(eq + 1, end);
        const long j = icstat_ofsted_column_lookup(name);
        *bad = name;
        if (j < 0)
            return ICSTAT_OFSTED_MAP_UNKNOWN;
        if (!*header)
            return ICSTAT_OFSTED_MAP_NO_HEADER;
        if (j == ICSTAT_OFSTED_FRAMEWORK)
            return ICSTAT_OFSTED_MAP_FRAMEWORK;
        opt->map[j] = header;
        if (last)
            return ICSTAT_OFSTED_MAP_OK;
        p = end + 1;
    }
}
