/* fuzz_import_ofsted.c — `icstat import ofsted` from memory:
 * icstat_ofsted_import_read_buffer on arbitrary bytes, then the
 * canonical table written in every format (to /dev/null).
 *
 * An optional first line "#opt ITEM|ITEM|..." sets the options, the file
 * starting on the next line: "rows=N" (opening rows searched for the
 * header, 0-20) and "COLUMN=Header" (as --map).  Checked: the counts add
 * up (every row read is written or skipped for one reason) and the
 * header's line is one of the file's. */
#include "icstat/ofsted.h"
#include "icstat/result.h"
#include "fuzz.h"

/* Fill opt from the items of an "#opt" line (modified in place). */
static void parse_opt_line(char *line, icstat_ofsted_options *opt)
{
    for (char *item = line, *next; item; item = next) {
        next = strchr(item, '|');
        if (next)
            *next++ = '\0';
        char *eq = strchr(item, '=');
        if (!eq)
            continue;
        *eq = '\0';
        if (strcmp(item, "rows") == 0) {
            opt->header_rows = (size_t)strtoul(eq + 1, NULL, 10) % 21;
            continue;
        }
        long j = icstat_ofsted_column_lookup(item);
        if (j >= 0 && eq[1])
            opt->map[j] = eq + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    size_t len = size;
    icstat_ofsted_options opt = {0};
    char *line = NULL;
    if (len >= 5 && memcmp(buf, "#opt ", 5) == 0) {
        const char *nl = memchr(buf, '\n', len);
        const size_t n = nl ? (size_t)(nl - buf) : len;
        if (!(line = fuzz_cstring(data + 5, n - 5)))
            return 0;
        parse_opt_line(line, &opt);
        buf += nl ? n + 1 : n;
        len -= nl ? n + 1 : n;
    }

    icstat_ofsted_import *imp = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    int st = icstat_ofsted_import_read_buffer("fuzz.csv", buf, len, &opt, &imp, &err);
    if (st == ICSTAT_OK) {
        FUZZ_CHECK(imp && imp->table);
        size_t skipped = 0;
        for (int k = 0; k < ICSTAT_OFSTED_NSKIP; k++)
            skipped += imp->skipped[k].count;
        FUZZ_CHECK(imp->rows_written + skipped == imp->rows_read);
        FUZZ_CHECK(imp->header_line >= 1);
        FUZZ_CHECK(imp->source[ICSTAT_OFSTED_URN] >= 0);
        FUZZ_CHECK(imp->source[ICSTAT_OFSTED_INSPECTION_DATE] >= 0);
        for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++)
            FUZZ_CHECK((imp->source[j] >= 0) == (imp->source_name[j] != NULL));
        fuzz_write_everywhere(imp->table);
    } else {
        FUZZ_CHECK(!imp && err.msg[0] != '\0');
    }
    icstat_ofsted_import_free(imp);
    free(line);
    return 0;
}
