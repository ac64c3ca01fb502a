/* status.c — the error record shared by every engine. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define ICSTAT_STATUS_IMPL /* the function itself, not status.h's analyzer macro */
#include "icstat/status.h"

void icstat_error_clear(icstat_error *err)
{
    if (!err)
        return;
    err->status = ICSTAT_OK;
    err->file[0] = '\0';
    err->line = 0;
    err->msg[0] = '\0';
}

int icstat_error_set(icstat_error *err, int status, const char *file,
                     long line, const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return status;
}

int icstat_status_exit_code(int status)
{
    if (status == ICSTAT_OK)
        return 0;
    return status == ICSTAT_EUSAGE ? 1 : 2;
}
