/* outfile.h — output that appears whole or not at all.
 *
 * A named output is written to a temporary file beside it and renamed over
 * the target only when everything was written and closed without error,
 * so a failed run never leaves a half-written file.  Without a name the
 * output is stdout. */
#ifndef ICSTAT_OUTFILE_H
#define ICSTAT_OUTFILE_H

#include <stdio.h>
#include "icstat/status.h"

typedef struct {
    FILE *f;
    char *path;     /* target, NULL for stdout */
    char *tmp_path; /* temporary beside it */
} icstat_outfile;

/* Open `path` (NULL or "-" = stdout) for writing. */
int icstat_outfile_open(icstat_outfile *out, const char *path, icstat_error *err);

/* Flush, close and rename into place; on any failure the temporary is
 * removed and the error names the file. */
int icstat_outfile_commit(icstat_outfile *out, icstat_error *err);

/* Give up: close and remove the temporary.  Safe to call after commit. */
void icstat_outfile_abort(icstat_outfile *out);

#endif
