/* cli.h — what every command shares: error reporting, strict option
 * values, comma lists, and the command entry points. */
#ifndef ICSTAT_CLI_H
#define ICSTAT_CLI_H

#include <stddef.h>
#include "icstat/result.h"
#include "icstat/status.h"

#define ICSTAT_VERSION "0.1.0"

/* "icstat: FILE:LINE: message" (parts left out when unknown) on stderr;
 * returns the exit status for err->status. */
int icstat_cli_report(const icstat_error *err);

/* A usage error: "icstat CMD: message" and a pointer to --help; returns 1. */
int icstat_cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Option values parsed completely; 0 on success, -1 otherwise. */
int icstat_cli_parse_double(const char *s, double *out);
int icstat_cli_parse_size(const char *s, size_t *out);
int icstat_cli_parse_ulong(const char *s, unsigned long *out);

/* Split "a, b,c" at commas, trimming spaces around each item.  Returns a
 * NULL-terminated array (free with icstat_cli_list_free) and its length in
 * *n, or NULL when out of memory or an item is empty. */
char **icstat_cli_split_list(const char *s, size_t *n);
void icstat_cli_list_free(char **list);

/* Write results res[0..n-1], one after another, to path (NULL = stdout)
 * in fmt, atomically; notes go to stderr for csv and tsv, whose output must
 * stay a clean table. */
int icstat_cli_write_results(const icstat_result *const *res, size_t n, const char *path,
                             icstat_format fmt, icstat_error *err);

/* Commands. */
int icstat_cmd_agree(int argc, char **argv);
int icstat_cmd_fit(int argc, char **argv);

#endif
