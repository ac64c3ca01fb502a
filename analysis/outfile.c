/* outfile.c — write to a temporary name, rename on success. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "icstat/outfile.h"

int icstat_outfile_open(icstat_outfile *out, const char *path, icstat_error *err)
{
    memset(out, 0, sizeof *out);
    if (!path || strcmp(path, "-") == 0) {
        out->f = stdout;
        return ICSTAT_OK;
    }
    size_t len = strlen(path);
    out->path = strdup(path);
    out->tmp_path = malloc(len + sizeof ".tmpXXXXXX");
    if (!out->path || !out->tmp_path) {
        icstat_outfile_abort(out);
        return icstat_error_set(err, ICSTAT_ENOMEM, path, 0, "out of memory");
    }
    /* mkstemp in the target's directory keeps the rename on one file system. */
    memcpy(out->tmp_path, path, len);
    memcpy(out->tmp_path + len, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
    int fd = mkstemp(out->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(out->tmp_path);
        out->tmp_path = NULL;
        icstat_outfile_abort(out);
        return icstat_error_set(err, ICSTAT_EIO, path, 0, "cannot write: %s", strerror(e));
    }
    /* mkstemp makes the file private (0600); give it the usual mode. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    if (!(out->f = fdopen(fd, "w"))) {
        int e = errno;
        close(fd);
        icstat_outfile_abort(out);
        return icstat_error_set(err, ICSTAT_EIO, path, 0, "cannot write: %s", strerror(e));
    }
    return ICSTAT_OK;
}

int icstat_outfile_commit(icstat_outfile *out, icstat_error *err)
{
    if (!out->f)
        return ICSTAT_OK;
    if (out->f == stdout) {
        out->f = NULL;
        if (fflush(stdout) != 0 || ferror(stdout))
            return icstat_error_set(err, ICSTAT_EIO, "<stdout>", 0, "write failed: %s",
                                    strerror(errno));
        return ICSTAT_OK;
    }
    int bad = ferror(out->f);
    int e = errno;
    if (fclose(out->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    out->f = NULL;
    if (!bad && rename(out->tmp_path, out->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        int st = icstat_error_set(err, ICSTAT_EIO, out->path, 0, "write failed: %s",
                                  strerror(e));
        icstat_outfile_abort(out);
        return st;
    }
    free(out->tmp_path);
    free(out->path);
    out->tmp_path = out->path = NULL;
    return ICSTAT_OK;
}

void icstat_outfile_abort(icstat_outfile *out)
{
    if (out->f && out->f != stdout)
        fclose(out->f);
    out->f = NULL;
    if (out->tmp_path)
        unlink(out->tmp_path);
    free(out->tmp_path);
    free(out->path);
    out->tmp_path = out->path = NULL;
}
