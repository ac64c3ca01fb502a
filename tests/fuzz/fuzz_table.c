/* fuzz_table.c — CSV ingest: icstat_table_read_buffer and
 * icstat_table_scan_buffer on arbitrary bytes.
 *
 * Besides memory errors and leaks, it checks what table.h promises of a
 * table it returns (unique trimmed names, increasing lines, missing cells
 * NULL and counted, a numeric column exactly when every other cell parses,
 * each number the one icstat_parse_double gives), and that the scanner,
 * the same reader without a table, hands over the same rows and fields on
 * the same lines. */
#include <math.h>

#include "icstat/table.h"
#include "fuzz.h"

static void check_table(const icstat_table *t)
{
    FUZZ_CHECK(t->ncol >= 1 && t->cols);
    FUZZ_CHECK(t->nrow == 0 || t->line);
    for (size_t i = 0; i < t->nrow; i++)
        FUZZ_CHECK(t->line[i] >= 1 && (i == 0 || t->line[i] > t->line[i - 1]));
    for (size_t j = 0; j < t->ncol; j++) {
        const icstat_column *c = &t->cols[j];
        const size_t len = strlen(c->name);
        FUZZ_CHECK(len > 0);
        FUZZ_CHECK(c->name[0] != ' ' && c->name[0] != '\t');
        FUZZ_CHECK(c->name[len - 1] != ' ' && c->name[len - 1] != '\t');
        FUZZ_CHECK(icstat_table_find(t, c->name) == (long)j);
        FUZZ_CHECK(!c->is_numeric == !c->num);
        size_t missing = 0, unparsed = 0;
        for (size_t i = 0; i < t->nrow; i++) {
            const char *s = c->text[i];
            double x;
            if (!s) {
                missing++;
                FUZZ_CHECK(!c->is_numeric || isnan(c->num[i]));
                continue;
            }
            FUZZ_CHECK(!icstat_is_missing_token(s));
            if (!icstat_parse_double(s, &x))
                unparsed++;
            else if (c->is_numeric)
                FUZZ_CHECK(x == c->num[i]);
        }
        FUZZ_CHECK(missing == c->n_missing);
        FUZZ_CHECK(c->is_numeric == (unparsed == 0 && missing < t->nrow));
    }
}

/* The scan, compared row by row with the table the same bytes gave. */
typedef struct {
    const icstat_table *t; /* NULL when reading the table failed */
    icstat_error *err;
    int header_seen;
    size_t header_fields;  /* the header's fields, trailing empty names too */
    size_t row;            /* next table row */
    long last_line;
} scan_state;

static int blank_field(const char *f)
{
    return f[strspn(f, " \t")] == '\0';
}

static int blank_row(const char *const *fields, size_t n)
{
    return n == 1 && blank_field(fields[0]);
}

/* Fields from `from` on are blank: Excel's trailing columns, which the
 * table drops (table.h) while the scan hands them over. */
static int blank_from(const char *const *fields, size_t from, size_t n)
{
    for (size_t j = from; j < n; j++)
        if (!blank_field(fields[j]))
            return 0;
    return 1;
}

static int on_row(void *ctx, const char *const *fields, size_t n, long line)
{
    scan_state *s = ctx;
    FUZZ_CHECK(n >= 1 && line > s->last_line);
    s->last_line = line;
    for (size_t j = 0; j < n; j++)
        FUZZ_CHECK(fields[j] != NULL);
    const icstat_table *t = s->t;
    if (t && !s->header_seen) {
        /* Before the header a row of spaces counts as blank. */
        if (!blank_row(fields, n)) {
            FUZZ_CHECK(n >= t->ncol && blank_from(fields, t->ncol, n));
            s->header_fields = n;
            s->header_seen = 1;
        }
    } else if (t) {
        /* A row may stop before the dropped trailing columns. */
        const size_t i = s->row++;
        FUZZ_CHECK(i < t->nrow && line == t->line[i]);
        FUZZ_CHECK(n >= t->ncol && n <= s->header_fields && blank_from(fields, t->ncol, n));
        for (size_t j = 0; j < t->ncol; j++) {
            const char *cell = t->cols[j].text[i];
            FUZZ_CHECK(cell ? strcmp(cell, fields[j]) == 0 : icstat_is_missing_token(fields[j]));
        }
    }
    /* A callback may stop the scan: exercise that path too. */
    if (strcmp(fields[0], "STOP") == 0)
        return icstat_error_set(s->err, ICSTAT_EDATA, "fuzz.csv", line, "stopped here");
    return ICSTAT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    icstat_table *t = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    int st = icstat_table_read_buffer("fuzz.csv", buf, size, &t, &err);
    if (st == ICSTAT_OK) {
        FUZZ_CHECK(t != NULL);
        check_table(t);
    } else {
        FUZZ_CHECK(t == NULL && err.status == st && err.msg[0] != '\0' && err.line >= 0);
    }

    icstat_error serr;
    icstat_error_clear(&serr);
    scan_state s = {t, &serr, 0, 0, 0, 0};
    int sst = icstat_table_scan_buffer("fuzz.csv", buf, size, on_row, &s, &serr);
    const int stopped = sst != ICSTAT_OK && strcmp(serr.msg, "stopped here") == 0;
    if (sst != ICSTAT_OK)
        FUZZ_CHECK(serr.status == sst && serr.msg[0] != '\0');
    if (t && !stopped) {
        /* The reader's own errors (quotes, NULs) fail both or neither. */
        FUZZ_CHECK(sst == ICSTAT_OK && s.header_seen && s.row == t->nrow);
    }
    icstat_table_free(t);
    return 0;
}
