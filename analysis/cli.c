/* cli.c — helpers every command uses. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/cli.h"
#include "icstat/outfile.h"
#include "icstat/table.h"

int icstat_cli_report(const icstat_error *err)
{
    if (err->file[0] && err->line > 0)
        fprintf(stderr, "icstat: %s:%ld: %s\n", err->file, err->line, err->msg);
    else if (err->file[0])
        fprintf(stderr, "icstat: %s: %s\n", err->file, err->msg);
    else
        fprintf(stderr, "icstat: %s\n", err->msg);
    return icstat_status_exit_code(err->status);
}

int icstat_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "icstat %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'icstat %s --help' for more information.\n", cmd);
    return 1;
}

int icstat_cli_parse_double(const char *s, double *out)
{
    return icstat_parse_double(s, out) ? 0 : -1;
}

int icstat_cli_parse_ulong(const char *s, unsigned long *out)
{
    char *end;
    if (!*s || *s == '-' || *s == '+' || *s == ' ')
        return -1;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

int icstat_cli_parse_size(const char *s, size_t *out)
{
    unsigned long v;
    if (icstat_cli_parse_ulong(s, &v) != 0 || v > (unsigned long)SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

void icstat_cli_list_free(char **list)
{
    if (!list)
        return;
    for (char **p = list; *p; p++)
        free(*p);
    free(list);
}

int icstat_cli_list_has_empty(const char *s)
{
    for (;;) {
        size_t len = strcspn(s, ","), k = 0;
        while (k < len && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k == len)
            return 1;
        if (!s[len])
            return 0;
        s += len + 1;
    }
}

char **icstat_cli_split_list(const char *s, size_t *n)
{
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == ',';
    char **list = calloc(cap + 1, sizeof *list);
    if (!list)
        return NULL;
    size_t k = 0;
    const char *start = s;
    for (;;) {
        const char *end = strchr(start, ',');
        if (!end)
            end = start + strlen(start);
        const char *a = start, *b = end;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (a == b || !(list[k] = strndup(a, (size_t)(b - a)))) {
            icstat_cli_list_free(list);
            return NULL;
        }
        k++;
        if (!*end)
            break;
        start = end + 1;
    }
    *n = k;
    return list;
}

int icstat_cli_write_results(const icstat_result *const *res, size_t n, const char *path,
                             icstat_format fmt, icstat_error *err)
{
    icstat_outfile out;
    int st = icstat_outfile_open(&out, path, err);
    if (st != ICSTAT_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if ((i && fputc('\n', out.f) == EOF) ||
            (st = icstat_result_write(res[i], out.f, fmt)) != ICSTAT_OK) {
            icstat_outfile_abort(&out);
            if (st == ICSTAT_ENOMEM)
                return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            return icstat_error_set(err, ICSTAT_EIO, path ? path : "<stdout>", 0,
                                    "write failed: %s", strerror(errno));
        }
    }
    if ((st = icstat_outfile_commit(&out, err)) != ICSTAT_OK)
        return st;
    /* csv and tsv carry no notes; say them on stderr instead. */
    if (fmt == ICSTAT_FMT_CSV || fmt == ICSTAT_FMT_TSV)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < icstat_result_n_notes(res[i]); j++)
                fprintf(stderr, "icstat: note: %s\n", icstat_result_note(res[i], j));
    return ICSTAT_OK;
}

int icstat_cli_common_option(const char *cmd, int c, char **argv, void (*usage)(FILE *),
                             icstat_cli_common *common, int *rc)
{
    int k;
    switch (c) {
    case ICSTAT_OPT_FORMAT:
        if ((k = icstat_format_lookup(optarg)) < 0) {
            *rc = icstat_cli_usage_error(cmd, "unknown --format '%s' (use text, csv, tsv, "
                                         "json or md)", optarg);
            return -1;
        }
        common->fmt = (icstat_format)k;
        return 0;
    case ICSTAT_OPT_CONF:
        if (icstat_cli_parse_double(optarg, &common->conf) != 0 || !(common->conf > 0.0) ||
            !(common->conf < 1.0)) {
            *rc = icstat_cli_usage_error(cmd, "--conf must be a number between 0 and 1, like "
                                         "0.95 (got '%s')", optarg);
            return -1;
        }
        return 0;
    case 'o':
        common->out_path = optarg;
        return 0;
    case 'h':
        usage(stdout);
        *rc = 0;
        return -1;
    case ':':
        *rc = icstat_cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
        return -1;
    default:
        *rc = icstat_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        return -1;
    }
}

int icstat_cli_one_input(const char *cmd, int argc, int optind_after)
{
    if (optind_after == argc - 1)
        return 0;
    return icstat_cli_usage_error(cmd, optind_after == argc ? "no input FILE given"
                                                            : "one input FILE, please (got %d)",
                                  argc - optind_after);
}

int icstat_cli_list_option(const char *cmd, const char *opt, const char *value, char ***list,
                           size_t *n)
{
    icstat_cli_list_free(*list);
    if ((*list = icstat_cli_split_list(value, n)))
        return 0;
    if (!icstat_cli_list_has_empty(value)) {
        fputs("icstat: out of memory\n", stderr);
        return 2;
    }
    return icstat_cli_usage_error(cmd, "%s '%s' has an empty item", opt, value);
}
