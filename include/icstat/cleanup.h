/* cleanup.h — what an interrupted run must not leave behind.
 *
 * Outputs are written to temporary files and renamed into place at the
 * end (outfile.h), and gnuplot and ssconvert run as child processes
 * (spawn.h).  When SIGINT, SIGTERM or SIGHUP ends a run part way, the
 * handler installed here stops the child, removes every temporary file
 * still registered, says so on stderr, and lets the signal end the
 * process, so the parent sees "killed by SIGTERM" (exit status 143 in a
 * shell), not success.
 *
 * This is icstat's one piece of process-wide state: a signal handler can
 * reach nothing else.  Registration blocks the three signals while it
 * changes the list, so the handler always sees a consistent one.  Without
 * icstat_cleanup_install (the unit tests) the list is kept but unused. */
#ifndef ICSTAT_CLEANUP_H
#define ICSTAT_CLEANUP_H

#include <signal.h>
#include <sys/types.h>

/* Install the handlers for SIGINT, SIGTERM and SIGHUP (main calls this
 * once).  A signal that was ignored when icstat started (nohup) stays
 * ignored.  Returns 0, or -1 when sigaction fails. */
int icstat_cleanup_install(void);

/* Remove `path` if the run is interrupted; it is copied.  0, or -1 when
 * out of memory. */
int icstat_cleanup_track(const char *path);

/* mkstemp(tmpl) with the new file registered before a signal can see it
 * unregistered: its descriptor, or -1 with errno set (ENOMEM when the
 * name could not be registered; the file is then gone). */
int icstat_cleanup_mkstemp(char *tmpl);

/* Forget `path` (it was renamed into place or removed already). */
void icstat_cleanup_untrack(const char *path);

/* The child process to stop (SIGTERM, then wait for it) before the
 * temporaries are removed, so it cannot write one again; 0 for none. */
void icstat_cleanup_child(pid_t pid);

/* Block the three signals (around spawning, so that the child is registered
 * before a signal can be handled) and restore the mask afterwards. */
void icstat_cleanup_block(void);
void icstat_cleanup_unblock(void);

/* For starting a child (spawn.c): the signals icstat handles, which the
 * child must have unblocked (*handled), and those of them it must have at
 * their default action (*to_default: all but those ignored when icstat
 * started, which stay ignored). */
void icstat_cleanup_child_signals(sigset_t *handled, sigset_t *to_default);

#endif
