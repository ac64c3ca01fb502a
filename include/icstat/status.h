/* status.h — status codes and the error record every engine fills.
 *
 * Engines never print or exit: they return an icstat status and, on
 * failure, leave a one-line reason in an icstat_error that the caller
 * owns.  Commands turn the record into "icstat: FILE:LINE: message". */
#ifndef ICSTAT_STATUS_H
#define ICSTAT_STATUS_H

#include <stddef.h>

enum icstat_status {
    ICSTAT_OK = 0,
    ICSTAT_EUSAGE = 1, /* bad option or argument: exit status 1 */
    ICSTAT_EDATA = 2,  /* bad file, bad value, cannot compute: exit status 2 */
    ICSTAT_ENOMEM = 3, /* allocation failed (reported as a data error) */
    ICSTAT_EIO = 4     /* read or write failed (reported as a data error) */
};

#define ICSTAT_ERROR_MSG_MAX 512
#define ICSTAT_ERROR_FILE_MAX 256

/* Where a problem was found and what it was.  line 0 means "no line". */
typedef struct {
    int status;
    char file[ICSTAT_ERROR_FILE_MAX];
    long line;
    char msg[ICSTAT_ERROR_MSG_MAX];
} icstat_error;

void icstat_error_clear(icstat_error *err);

/* Record a problem (printf-style) and return `status`, so engines can write
 * `return icstat_error_set(err, ICSTAT_EDATA, file, line, "...", ...);`.
 * err may be NULL, in which case only the status is returned. */
int icstat_error_set(icstat_error *err, int status, const char *file,
                     long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#if defined(__clang_analyzer__) && !defined(ICSTAT_STATUS_IMPL)
/* For clang's static analyzer (make lint), which sees one file at a time:
 * the call returns its `status`, so the analyzer does not follow paths on
 * which a recorded error reads as success.  Compiled code is unchanged. */
#define icstat_error_set(err, status, ...) \
    (icstat_error_set((err), (status), __VA_ARGS__), (status))
#endif

/* Exit status for a library status: 0, 1 (usage) or 2 (everything else). */
int icstat_status_exit_code(int status);

#endif
