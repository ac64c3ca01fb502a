/* workbook.h — the sheets of an .xlsx or .ods workbook as CSV files.
 *
 * Ofsted publishes its management information as .xlsx and report-card
 * data as .ods as well as CSV.  icstat reads CSV only: ssconvert (Debian
 * package gnumeric), run without a shell (spawn.h), writes every sheet as
 * one, with every cell's raw value, so a date arrives as its spreadsheet
 * serial number (days since 30 December 1899).  The CSVs are temporary
 * files registered with cleanup.h. */
#ifndef ICSTAT_WORKBOOK_H
#define ICSTAT_WORKBOOK_H

#include <stddef.h>
#include "icstat/status.h"

typedef enum { ICSTAT_WORKBOOK_NONE = 0, ICSTAT_WORKBOOK_XLSX, ICSTAT_WORKBOOK_ODS } icstat_workbook_kind;

/* By the file name's ending, in any case: .xlsx, .ods, else none. */
icstat_workbook_kind icstat_workbook_kind_of(const char *path);

typedef struct icstat_workbook icstat_workbook;

/* Get ready to read `path`: find the converter (an error naming the
 * Debian package when it is missing) and convert every sheet at once.  ICSTAT_OK and *out, or an error with err filled (file `path`). */
int icstat_workbook_open(const char *path, icstat_workbook **out, icstat_error *err);

/* Sheet n (1 = the first) as a CSV file: its name, valid until the next
 * call or icstat_workbook_close.  NULL when the workbook has no sheet n
 * (err filled: ICSTAT_EDATA "has no sheet n"), or on another error. */
const char *icstat_workbook_sheet(icstat_workbook *wb, unsigned long n, icstat_error *err);

/* 1 when the sheets' dates are serial numbers (always, for a workbook). */
int icstat_workbook_serial_dates(const icstat_workbook *wb);

/* Remove the temporary files and free wb (NULL is fine). */
void icstat_workbook_close(icstat_workbook *wb);

#endif
