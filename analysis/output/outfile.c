/* outfile.c — staged outputs renamed into place, special files written in
 * place (the contract is in outfile.h). */
/* realpath is XSI, beyond _POSIX_C_SOURCE; a feature-test macro is meant
 * to have a reserved name. */
/* NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "icstat/cleanup.h"
#include "icstat/outfile.h"

/* A name for a file descriptor icstat already has (/dev/stdout,
 * /dev/fd/N, /proc/self/fd/N): its number, or -1.  Such an output is
 * written through a copy of the descriptor, so it keeps the shell's
 * redirection as it is (`>>` still appends; nothing is truncated or
 * replaced). */
static int fd_name(const char *path)
{
    static const char *const prefixes[] = {"/dev/fd/", "/proc/self/fd/"};
    if (strcmp(path, "/dev/stdout") == 0)
        return STDOUT_FILENO;
    if (strcmp(path, "/dev/stderr") == 0)
        return STDERR_FILENO;
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(path, prefixes[i], n) != 0 || !path[n])
            continue;
        char *end;
        errno = 0;
        long fd = strtol(path + n, &end, 10);
        if (!errno && !*end && path[n] >= '0' && path[n] <= '9' && fd <= INT_MAX)
            return (int)fd;
    }
    return -1;
}

static int fail(icstat_outfile *out, icstat_error *err, int status, const char *path,
                const char *what, int e)
{
    icstat_outfile_abort(out);
    if (status == ICSTAT_ENOMEM)
        return icstat_error_set(err, status, NULL, 0, "out of memory");
    return icstat_error_set(err, status, path, 0, "%s: %s", what, strerror(e));
}

/* Written in place: the stream of a descriptor icstat has, or the
 * special file opened without creating or truncating anything. */
static int open_in_place(icstat_outfile *out, const char *path, int fd, icstat_error *err)
{
    int own = fd >= 0 ? dup(fd) : open(path, O_WRONLY | O_NOCTTY);
    if (own < 0)
        return fail(out, err, ICSTAT_EIO, path, "cannot write", errno);
    if (!(out->f = fdopen(own, "w"))) {
        int e = errno;
        close(own);
        return fail(out, err, ICSTAT_EIO, path, "cannot write", e);
    }
    return ICSTAT_OK;
}

/* A temporary beside the target, registered for removal before a signal
 * can see it exist unregistered. */
static int open_staged(icstat_outfile *out, const char *path, icstat_error *err)
{
    size_t len = strlen(out->target);
    if (!(out->tmp_path = malloc(len + sizeof ".tmpXXXXXX")))
        return fail(out, err, ICSTAT_ENOMEM, NULL, "out of memory", ENOMEM);
    memcpy(out->tmp_path, out->target, len);
    memcpy(out->tmp_path + len, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
    int fd = icstat_cleanup_mkstemp(out->tmp_path);
    int e = errno;
    if (fd < 0) {
        free(out->tmp_path); /* nothing to remove */
        out->tmp_path = NULL;
        if (e == ENOMEM)
            return fail(out, err, ICSTAT_ENOMEM, NULL, "out of memory", e);
        return fail(out, err, ICSTAT_EIO, path, "cannot write", e);
    }
    /* mkstemp makes the file private (0600); give it the usual mode. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(out->f = fdopen(fd, "w"))) {
        e = errno;
        close(fd);
        return fail(out, err, ICSTAT_EIO, path, "cannot write", e);
    }
    return ICSTAT_OK;
}

/* Standard output, held in a memory stream until commit. */
static int open_stdout(icstat_outfile *out, icstat_error *err)
{
    out->to_stdout = 1;
    if (!(out->f = open_memstream(&out->held, &out->n_held)))
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    return ICSTAT_OK;
}

int icstat_outfile_open(icstat_outfile *out, const char *path, icstat_error *err)
{
    memset(out, 0, sizeof *out);
    if (!path || strcmp(path, "-") == 0)
        return open_stdout(out, err);
    if (!path[0])
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "an output file name is empty (use - for standard output)");
    if (!(out->path = strdup(path)))
        return fail(out, err, ICSTAT_ENOMEM, NULL, "out of memory", ENOMEM);
    int fd = fd_name(path);
    if (fd == STDOUT_FILENO) {
        free(out->path);
        out->path = NULL;
        return open_stdout(out, err);
    }
    if (fd >= 0)
        return open_in_place(out, path, fd, err);
    struct stat sb, lsb;
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return fail(out, err, ICSTAT_EIO, path, "cannot write", EISDIR);
        if (!S_ISREG(sb.st_mode))
            return open_in_place(out, path, -1, err);
        /* A link stays a link: the file it names is what gets replaced. */
        if (lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode))
            out->target = realpath(path, NULL);
        else
            out->target = strdup(path);
    } else if (errno == ENOENT) {
        out->target = strdup(path);
    } else {
        return fail(out, err, ICSTAT_EIO, path, "cannot write", errno);
    }
    if (!out->target)
        return fail(out, err, ICSTAT_ENOMEM, NULL, "out of memory", ENOMEM);
    return open_staged(out, path, err);
}

int icstat_outfile_close(icstat_outfile *out, icstat_error *err)
{
    if (!out->f)
        return ICSTAT_OK;
    const char *name = out->path ? out->path : "<stdout>";
    int bad = ferror(out->f), e = errno;
    /* A memory stream's close can fail only for want of memory. */
    if (fclose(out->f) != 0 && !bad)
        bad = 1, e = errno;
    out->f = NULL;
    if (bad && out->to_stdout) {
        icstat_outfile_abort(out);
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    if (bad) {
        int st = icstat_error_set(err, ICSTAT_EIO, name, 0, "write failed: %s",
                                  strerror(e ? e : EIO));
        icstat_outfile_abort(out);
        return st;
    }
    return ICSTAT_OK;
}

int icstat_outfile_commit(icstat_outfile *out, icstat_error *err)
{
    int st = icstat_outfile_close(out, err);
    if (st != ICSTAT_OK)
        return st;
    if (out->to_stdout) {
        const int bad = (out->n_held && fwrite(out->held, 1, out->n_held, stdout) != out->n_held) ||
                        fflush(stdout) != 0;
        const int e = errno;
        icstat_outfile_abort(out);
        return bad ? icstat_error_set(err, ICSTAT_EIO, "<stdout>", 0, "write failed: %s",
                                      strerror(e ? e : EIO))
                   : ICSTAT_OK;
    }
    if (out->tmp_path) {
        if (rename(out->tmp_path, out->target) != 0) {
            int e = errno;
            st = icstat_error_set(err, ICSTAT_EIO, out->path, 0, "write failed: %s",
                                  strerror(e));
            icstat_outfile_abort(out);
            return st;
        }
        icstat_cleanup_untrack(out->tmp_path);
    }
    free(out->tmp_path);
    free(out->target);
    free(out->path);
    out->tmp_path = out->target = out->path = NULL;
    return ICSTAT_OK;
}

void icstat_outfile_abort(icstat_outfile *out)
{
    if (out->f)
        fclose(out->f);
    out->f = NULL;
    free(out->held);
    out->held = NULL;
    out->n_held = 0;
    if (out->tmp_path) {
        unlink(out->tmp_path);
        icstat_cleanup_untrack(out->tmp_path);
    }
    free(out->tmp_path);
    free(out->target);
    free(out->path);
    out->tmp_path = out->target = out->path = NULL;
}

int icstat_outset_open(icstat_outset *set, const char *path, FILE **f, icstat_error *err)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 4;
        icstat_outfile *grown = realloc(set->files, cap * sizeof *grown);
        if (!grown)
            return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        set->files = grown;
        set->cap = cap;
    }
    int st = icstat_outfile_open(&set->files[set->n], path, err);
    if (st != ICSTAT_OK)
        return st;
    *f = set->files[set->n++].f;
    return ICSTAT_OK;
}

static void outset_empty(icstat_outset *set)
{
    free(set->files);
    set->files = NULL;
    set->n = set->cap = 0;
}

int icstat_outset_commit(icstat_outset *set, icstat_error *err)
{
    int st = ICSTAT_OK;
    /* Every file written and closed before any is renamed: a full disk
     * found on the last one still leaves none of them. */
    for (size_t i = 0; i < set->n && st == ICSTAT_OK; i++)
        st = icstat_outfile_close(&set->files[i], err);
    for (size_t i = 0; i < set->n && st == ICSTAT_OK; i++)
        st = icstat_outfile_commit(&set->files[i], err);
    if (st != ICSTAT_OK)
        for (size_t i = 0; i < set->n; i++)
            icstat_outfile_abort(&set->files[i]);
    outset_empty(set);
    return st;
}

void icstat_outset_abort(icstat_outset *set)
{
    for (size_t i = 0; i < set->n; i++)
        icstat_outfile_abort(&set->files[i]);
    outset_empty(set);
}
