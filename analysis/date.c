/* date.c — parsing and day arithmetic for calendar dates.  The day counts
 * follow Hinnant's days_from_civil / civil_from_days. */
#include <stdio.h>
#include <string.h>

#include "icstat/date.h"

int icstat_date_valid(int y, int m, int d)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1] &&
           !(m == 2 && d == 29 && !leap);
}

/* n digits at p (before e): their value, or -1. */
static int digits(const char *p, const char *e, int n)
{
    int v = 0;
    if (e - p < n)
        return -1;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = 10 * v + (p[i] - '0');
    }
    return v;
}

/* One or two digits at *p: their value (advancing *p), or -1. */
static int one_or_two(const char **p, const char *e)
{
    int v = digits(*p, e, 1);
    if (v < 0)
        return -1;
    (*p)++;
    if (*p < e && **p >= '0' && **p <= '9')
        v = 10 * v + (*(*p)++ - '0');
    return v;
}

int icstat_date_parse(const char *s, int *yp, int *mp, int *dp)
{
    const char *p = s, *e = s + strlen(s);
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    int y, m, d;
    /* cppcheck-suppress knownConditionTrueFalse ; false positive: e - p is the trimmed length */
    if (e - p >= 10 && p[4] == '-') {
        /* ISO: exactly YYYY-MM-DD. */
        y = digits(p, e, 4);
        m = p[7] == '-' ? digits(p + 5, e, 2) : -1;
        d = digits(p + 8, e, 2);
        p += 10;
    } else {
        d = one_or_two(&p, e);
        m = (d >= 0 && p < e && *p == '/') ? (p++, one_or_two(&p, e)) : -1;
        y = (m >= 0 && p < e && *p == '/') ? digits(++p, e, 4) : -1;
        if (y >= 0)
            p += 4;
    }
    if (y < 0 || m < 0 || d < 0)
        return -1;
    /* A time of day after the date (spreadsheet exports) is dropped. */
    if (p < e) {
        if (*p != ' ' && *p != 'T')
            return -1;
        int any = 0;
        for (p++; p < e; p++) {
            if (*p >= '0' && *p <= '9')
                any = 1;
            else if (*p != ':' && *p != '.')
                return -1;
        }
        if (!any)
            return -1;
    }
    if (!icstat_date_valid(y, m, d))
        return -1;
    *yp = y;
    *mp = m;
    *dp = d;
    return 0;
}

long icstat_date_to_days(int y, int m, int d)
{
    const long yy = m <= 2 ? y - 1 : y;
    const long era = (yy >= 0 ? yy : yy - 399) / 400;
    const long yoe = yy - era * 400;
    const long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void icstat_date_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A run of 1 to max digits at *p: its value and length, advancing *p. */
static int run(const char **p, const char *e, int max, int *len)
{
    int v = 0;
    *len = 0;
    while (*p < e && **p >= '0' && **p <= '9' && *len < max + 1) {
        v = 10 * v + (*(*p)++ - '0');
        (*len)++;
    }
    return *len >= 1 && *len <= max ? v : -1;
}

static const char *const month_names[12] = {"January", "February", "March",     "April",
                                            "May",     "June",     "July",      "August",
                                            "September", "October", "November", "December"};

int icstat_date_problem(const char *s, char *buf, size_t size)
{
    const char *p = s, *e = s + strlen(s);
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    int a, b, c, la, lb, lc;
    char sep;
    if ((a = run(&p, e, 4, &la)) < 0 || p >= e || (*p != '/' && *p != '-'))
        return ICSTAT_DATE_UNKNOWN;
    sep = *p++;
    if ((b = run(&p, e, 2, &lb)) < 0 || p >= e || *p++ != sep ||
        (c = run(&p, e, 4, &lc)) < 0 || p != e)
        return ICSTAT_DATE_UNKNOWN;
    int y, m, d;
    if (sep == '-' && la == 4) { /* ISO order */
        y = a, m = b, d = c;
    } else if (sep == '/' && la <= 2 && lc == 2) {
        snprintf(buf, size, "the year has two digits");
        return ICSTAT_DATE_SHORT_YEAR;
    } else if (sep == '/' && la <= 2 && lc == 4) {
        d = a, m = b, y = c;
        if (m > 12 && d >= 1 && d <= 12 && icstat_date_valid(y, d, m)) {
            snprintf(buf, size,
                     "there is no month %d (dates are read as DD/MM/YYYY; is this "
                     "MM/DD/YYYY, the US order?)", m);
            return ICSTAT_DATE_US_ORDER;
        }
    } else {
        return ICSTAT_DATE_UNKNOWN;
    }
    if (y < 1)
        return ICSTAT_DATE_UNKNOWN;
    if (m < 1 || m > 12) {
        snprintf(buf, size, "there is no month %d", m);
        return ICSTAT_DATE_NO_SUCH_DAY;
    }
    if (!icstat_date_valid(y, m, d)) {
        snprintf(buf, size, "%s %d has no day %d", month_names[m - 1], y, d);
        return ICSTAT_DATE_NO_SUCH_DAY;
    }
    return ICSTAT_DATE_UNKNOWN;
}
