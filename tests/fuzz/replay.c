/* replay.c — run a fuzz target without libFuzzer.
 *
 *   TARGET [-v] PATH...
 *
 * Calls LLVMFuzzerTestOneInput once on each file named, and on each file
 * in each directory named (not recursively, in name order, dot files
 * left out), so a target built with the normal compiler (and sanitizers)
 * replays its corpus and regressions: `make fuzz-replay`, or by hand on a
 * crash file that `make fuzz` left.  What the target prints is discarded
 * unless -v is given; sanitizer reports still reach stderr, and a crash
 * names the file it happened on.  Exit status 0 when every input ran, 1
 * when a file could not be read. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

/* From the sanitizer runtimes when they are linked in (weak: NULL without). */
void __sanitizer_set_report_fd(void *fd) __attribute__((weak));
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static const char *current;      /* the input being run, NULL between inputs */
static int report_fd = 2;         /* the real stderr */

/* Name the input that crashed.  Between inputs (a leak report at exit)
 * there is none to name: the report's stack names the allocation. */
static void say_current(void)
{
    static const char pre[] = "replay: crashed on ";
    static const char after[] = "replay: failed after the last input (a leak? replay the "
                                "files one at a time to find the one)\n";
    if (!current) {
        if (write(report_fd, after, sizeof after - 1) < 0)
            return;
        return;
    }
    if (write(report_fd, pre, sizeof pre - 1) < 0 ||
        write(report_fd, current, strlen(current)) < 0 || write(report_fd, "\n", 1) < 0)
        return;
}

static void on_signal(int sig)
{
    say_current();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Read a whole file; NULL (and a message) when it cannot be. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        dprintf(report_fd, "replay: cannot open %s\n", path);
        return NULL;
    }
    size_t cap = 4096, n = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *grown = realloc(buf, cap *= 2);
            if (!grown)
                free(buf);
            buf = grown;
        }
    }
    const int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        dprintf(report_fd, "replay: cannot read %s\n", path);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int run_file(const char *path, int verbose)
{
    size_t len = 0;
    uint8_t *data = slurp(path, &len);
    if (!data)
        return -1;
    current = path;
    if (verbose)
        dprintf(report_fd, "replay: %s (%zu bytes)\n", path, len);
    /* A copy of exactly len bytes, so reading past the input is caught. */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        free(data);
        return -1;
    }
    memcpy(exact, data, len);
    free(data);
    fflush(stdout);
    fflush(stderr);
    LLVMFuzzerTestOneInput(exact, len);
    current = NULL;
    fflush(stdout);
    fflush(stderr);
    free(exact);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file directly in dir, in name order. */
static int run_dir(const char *dir, int verbose, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        dprintf(report_fd, "replay: cannot open directory %s\n", dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    const struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **grown = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *grown);
            if (!grown) {
                rc = -1;
                break;
            }
            names = grown;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(len))) {
            rc = -1;
            break;
        }
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            rc = run_file(names[i], verbose);
            ++*count;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int verbose = 0, rc = 0;
    size_t count = 0;
    const char *target = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "-v") == 0) {
        verbose = 1;
        first = 2;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: %s [-v] FILE_OR_DIRECTORY...\n", target);
        return 2;
    }
    if (!verbose) {
        /* Keep the real stderr for reports; the target's output goes nowhere. */
        int null = open("/dev/null", O_WRONLY);
        report_fd = dup(2);
        if (null < 0 || report_fd < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0) {
            perror("replay: /dev/null");
            return 2;
        }
        close(null);
        if (__sanitizer_set_report_fd)
            __sanitizer_set_report_fd((void *)(intptr_t)report_fd);
    }
    if (__sanitizer_set_death_callback)
        __sanitizer_set_death_callback(say_current);
    /* The sanitizers handle SIGSEGV and friends themselves; abort()
     * (a broken FUZZ_CHECK) is left to us. */
    signal(SIGABRT, on_signal);
    if (!__sanitizer_set_death_callback) {
        signal(SIGSEGV, on_signal);
        signal(SIGBUS, on_signal);
        signal(SIGFPE, on_signal);
        signal(SIGILL, on_signal);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = first; i < argc && rc == 0; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = run_dir(argv[i], verbose, &count);
        } else {
            rc = run_file(argv[i], verbose);
            count++;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    const double ms = 1e3 * (double)(t1.tv_sec - t0.tv_sec) + 1e-6 * (double)(t1.tv_nsec - t0.tv_nsec);
    dprintf(report_fd, "replay %s: %zu inputs in %.0f ms%s\n", target, count, ms,
            rc ? ", stopped: a file could not be read" : "");
    return rc ? 1 : 0;
}
