/* date.h — calendar dates as inspection files write them.
 *
 * One parser for every command: ISO YYYY-MM-DD or DD/MM/YYYY (day and
 * month with one or two digits), optionally followed by a time of day
 * (spreadsheet exports): a space or 'T', then H:MM or HH:MM, optionally
 * :SS and a fraction (.fff), hours 0-23, minutes and seconds 0-59
 * ("2019-03-04T10:30", "04/03/2019 10:30:00").  Dates must exist: 31 April
 * and 29 February outside leap years are refused, and so is anything else
 * after the date.  icstat_date_parse drops the time (import writes dates);
 * icstat_datetime_parse keeps it (fit --lag-previous orders by it). */
#ifndef ICSTAT_DATE_H
#define ICSTAT_DATE_H

#include <stddef.h>

/* Parse s[0..len) (surrounding spaces already trimmed by the caller or
 * not: they are skipped).  0 and the parts, or -1 when it is not a date. */
int icstat_date_parse(const char *s, int *y, int *m, int *d);

/* The same, keeping the time of day: *sec is seconds since midnight (with
 * the fraction) when s has one, -1 when s is a date alone. */
int icstat_datetime_parse(const char *s, int *y, int *m, int *d, double *sec);

/* Why icstat_date_parse refused s, when the shape says: a two-digit year
 * ("05/03/19"), a month above 12 in what reads as MM/DD/YYYY (US order:
 * every other date of such a file would be misread, not just refused),
 * a day or month that does not exist ("31/02/2019": "February 2019 has
 * no day 31"), or a good date followed by what is not a time of day
 * ("2019-03-04 25:00").  Fills buf with a clause for a message (the reason, not
 * the fix); ICSTAT_DATE_UNKNOWN (buf untouched) for anything else. */
enum {
    ICSTAT_DATE_UNKNOWN = 0,
    ICSTAT_DATE_SHORT_YEAR,
    ICSTAT_DATE_US_ORDER,
    ICSTAT_DATE_NO_SUCH_DAY,
    ICSTAT_DATE_BAD_TIME
};
int icstat_date_problem(const char *s, char *buf, size_t size);

/* 1 when year y, month m, day d is a real date (y >= 1). */
int icstat_date_valid(int y, int m, int d);

/* Days since 1970-01-01 (proleptic Gregorian), and back. */
long icstat_date_to_days(int y, int m, int d);
void icstat_date_from_days(long days, int *y, int *m, int *d);

#endif
