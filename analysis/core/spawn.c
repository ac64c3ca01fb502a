/* spawn.c — fork and exec without a shell, waiting for the child. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "icstat/cleanup.h"
#include "icstat/spawn.h"

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

int icstat_spawn_run(const char *path, char *const argv[], const char *dir, int out_fd,
                     int err_fd, int *exit_code, icstat_error *err)
{
    fflush(NULL);
    /* Signals wait until the child is registered, so the handler always
     * knows whom to stop. */
    icstat_cleanup_block();
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        icstat_cleanup_unblock();
        return icstat_error_set(err, ICSTAT_EIO, path, 0, "cannot run %s: %s", argv[0],
                                strerror(e));
    }
    if (pid == 0) {
        icstat_cleanup_child_reset();
        int null = open("/dev/null", O_RDONLY);
        if (null < 0 || dup2(null, STDIN_FILENO) < 0 ||
            (out_fd >= 0 && dup2(out_fd, STDOUT_FILENO) < 0) ||
            (err_fd >= 0 && dup2(err_fd, STDERR_FILENO) < 0) || (dir && chdir(dir) != 0))
            _exit(126);
        execv(path, argv);
        _exit(127);
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
