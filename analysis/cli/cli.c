/* cli.c — helpers every command uses. */
/* realpath is XSI, beyond _POSIX_C_SOURCE; a feature-test macro is meant
 * to have a reserved name. */
/* NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "icstat/cli.h"
#include "icstat/outfile.h"
#include "icstat/seed.h"
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

int icstat_cli_out_of_memory(void)
{
    fputs("icstat: out of memory\n", stderr);
    return 2;
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
            icstat_strv_free(list);
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

int icstat_cli_stage_results(icstat_outset *set, const icstat_result *const *res, size_t n,
                             const char *path, icstat_format fmt, icstat_error *err)
{
    FILE *f;
    int st = icstat_outset_open(set, path, &f, err);
    if (st != ICSTAT_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (i && fputc('\n', f) == EOF)
            st = ICSTAT_EIO;
        else
            st = icstat_result_write(res[i], f, fmt);
        if (st == ICSTAT_ENOMEM)
            return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        if (st != ICSTAT_OK)
            return icstat_error_set(err, ICSTAT_EIO, path ? path : "<stdout>", 0,
                                    "write failed: %s", strerror(errno));
    }
    return ICSTAT_OK;
}

void icstat_cli_print_notes(const icstat_result *const *res, size_t n, icstat_format fmt)
{
    /* csv and tsv carry no notes; say them on stderr instead. */
    if (fmt == ICSTAT_FMT_CSV || fmt == ICSTAT_FMT_TSV)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < icstat_result_n_notes(res[i]); j++)
                fprintf(stderr, "icstat: note: %s\n", icstat_result_note(res[i], j));
}

int icstat_cli_write_results(const icstat_result *const *res, size_t n, const char *path,
                             icstat_format fmt, icstat_error *err)
{
    icstat_outset set = ICSTAT_OUTSET_INIT;
    int st = icstat_cli_stage_results(&set, res, n, path, fmt, err);
    if (st != ICSTAT_OK) {
        icstat_outset_abort(&set);
        return st;
    }
    if ((st = icstat_outset_commit(&set, err)) != ICSTAT_OK)
        return st;
    icstat_cli_print_notes(res, n, fmt);
    return ICSTAT_OK;
}

/* The entry of `options` whose name is exactly the `len` bytes at name,
 * or NULL. */
static const struct option *option_named(const struct option *options, const char *name,
                                         size_t len)
{
    for (const struct option *o = options; o->name; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

/* How the user names option code c in a message: "-o", or "--NAME" from
 * the table. */
static void option_shown(const icstat_cli_parser *p, int c, char *buf, size_t len)
{
    if (c == 'o' || c == 'h') {
        snprintf(buf, len, "-%c", c);
        return;
    }
    for (const struct option *o = p->options; o->name; o++)
        if (o->val == c) {
            snprintf(buf, len, "--%s", o->name);
            return;
        }
    snprintf(buf, len, "an option");
}

/* A long option as typed ("--se" of "--se=x") must be a whole name of the
 * table: getopt_long takes any unambiguous prefix, which would let a word
 * of another tool reach a different option here.  0, or -1 after the
 * usage error. */
static int refuse_abbreviation(const icstat_cli_parser *p, const char *typed)
{
    if (strncmp(typed, "--", 2) != 0)
        return 0;
    const size_t len = strcspn(typed + 2, "=");
    if (option_named(p->options, typed + 2, len))
        return 0;
    icstat_cli_usage_error(p->cmd, "unknown option '%.*s'", (int)(len + 2), typed);
    return -1;
}

/* A valued option not in p->repeats given again: -1 after the usage
 * error; else 0, the option noted. */
static int refuse_repeat(icstat_cli_parser *p, int c, const char *value)
{
    for (const int *r = p->repeats; r && *r; r++)
        if (*r == c)
            return 0;
    for (size_t i = 0; i < p->n_seen; i++)
        if (p->seen[i] == c) {
            char shown[80];
            option_shown(p, c, shown, sizeof shown);
            icstat_cli_usage_error(p->cmd, "%s is given twice ('%s', then '%s'): give it once",
                                   shown, p->seen_value[i], value);
            return -1;
        }
    if (p->n_seen < ICSTAT_CLI_MAX_SEEN) {
        p->seen[p->n_seen] = c;
        p->seen_value[p->n_seen++] = value;
    }
    return 0;
}

int icstat_cli_getopt(icstat_cli_parser *p, int argc, char **argv)
{
    if (!p->started) {
        optind = 1;
        opterr = 0;
        p->started = 1;
    }
    int idx = -1;
    const int c = getopt_long(argc, argv, ":o:h", p->options, &idx);
    if (c == -1 || c == '?')
        return c;
    if (c == ':') /* "--se" last: unknown, rather than missing a value */
        return refuse_abbreviation(p, argv[optind - 1]) != 0 ? ICSTAT_OPT_REFUSED : c;
    /* What was typed: the option, then its value when given apart. */
    const int valued = idx >= 0 ? p->options[idx].has_arg == required_argument : c == 'o';
    const char *typed = valued && optarg == argv[optind - 1] ? argv[optind - 2]
                                                             : argv[optind - 1];
    if (idx >= 0 && refuse_abbreviation(p, typed) != 0)
        return ICSTAT_OPT_REFUSED;
    if (valued && refuse_repeat(p, c, optarg) != 0)
        return ICSTAT_OPT_REFUSED;
    return c;
}

int icstat_cli_common_option(const char *cmd, int c, char **argv, void (*usage)(FILE *),
                             icstat_cli_common *common, int *rc)
{
    int k;
    switch (c) {
    case ICSTAT_OPT_REFUSED:
        *rc = 1; /* icstat_cli_getopt has said why */
        return -1;
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
        if (icstat_cli_output_option(cmd, "-o", optarg, &common->out_path, rc) != 0)
            return -1;
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

int icstat_cli_where_note(icstat_result *res, const icstat_derive *d)
{
    if (!icstat_derive_has_where(d))
        return 0;
    char where[400];
    icstat_derive_where_text(d, where, sizeof where);
    return icstat_result_add_note(res, "--where %s: %zu of %zu rows left out", where,
                                  d->n_dropped, d->n_read) != 0
               ? -1
               : 0;
}

int icstat_cli_derive_option(const char *cmd, int c, const char *value, icstat_derive *d,
                             int *rc)
{
    const icstat_derive_kind kind = c == ICSTAT_OPT_YEARS_BETWEEN ? ICSTAT_DERIVE_YEARS
                                    : c == ICSTAT_OPT_BAND        ? ICSTAT_DERIVE_BAND
                                                                  : ICSTAT_DERIVE_WHERE;
    static const char *const names[] = {[ICSTAT_DERIVE_YEARS] = "--years-between",
                                        [ICSTAT_DERIVE_BAND] = "--band",
                                        [ICSTAT_DERIVE_WHERE] = "--where"};
    icstat_error err;
    icstat_error_clear(&err);
    const int st = icstat_derive_add(d, kind, value, names[kind], &err);
    if (st == ICSTAT_OK)
        return 0;
    /* A value derive.c cannot read is a usage error here, before any I/O. */
    *rc = st == ICSTAT_ENOMEM ? icstat_cli_out_of_memory()
                              : icstat_cli_usage_error(cmd, "%s", err.msg);
    return -1;
}

int icstat_cli_one_input(const char *cmd, int argc, int optind_after)
{
    if (optind_after == argc - 1)
        return 0;
    return icstat_cli_usage_error(cmd, optind_after == argc ? "no input FILE given"
                                                            : "one input FILE, please (got %d)",
                                  argc - optind_after);
}

int icstat_cli_list_append(const char *cmd, const char *opt, const char *value, char ***list,
                           size_t *n)
{
    size_t m;
    char **items = icstat_cli_split_list(value, &m);
    if (!items)
        return icstat_cli_list_has_empty(value)
                   ? icstat_cli_usage_error(cmd, "%s '%s' has an empty item", opt, value)
                   : icstat_cli_out_of_memory();
    char **grown = realloc(*list, (*n + m + 1) * sizeof *grown);
    if (!grown) {
        icstat_strv_free(items);
        return icstat_cli_out_of_memory();
    }
    memcpy(grown + *n, items, m * sizeof *items);
    *n += m;
    grown[*n] = NULL;
    *list = grown;
    free(items); /* the strings now belong to *list */
    return 0;
}

int icstat_cli_list_option(const char *cmd, const char *opt, const char *value, char ***list,
                           size_t *n)
{
    /* A list that comes again replaces the earlier one (where a command
     * lets the option repeat at all, icstat_cli_getopt). */
    icstat_strv_free(*list);
    *list = NULL;
    *n = 0;
    return icstat_cli_list_append(cmd, opt, value, list, n);
}

int icstat_cli_categories_option(const char *cmd, const char *value, char ***list, size_t *n,
                                 const icstat_scale **scale)
{
    if ((*scale = icstat_scale_lookup(value))) {
        icstat_strv_free(*list);
        *list = NULL;
        *n = 0;
        return 0;
    }
    return icstat_cli_list_option(cmd, "--categories", value, list, n);
}

int icstat_cli_seed_option(const char *cmd, const char *value, unsigned long *seed, int *rc)
{
    if (icstat_seed_parse(value, seed) == 0)
        return 0;
    *rc = icstat_cli_usage_error(cmd, "--seed must be " ICSTAT_SEED_RANGE " (got '%s')", value);
    return -1;
}

int icstat_cli_output_option(const char *cmd, const char *opt, const char *value,
                             const char **dst, int *rc)
{
    if (!value[0]) {
        *rc = icstat_cli_usage_error(cmd, "%s '' is an empty file name (use - for standard "
                                     "output)", opt);
        return -1;
    }
    *dst = value;
    return 0;
}

/* What a file is, for telling whether two names are one file. */
typedef struct {
    int kind;  /* 0: left out, 1: dev and ino, 2: name */
    dev_t dev;
    ino_t ino;
    char *name; /* kind 2: the directory resolved, then the last part */
} file_id;

/* An existing regular file by device and inode; "-" by what stdin (an
 * input) or stdout (an output) is, so that `icstat ... - <f >>f` is caught;
 * a file still to be made by its resolved name.  A special file (a device,
 * a FIFO, a terminal) is left out: writing it replaces nothing.  A name
 * such as /dev/stdin that leads to a regular file is that file. */
static int file_id_get(const char *path, int input, file_id *id)
{
    struct stat sb;
    memset(id, 0, sizeof *id);
    if (strcmp(path, "-") == 0) {
        if (fstat(input ? STDIN_FILENO : STDOUT_FILENO, &sb) == 0 && S_ISREG(sb.st_mode))
            id->kind = 1, id->dev = sb.st_dev, id->ino = sb.st_ino;
        return 0;
    }
    if (stat(path, &sb) == 0) {
        if (S_ISREG(sb.st_mode))
            id->kind = 1, id->dev = sb.st_dev, id->ino = sb.st_ino;
        return 0;
    }
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    if (!dir)
        return -1;
    char *real = realpath(dir, NULL);
    free(dir);
    const char *base = slash ? slash + 1 : path;
    size_t len = (real ? strlen(real) : 0) + strlen(base) + 2;
    if ((id->name = malloc(len)))
        snprintf(id->name, len, "%s/%s", real ? real : "", real ? base : path);
    free(real);
    if (!id->name)
        return -1;
    id->kind = 2;
    return 0;
}

static int is_stdout(const char *path)
{
    return strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0 ||
           strcmp(path, "/dev/fd/1") == 0 || strcmp(path, "/proc/self/fd/1") == 0;
}

static int file_id_same(const file_id *a, const file_id *b)
{
    if (a->kind != b->kind || a->kind == 0)
        return 0;
    if (a->kind == 1)
        return a->dev == b->dev && a->ino == b->ino;
    return strcmp(a->name, b->name) == 0;
}

int icstat_cli_check_files(const char *cmd, const icstat_cli_file *in, size_t n_in,
                           const icstat_cli_file *out, size_t n_out)
{
    file_id *ids = calloc(n_in + n_out + 1, sizeof *ids);
    int rc = 0;
    if (!ids) {
        return icstat_cli_out_of_memory();
    }
    for (size_t i = 0; i < n_in + n_out && rc == 0; i++) {
        const icstat_cli_file *f = i < n_in ? &in[i] : &out[i - n_in];
        if (f->path && file_id_get(f->path, i < n_in, &ids[i]) != 0) {
            rc = icstat_cli_out_of_memory();
        }
    }
    /* Two outputs on standard output would be one interleaved stream. */
    for (size_t o = 0; o < n_out && rc == 0; o++)
        for (size_t k = 0; k < o && rc == 0; k++)
            if (out[o].path && out[k].path && is_stdout(out[o].path) && is_stdout(out[k].path))
                rc = icstat_cli_usage_error(cmd, "%s '%s' and %s '%s' are both standard output: "
                                            "give each output its own name",
                                            out[k].what, out[k].path, out[o].what, out[o].path);
    for (size_t o = 0; o < n_out && rc == 0; o++) {
        const file_id *id = &ids[n_in + o];
        for (size_t i = 0; i < n_in && rc == 0; i++)
            if (file_id_same(id, &ids[i]))
                rc = icstat_cli_usage_error(cmd, "%s '%s' is %s '%s': writing it would destroy "
                                            "what is read; name another output",
                                            out[o].what, out[o].path, in[i].what, in[i].path);
        for (size_t k = 0; k < o && rc == 0; k++)
            if (file_id_same(id, &ids[n_in + k]))
                rc = icstat_cli_usage_error(cmd, "%s '%s' and %s '%s' are the same file: give "
                                            "each output its own name",
                                            out[k].what, out[k].path, out[o].what, out[o].path);
    }
    for (size_t i = 0; i < n_in + n_out; i++)
        free(ids[i].name);
    free(ids);
    return rc;
}

int icstat_cli_check_one(const char *cmd, const char *input, const char *output)
{
    const icstat_cli_file in = {"the input", input};
    const icstat_cli_file out = output ? (icstat_cli_file){"-o", output}
                                       : (icstat_cli_file){"standard output", "-"};
    return icstat_cli_check_files(cmd, &in, 1, &out, 1);
}
