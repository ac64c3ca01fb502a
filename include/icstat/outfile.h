/* outfile.h — outputs that appear whole or not at all, and never replace
 * anything but a regular file.
 *
 * A named output that is a regular file (or does not exist yet) is
 * written to a temporary file beside it and renamed over the target only
 * when everything was written and closed without error, so a failed run
 * never leaves a half-written file.  A symbolic link to a regular file
 * keeps its link: the file it names is replaced.  A target that exists and
 * is not a regular file (/dev/null, a FIFO, /dev/stdout, a terminal) is
 * written in place, in order, as a stream: renaming over it would replace
 * the device or the pipe.  "-" (or no name, or /dev/stdout) is stdout,
 * held in memory and written when the output is committed, so that a run
 * failing halfway (out of memory) writes nothing there either.
 *
 * All the outputs of one command form an icstat_outset: each is staged
 * (written and closed under its temporary name) and only when all of them
 * are does icstat_outset_commit rename them into place, one after another.
 * A failure before that leaves none of them.  Temporaries are registered
 * with cleanup.h, so an interrupted run removes them too. */
#ifndef ICSTAT_OUTFILE_H
#define ICSTAT_OUTFILE_H

#include <stdio.h>
#include "icstat/status.h"

typedef struct {
    FILE *f;        /* open for writing; NULL once closed */
    char *path;     /* the name as given, for messages; NULL for stdout */
    char *target;   /* the file the rename replaces (a link resolved) */
    char *tmp_path; /* the temporary beside it; NULL when written in place */
    char *held;     /* stdout: what was written (f is a memory stream), */
    size_t n_held;  /* written to stdout on commit */
    int to_stdout;
} icstat_outfile;

/* Open `path` (NULL or "-" = stdout) for writing, as above.  A directory,
 * an empty name, or a place that cannot be written is an error naming
 * `path`. */
int icstat_outfile_open(icstat_outfile *out, const char *path, icstat_error *err);

/* Flush and close: a failed write (a full disk, /dev/full) is reported
 * here, naming the file.  A staged file stays under its temporary name;
 * on failure the temporary is removed.  Safe to call twice. */
int icstat_outfile_close(icstat_outfile *out, icstat_error *err);

/* Close, then rename the temporary into place. */
int icstat_outfile_commit(icstat_outfile *out, icstat_error *err);

/* Give up: close and remove the temporary.  Safe after commit. */
void icstat_outfile_abort(icstat_outfile *out);

/* The outputs of one run. */
typedef struct {
    icstat_outfile *files;
    size_t n, cap;
} icstat_outset;

#define ICSTAT_OUTSET_INIT {NULL, 0, 0}

/* Open one more output of the set; its stream in *f. */
int icstat_outset_open(icstat_outset *set, const char *path, FILE **f, icstat_error *err);

/* Close every output; then, when all were written, rename each into
 * place.  On failure every temporary is removed.  The set is emptied
 * either way. */
int icstat_outset_commit(icstat_outset *set, icstat_error *err);

/* Remove every temporary of the set and empty it. */
void icstat_outset_abort(icstat_outset *set);

#endif
