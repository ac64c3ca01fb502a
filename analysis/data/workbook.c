/* workbook.c — sheets of .xlsx and .ods workbooks as CSV (see workbook.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icstat/cleanup.h"
#include "icstat/spawn.h"
#include "icstat/text.h"
#include "icstat/workbook.h"

/* A workbook is converted whole into a private directory, one file per sheet
 * (ssconvert -S names them sheet.0.csv, sheet.1.csv, ...).  Each name
 * that a sheet may take is registered with cleanup.h before the
 * conversion, up to this many sheets; a workbook with more is refused. */
#define ODS_MAX_SHEETS 64

struct icstat_workbook {
    icstat_workbook_kind kind;
    char *path;      /* the workbook, "./" in front of a name starting with '-' */
    char *prog;      /* the converter's full path */
    char dir[4000];  /* .ods: the directory of sheets */
    char file[4096]; /* the current sheet's CSV: dir and a sheet's name fit */
};

icstat_workbook_kind icstat_workbook_kind_of(const char *path)
{
    if (!path)
        return ICSTAT_WORKBOOK_NONE;
    return icstat_has_suffix(path, ".xlsx") ? ICSTAT_WORKBOOK_XLSX
           : icstat_has_suffix(path, ".ods") ? ICSTAT_WORKBOOK_ODS
                                     : ICSTAT_WORKBOOK_NONE;
}

static int nomem(icstat_error *err)
{
    return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
}

static const char *tmp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

#define NAME_MAX_LEN 4096

static void ods_sheet_name(const icstat_workbook *wb, unsigned long i, char buf[NAME_MAX_LEN])
{
    snprintf(buf, NAME_MAX_LEN, "%.3999s/sheet.%lu.csv", wb->dir, i % 1000);
}

/* Forget and remove the .ods directory and every sheet in it. */
static void ods_remove(icstat_workbook *wb)
{
    char name[NAME_MAX_LEN];
    for (unsigned long i = 0; i < ODS_MAX_SHEETS; i++) {
        ods_sheet_name(wb, i, name);
        unlink(name);
        icstat_cleanup_untrack(name);
    }
    rmdir(wb->dir);
    icstat_cleanup_untrack(wb->dir);
    wb->dir[0] = '\0';
}

/* ssconvert -S: every sheet to dir/sheet.N.csv, raw values, commas.
 * Raw values keep dates as serial numbers in the 1900 system whatever the
 * workbook's own (xlsx2csv 0.7.8, in Debian 12, reads date1904="0" as the
 * 1904 system and moves every date four years and a day). */
static int ods_convert(icstat_workbook *wb, const char *shown, icstat_error *err)
{
    snprintf(wb->dir, sizeof wb->dir, "%s/icstat-sheets.XXXXXX", tmp_dir());
    if (!mkdtemp(wb->dir)) {
        int e = errno;
        wb->dir[0] = '\0';
        return icstat_error_set(err, ICSTAT_EIO, tmp_dir(), 0,
                                "cannot make a temporary directory: %s", strerror(e));
    }
    /* The sheets first, then the directory: an interrupted run removes
     * them in that order. */
    char name[NAME_MAX_LEN];
    for (unsigned long i = 0; i < ODS_MAX_SHEETS; i++) {
        ods_sheet_name(wb, i, name);
        if (icstat_cleanup_track(name) != 0)
            return nomem(err);
    }
    if (icstat_cleanup_track(wb->dir) != 0)
        return nomem(err);
    char out[NAME_MAX_LEN];
    snprintf(out, sizeof out, "%.3999s/sheet.%%n.csv", wb->dir);
    char *argv[] = {"ssconvert", "-S", "-T", "Gnumeric_stf:stf_assistant",
                    "-O", "format=raw separator=, eol=unix charset=UTF-8",
                    wb->path, out, NULL};
    int code = 0;
    /* Its chatter on stderr is of no use to a reader: only its failure. */
    int st = icstat_spawn_run(wb->prog, argv, NULL, -1, -1, &code, err);
    if (st == ICSTAT_OK && code != 0)
        return icstat_error_set(err, ICSTAT_EDATA, shown, 0,
                                "ssconvert could not read the workbook (its message is "
                                "above); open it and save the data sheet as CSV");
    ods_sheet_name(wb, ODS_MAX_SHEETS, name);
    if (st == ICSTAT_OK && access(name, F_OK) == 0)
        return icstat_error_set(err, ICSTAT_EDATA, shown, 0,
                                "the workbook has more than %d sheets; save the data sheet "
                                "as CSV and import that",
                                ODS_MAX_SHEETS);
    return st;
}

int icstat_workbook_open(const char *path, icstat_workbook **out, icstat_error *err)
{
    *out = NULL;
    icstat_workbook_kind kind = icstat_workbook_kind_of(path);
    if (kind == ICSTAT_WORKBOOK_NONE)
        return icstat_error_set(err, ICSTAT_EUSAGE, path ? path : "", 0,
                                "not an .xlsx or .ods workbook");
    if (access(path, R_OK) != 0)
        return icstat_error_set(err, ICSTAT_EDATA, path, 0, "cannot open file: %s",
                                strerror(errno));
    icstat_workbook *wb = calloc(1, sizeof *wb);
    if (!wb)
        return nomem(err);
    wb->kind = kind;
    /* A name starting with - must not read as one of the converter's options. */
    if (!(wb->path = malloc(strlen(path) + 3))) {
        free(wb);
        return nomem(err);
    }
    sprintf(wb->path, "%s%s", path[0] == '-' ? "./" : "", path);
    int no_mem = 0, st = ICSTAT_OK;
    if (!(wb->prog = icstat_spawn_find("ssconvert", &no_mem)))
        st = no_mem ? nomem(err)
                    : icstat_error_set(err, ICSTAT_EDATA, path, 0,
                                       "reading %s needs ssconvert, which is not installed: "
                                       "install it (Debian: apt-get install gnumeric, or make "
                                       "import-deps) or save the data sheet as CSV and import "
                                       "that",
                                       kind == ICSTAT_WORKBOOK_XLSX ? ".xlsx" : ".ods");
    if (st == ICSTAT_OK)
        st = ods_convert(wb, path, err);
    if (st != ICSTAT_OK) {
        icstat_workbook_close(wb);
        return st;
    }
    *out = wb;
    return ICSTAT_OK;
}

const char *icstat_workbook_sheet(icstat_workbook *wb, unsigned long n, icstat_error *err)
{
    if (n < 1) {
        icstat_error_set(err, ICSTAT_EUSAGE, wb->path, 0, "sheets are numbered from 1");
        return NULL;
    }
    ods_sheet_name(wb, (n - 1) % 1000, wb->file);
    if (n > ODS_MAX_SHEETS || access(wb->file, R_OK) != 0) {
        unsigned long have = 0;
        char name[NAME_MAX_LEN];
        while (have < ODS_MAX_SHEETS &&
               (ods_sheet_name(wb, have, name), access(name, F_OK) == 0))
            have++;
        wb->file[0] = '\0';
        icstat_error_set(err, ICSTAT_EDATA, wb->path, 0,
                         "the workbook has no sheet %lu (it has %lu)", n, have);
        return NULL;
    }
    return wb->file;
}

int icstat_workbook_serial_dates(const icstat_workbook *wb)
{
    return wb != NULL;
}

void icstat_workbook_close(icstat_workbook *wb)
{
    if (!wb)
        return;
    if (wb->dir[0])
        ods_remove(wb);
    free(wb->prog);
    free(wb->path);
    free(wb);
}
