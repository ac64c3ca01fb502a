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

/* The date at p (before e): the position after it and the parts, or NULL
 * when p does not start with a date's shape (validity is checked later). */
static const char *date_part(const char *p, const char *e, int *yp, int *mp, int *dp)
{
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
        return NULL;
    *yp = y;
    *mp = m;
    *dp = d;
    return p;
}

/* p..e after the date: nothing (*sec = -1), or a space or 'T' and a time
 * of day H:MM[:SS[.fff]] (*sec its seconds since midnight).  0, or -1. */
static int time_part(const char *p, const char *e, double *sec)
{
    *sec = -1.0;
    if (p == e)
        return 0;
    if (*p != ' ' && *p != 'T')
        return -1;
    p++;
    const int h = one_or_two(&p, e);
    const int mi = p < e && *p == ':' ? digits(p + 1, e, 2) : -1;
    if (h < 0 || h > 23 || mi < 0 || mi > 59)
        return -1;
    p += 3;
    double sc = 0.0;
    if (p < e && *p == ':') {
        const int si = digits(p + 1, e, 2);
        if (si < 0 || si > 59)
            return -1;
        p += 3;
        sc = si;
        if (p < e && *p == '.') {
            double scale = 0.1;
            if (++p == e)
                return -1;
            for (; p < e && *p >= '0' && *p <= '9'; p++, scale /= 10)
                sc += (*p - '0') * scale;
        }
    }
    if (p != e)
        return -1;
    *sec = 3600.0 * h + 60.0 * mi + sc;
    return 0;
}

/* s without the spaces and tabs around it: [*b, *e). */
static void trimmed(const char *s, const char **b, const char **e)
{
    const char *p = s, *q = s + strlen(s);
    while (p < q && (*p == ' ' || *p == '\t'))
        p++;
    while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
        q--;
    *b = p;
    *e = q;
}

int icstat_datetime_parse(const char *s, int *yp, int *mp, int *dp, double *secp)
{
    const char *p, *e;
    trimmed(s, &p, &e);
    int y, m, d;
    double sec;
    if (!(p = date_part(p, e, &y, &m, &d)) || time_part(p, e, &sec) != 0 ||
        !icstat_date_valid(y, m, d))
        return -1;
    *yp = y;
    *mp = m;
    *dp = d;
    *secp = sec;
    return 0;
}

int icstat_date_parse(const char *s, int *y, int *m, int *d)
{
    double sec;
    return icstat_datetime_parse(s, y, m, d, &sec);
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
    const char *p, *e;
    trimmed(s, &p, &e);
    {
        /* A real date, then something that is not a time of day. */
        int y, m, d;
        double sec;
        const char *q = date_part(p, e, &y, &m, &d);
        if (q && q < e && (*q == ' ' || *q == 'T') && icstat_date_valid(y, m, d) &&
            time_part(q, e, &sec) != 0) {
            snprintf(buf, size, "'%.*s' after the date is not a time of day HH:MM or "
                     "HH:MM:SS (hours 0 to 23)", (int)(e - q - 1), q + 1);
            return ICSTAT_DATE_BAD_TIME;
        }
    }
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
