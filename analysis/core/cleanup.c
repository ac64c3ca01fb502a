/* cleanup.c — temporaries and a child removed when a run is interrupted
 * (the contract is in cleanup.h).
 *
 * The handler may only call async-signal-safe functions: kill, waitpid,
 * unlink, rmdir, write, sigaction and raise.  It reads the list that track and
 * untrack change; both block the signals while they do, so the handler
 * never sees an array half grown or a name half freed. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "icstat/cleanup.h"

static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
#define N_SIGNALS (sizeof signals / sizeof *signals)

static char **paths;
static size_t n_paths, cap_paths;
static volatile pid_t child;
static int ignored[N_SIGNALS]; /* ignored when icstat started: left alone */
static sigset_t saved_mask;
static int block_depth;

static void say(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static void on_signal(int sig)
{
    pid_t c = child;
    if (c > 0) {
        kill(c, SIGTERM);
        while (waitpid(c, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    for (size_t i = 0; i < n_paths; i++)
        if (unlink(paths[i]) != 0)
            rmdir(paths[i]); /* a directory of temporaries (workbook.c), emptied first */
    say(sig == SIGINT    ? "icstat: interrupted (SIGINT); temporary files removed\n"
        : sig == SIGTERM ? "icstat: interrupted (SIGTERM); temporary files removed\n"
                         : "icstat: interrupted (SIGHUP); temporary files removed\n");
    /* Die of the same signal, so the parent sees what happened: with the
     * default action restored, the raised signal stays pending while this
     * handler runs and ends the process as the handler returns. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    raise(sig);
}

int icstat_cleanup_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < N_SIGNALS; i++)
        sigaddset(&sa.sa_mask, signals[i]);
    for (size_t i = 0; i < N_SIGNALS; i++) {
        struct sigaction old;
        if (sigaction(signals[i], NULL, &old) != 0)
            return -1;
        ignored[i] = old.sa_handler == SIG_IGN;
        if (!ignored[i] && sigaction(signals[i], &sa, NULL) != 0)
            return -1;
    }
    return 0;
}

void icstat_cleanup_block(void)
{
    sigset_t set, old;
    sigemptyset(&set);
    for (size_t i = 0; i < N_SIGNALS; i++)
        sigaddset(&set, signals[i]);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    if (block_depth++ == 0)
        saved_mask = old;
}

void icstat_cleanup_unblock(void)
{
    if (block_depth > 0 && --block_depth == 0)
        pthread_sigmask(SIG_SETMASK, &saved_mask, NULL);
}

int icstat_cleanup_track(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    icstat_cleanup_block();
    if (n_paths == cap_paths) {
        size_t cap = cap_paths ? 2 * cap_paths : 8;
        char **grown = realloc(paths, cap * sizeof *grown);
        if (!grown) {
            icstat_cleanup_unblock();
            free(copy);
            return -1;
        }
        paths = grown;
        cap_paths = cap;
    }
    paths[n_paths++] = copy;
    icstat_cleanup_unblock();
    return 0;
}

int icstat_cleanup_mkstemp(char *tmpl)
{
    icstat_cleanup_block();
    int fd = mkstemp(tmpl);
    if (fd >= 0 && icstat_cleanup_track(tmpl) != 0) {
        unlink(tmpl);
        close(fd);
        fd = -1;
        errno = ENOMEM;
    }
    int e = errno;
    icstat_cleanup_unblock();
    errno = e;
    return fd;
}

void icstat_cleanup_untrack(const char *path)
{
    char *gone = NULL;
    icstat_cleanup_block();
    for (size_t i = n_paths; i-- > 0;)
        if (strcmp(paths[i], path) == 0) {
            gone = paths[i];
            paths[i] = paths[--n_paths];
            break;
        }
    if (n_paths == 0) { /* the last one: give the list back */
        free(paths);
        paths = NULL;
        cap_paths = 0;
    }
    icstat_cleanup_unblock();
    free(gone);
}

void icstat_cleanup_child(pid_t pid)
{
    child = pid;
}

void icstat_cleanup_child_signals(sigset_t *handled, sigset_t *to_default)
{
    sigemptyset(handled);
    sigemptyset(to_default);
    for (size_t i = 0; i < N_SIGNALS; i++) {
        sigaddset(handled, signals[i]);
        if (!ignored[i])
            sigaddset(to_default, signals[i]);
    }
}
