/* ofsted_file.c — an Ofsted file of any kind into the canonical table: a
 * CSV as it is, a workbook sheet by sheet.
 *
 * Ofsted's workbooks open with notes and contents sheets, so without a
 * chosen sheet the first whose opening rows hold a URN header is the
 * one; a sheet without one is passed over, any other refusal ends the
 * search.  Messages name the workbook and the sheet, never the temporary
 * CSV a sheet was converted to. */
#include <stdio.h>
#include <string.h>

#include "icstat/ofsted.h"
#include "icstat/workbook.h"

/* 1 when err says the sheet has no header at all (so the next may). */
static int no_header(const icstat_error *err)
{
    return strncmp(err->msg, "no header", 9) == 0 || strncmp(err->msg, "file is empty", 13) == 0;
}

static int import_workbook(const char *path, const icstat_ofsted_options *given,
                           icstat_ofsted_import **imp, icstat_error *err)
{
    icstat_ofsted_options opt = *given;
    const unsigned long sheet = opt.sheet;
    icstat_workbook *wb = NULL;
    int st = icstat_workbook_open(path, &wb, err);
    opt.serial_dates = icstat_workbook_serial_dates(wb);
    for (unsigned long n = sheet ? sheet : 1; st == ICSTAT_OK; n++) {
        const char *csv = icstat_workbook_sheet(wb, n, err);
        if (!csv) {
            st = err->status;
            if (!sheet && n > 1 && st == ICSTAT_EDATA && strstr(err->msg, "no sheet"))
                icstat_error_set(err, ICSTAT_EDATA, path, 0,
                                 "no sheet has a header with a URN column in its first %d "
                                 "rows (%lu sheets looked at)%s%s%s",
                                 ICSTAT_OFSTED_HEADER_ROWS, n - 1,
                                 opt.sheet_what ? "; name the sheet with " : "",
                                 opt.sheet_what ? opt.sheet_what : "",
                                 opt.sheet_what ? " N" : "");
            break;
        }
        st = icstat_ofsted_import_read(csv, &opt, imp, err);
        if (st == ICSTAT_OK)
            break;
        const int go_on = !sheet && no_header(err);
        if (strcmp(err->file, csv) == 0) {
            snprintf(err->file, sizeof err->file, "%s", path);
            snprintf(err->msg + strlen(err->msg), sizeof err->msg - strlen(err->msg),
                     " (sheet %lu)", n);
        }
        if (!go_on)
            break;
        st = ICSTAT_OK; /* on to the next sheet */
    }
    icstat_workbook_close(wb);
    if (st == ICSTAT_OK && !*imp) /* cannot happen: the loop ends on an import or an error */
        st = icstat_error_set(err, ICSTAT_EDATA, path, 0, "no sheet was read");
    return st;
}

int icstat_ofsted_import_file(const char *path, const icstat_ofsted_options *opt,
                              icstat_ofsted_import **out, icstat_error *err)
{
    static const icstat_ofsted_options none = {0};
    *out = NULL;
    if (icstat_workbook_kind_of(path) == ICSTAT_WORKBOOK_NONE)
        return icstat_ofsted_import_read(path, opt, out, err);
    return import_workbook(path, opt ? opt : &none, out, err);
}
