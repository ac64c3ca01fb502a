/* spawn.h — run a helper program (gnuplot, ssconvert) without a shell.
 *
 * The program is started with posix_spawn and its arguments go to it as
 * they are, so a file name or a title is never read by a shell.  The child is registered with cleanup.h while it runs,
 * so an interrupted icstat stops it before removing its temporaries. */
#ifndef ICSTAT_SPAWN_H
#define ICSTAT_SPAWN_H

#include "icstat/status.h"

/* The full path of `prog` when it is an executable file in a directory of
 * $PATH, malloc'd; NULL when it is not there (or out of memory: *nomem is
 * then set). */
char *icstat_spawn_find(const char *prog, int *nomem);

/* Run the program at `path` with `argv` (argv[0] its name, NULL-ended) in
 * directory `dir` (NULL: the current one), stdin from /dev/null, stdout to
 * `out_fd` and stderr to `err_fd` (-1: icstat's own), and wait for it.
 * *exit_code is its exit status, 126 when it could not start there (the
 * directory, /dev/null), 127 when exec failed, or 128 + N when signal N
 * ended it.  Returns ICSTAT_OK, ICSTAT_ENOMEM when out of memory, or
 * ICSTAT_EIO when no process could be made (EAGAIN) or waiting failed. */
int icstat_spawn_run(const char *path, char *const argv[], const char *dir, int out_fd,
                     int err_fd, int *exit_code, icstat_error *err);

#endif
