/* spawn.c — helper programs started with posix_spawn, without a shell,
 * and waited for. */
/* posix_spawn_file_actions_addchdir_np (glibc 2.29): gnuplot runs in the
 * chart's directory, where its script names its files. */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "icstat/cleanup.h"
#include "icstat/spawn.h"

extern char **environ;

char *icstat_spawn_find(const char *prog, int *nomem)
{
    const char *path = getenv("PATH");
    *nomem = 0;
    if (!path)
        return NULL;
    while (*path) {
        size_t n = strcspn(path, ":");
        if (n > 0) {
            size_t len = n + strlen(prog) + 2;
            char *full = malloc(len);
            if (!full) {
                *nomem = 1;
                return NULL;
            }
            snprintf(full, len, "%.*s/%s", (int)n, path, prog);
            struct stat sb;
            if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode) && access(full, X_OK) == 0)
                return full;
            free(full);
        }
        path += n + (path[n] == ':');
    }
    return NULL;
}

/* The child's setup: stdin from /dev/null, stdout and stderr where
 * asked, the directory, and the signals icstat handles unblocked and at
 * their default action (cleanup.h).  0 or an errno value. */
static int spawn_setup(posix_spawn_file_actions_t *fa, posix_spawnattr_t *attr, const char *dir,
                       int out_fd, int err_fd)
{
    sigset_t handled, to_default, mask;
    icstat_cleanup_child_signals(&handled, &to_default);
    pthread_sigmask(SIG_BLOCK, NULL, &mask);
    for (int sig = 1; sig < NSIG; sig++)
        if (sigismember(&handled, sig) == 1)
            sigdelset(&mask, sig);
    int e = posix_spawn_file_actions_addopen(fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (!e && out_fd >= 0)
        e = posix_spawn_file_actions_adddup2(fa, out_fd, STDOUT_FILENO);
    if (!e && err_fd >= 0)
        e = posix_spawn_file_actions_adddup2(fa, err_fd, STDERR_FILENO);
    if (!e && dir)
        e = posix_spawn_file_actions_addchdir_np(fa, dir);
    if (!e)
        e = posix_spawnattr_setsigmask(attr, &mask);
    if (!e)
        e = posix_spawnattr_setsigdefault(attr, &to_default);
    if (!e)
        e = posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    return e;
}

int icstat_spawn_run(const char *path, char *const argv[], const char *dir, int out_fd,
                     int err_fd, int *exit_code, icstat_error *err)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    int e = posix_spawn_file_actions_init(&fa);
    if (e)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    if (posix_spawnattr_init(&attr) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    fflush(NULL);
    /* Signals wait until the child is registered, so the handler always
     * knows whom to stop. */
    icstat_cleanup_block();
    pid_t pid = 0;
    e = spawn_setup(&fa, &attr, dir, out_fd, err_fd);
    if (!e)
        e = posix_spawn(&pid, path, &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (e) {
        icstat_cleanup_unblock();
        if (e == ENOMEM)
            return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        if (e == EAGAIN)
            return icstat_error_set(err, ICSTAT_EIO, path, 0, "cannot run %s: %s", argv[0],
                                    strerror(e));
        /* glibc reports a child that could not start as the error of its
         * failing step: 126 when that was the directory, 127 for exec,
         * as a shell would say. */
        *exit_code = dir && access(dir, X_OK) != 0 ? 126 : 127;
        return ICSTAT_OK;
    }
    icstat_cleanup_child(pid);
    icstat_cleanup_unblock();
    int status, st = ICSTAT_OK;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            st = icstat_error_set(err, ICSTAT_EIO, path, 0, "cannot wait for %s: %s", argv[0],
                                  strerror(errno));
            break;
        }
    }
    icstat_cleanup_child(0);
    if (st == ICSTAT_OK)
        *exit_code = WIFEXITED(status) ? WEXITSTATUS(status)
                     : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                                           : 1;
    return st;
}
