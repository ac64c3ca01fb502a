/* cli.h — what every command shares: error reporting, strict option
 * values, comma lists, and the command entry points. */
#ifndef ICSTAT_CLI_H
#define ICSTAT_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "icstat/derive.h"
#include "icstat/outfile.h"
#include "icstat/result.h"
#include "icstat/scale.h"
#include "icstat/status.h"
#include "icstat/strlist.h"
#include "icstat/version.h"

/* "icstat: FILE:LINE: message" (parts left out when unknown) on stderr;
 * returns the exit status for err->status. */
int icstat_cli_report(const icstat_error *err);

/* "icstat: out of memory" on stderr, for a command that ran out before an
 * engine could record it; returns the exit status, 2. */
int icstat_cli_out_of_memory(void);

/* A usage error: "icstat CMD: message" and a pointer to --help; returns 1. */
int icstat_cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Option codes every command puts in its getopt_long table for the
 * options they share: --format F, --conf X, -o FILE, -h/--help. */
enum {
    ICSTAT_OPT_FORMAT = 1000, ICSTAT_OPT_CONF,
    /* derive.h: agree and fit take all three, describe the first two */
    ICSTAT_OPT_YEARS_BETWEEN, ICSTAT_OPT_BAND, ICSTAT_OPT_WHERE,
    /* icstat_cli_getopt: a usage error already reported */
    ICSTAT_OPT_REFUSED
};

/* The getopt_long entries of those shared options, written once: the
 * derived columns (derive.h), and the output options that end every
 * command's table (with its NULL entry). */
#define ICSTAT_CLI_DERIVE_OPTIONS                                          \
    {"years-between", required_argument, NULL, ICSTAT_OPT_YEARS_BETWEEN},  \
    {"band", required_argument, NULL, ICSTAT_OPT_BAND},                    \
    {"where", required_argument, NULL, ICSTAT_OPT_WHERE}
#define ICSTAT_CLI_OUTPUT_OPTIONS                                          \
    {"format", required_argument, NULL, ICSTAT_OPT_FORMAT},                \
    {"output", required_argument, NULL, 'o'},                              \
    {"help", no_argument, NULL, 'h'},                                      \
    {NULL, 0, NULL, 0}

typedef struct {
    icstat_format fmt;    /* --format (default text) */
    const char *out_path; /* -o (default NULL: stdout) */
    double conf;          /* --conf (default 0.95) */
} icstat_cli_common;

#define ICSTAT_CLI_COMMON_INIT {ICSTAT_FMT_TEXT, NULL, 0.95}

/* A command's options read by getopt_long with the rules every command
 * shares (icstat_cli_getopt):
 * - an option is written in full: getopt_long's abbreviations (--se for
 *   --seed) are refused as unknown options, so that an option another
 *   tool spells shorter never reaches a different one of ours;
 * - an option that takes a value is given once, except the options in
 *   `repeats` (their --help says that repeats add up: --where, --group,
 *   --map, ...); a second value is a usage error naming the option, not a
 *   silent replacement of the first.  A flag given twice is a flag. */
struct option;
#define ICSTAT_CLI_MAX_SEEN 64
typedef struct {
    const char *cmd;              /* in messages: "fit", "power fit" */
    const struct option *options; /* the command's getopt_long table */
    const int *repeats;           /* codes whose repeats add up, 0-ended; NULL: none */
    int started;                  /* getopt's state reset for this argv */
    size_t n_seen;
    int seen[ICSTAT_CLI_MAX_SEEN];            /* codes of the valued options given */
    const char *seen_value[ICSTAT_CLI_MAX_SEEN]; /* and their values */
} icstat_cli_parser;

#define ICSTAT_CLI_PARSER(cmd, options, repeats) {(cmd), (options), (repeats), 0, 0, {0}, {0}}

/* The next option, as getopt_long(argc, argv, ":o:h", ...) returns it
 * (the first call resets optind and opterr), or ICSTAT_OPT_REFUSED after
 * a usage error it has reported (an abbreviation, a repeat), which
 * icstat_cli_common_option turns into exit status 1. */
int icstat_cli_getopt(icstat_cli_parser *p, int argc, char **argv);

/* Handle getopt_long's result c when it is not one of the command's own:
 * the shared options, and getopt's reports of a missing value (':') or an
 * unknown option.  Returns 0 to go on parsing, or -1 when the command must
 * stop with exit status *rc (0 after --help, which prints `usage`; 1 after
 * a usage error).  Parse with optstring ":o:h" so that ':' is reported. */
int icstat_cli_common_option(const char *cmd, int c, char **argv, void (*usage)(FILE *),
                             icstat_cli_common *common, int *rc);

/* --years-between, --band and --where (derive.h) in a command's --help. */
#define ICSTAT_CLI_DERIVE_HELP                                                            \
    "  --years-between NEW=FROM,TO\n"                                                     \
    "                        add column NEW: years from date column FROM to date\n"       \
    "                        column TO (days / 365.25); missing when either is\n"         \
    "  --band NEW=COL:C1,C2,...\n"                                                        \
    "                        add column NEW: the band of numeric COL between the cut\n"   \
    "                        points, 'under C1', 'C1-D' (whole numbers; D = C2 - 1) or\n" \
    "                        'C1 to under C2', ..., 'Ck or more', kept in that order;\n" \
    "                        give either again for another column\n"

#define ICSTAT_CLI_WHERE_HELP                                                             \
    "  --where COND          keep only the rows where COND holds: COL=VALUE, COL!=VALUE,\n" \
    "                        COL<N, COL<=N, COL>N or COL>=N (a row missing COL meets\n"   \
    "                        none); repeat it for several.  --years-between, --band and\n" \
    "                        --where run in the order given, so --where can test NEW\n"

/* Handle ICSTAT_OPT_YEARS_BETWEEN, _BAND and _WHERE: add the step to d.
 * 0, or -1 with *rc the exit status of a usage error (1) or of out of
 * memory (2). */
int icstat_cli_derive_option(const char *cmd, int c, const char *value, icstat_derive *d,
                             int *rc);

/* The note that --where left rows out ("--where phase=Primary: 3 of 9
 * rows left out"), added to res when d has a condition.  0, or -1 when out
 * of memory. */
int icstat_cli_where_note(icstat_result *res, const icstat_derive *d);

/* After the options, exactly one input FILE: 0, or a usage error's exit
 * status. */
int icstat_cli_one_input(const char *cmd, int argc, int optind_after);

/* Option values parsed completely; 0 on success, -1 otherwise. */
int icstat_cli_parse_double(const char *s, double *out);
int icstat_cli_parse_size(const char *s, size_t *out);
int icstat_cli_parse_ulong(const char *s, unsigned long *out);

/* Split "a, b,c" at commas, trimming spaces around each item.  Returns a
 * NULL-terminated array (free with icstat_strv_free) and its length in
 * *n, or NULL when out of memory or an item is empty (which of the two:
 * icstat_cli_list_has_empty). */
char **icstat_cli_split_list(const char *s, size_t *n);
int icstat_cli_list_has_empty(const char *s);

/* A list-valued option (it replaces an earlier list; icstat_cli_getopt
 * refuses a second one unless the command lets it add up): 0, or
 * the exit status of "icstat CMD: OPT 'VALUE' has an empty item" (1) or of
 * "icstat: out of memory" (2). */
int icstat_cli_list_option(const char *cmd, const char *opt, const char *value, char ***list,
                           size_t *n);

/* A list-valued option that adds to the list each time it is given: its
 * items appended to *list (NULL-terminated, *n of them).  0, or the exit
 * status of the same usage error as icstat_cli_list_option's or of out of
 * memory. */
int icstat_cli_list_append(const char *cmd, const char *opt, const char *value, char ***list,
                           size_t *n);

/* --categories VALUE: the name of a known scale (scale.h: ofsted,
 * report-card, met) sets *scale and leaves *list NULL; anything else is a
 * list read as icstat_cli_list_option reads it, with *scale NULL. */
int icstat_cli_categories_option(const char *cmd, const char *value, char ***list, size_t *n,
                                 const icstat_scale **scale);

/* Write results res[0..n-1], one after another, to path (NULL = stdout)
 * in fmt, atomically; notes go to stderr for csv and tsv, whose output must
 * stay a clean table. */
int icstat_cli_write_results(const icstat_result *const *res, size_t n, const char *path,
                             icstat_format fmt, icstat_error *err);

/* The same for a command with several outputs: stage each in `set`
 * (outfile.h), commit the set when all are staged, then print the notes
 * of each with icstat_cli_print_notes. */
int icstat_cli_stage_results(icstat_outset *set, const icstat_result *const *res, size_t n,
                             const char *path, icstat_format fmt, icstat_error *err);
void icstat_cli_print_notes(const icstat_result *const *res, size_t n, icstat_format fmt);

/* --seed VALUE (seed.h): *seed, or -1 with *rc the exit status of a usage
 * error that states the range. */
int icstat_cli_seed_option(const char *cmd, const char *value, unsigned long *seed, int *rc);

/* An option naming an output file: *dst = value, or -1 with *rc the exit
 * status of a usage error when the name is empty. */
int icstat_cli_output_option(const char *cmd, const char *opt, const char *value,
                             const char **dst, int *rc);

/* One file a command reads or writes, for icstat_cli_check_files: `what`
 * names it in a message ("-o", "--effects", "the input"). */
typedef struct {
    const char *what;
    const char *path; /* NULL: not given */
} icstat_cli_file;

/* Before anything is read or written: every output must differ from every
 * input and from every other output (the same device and inode where the
 * file exists, the same resolved name otherwise; "-" as an input is what
 * stdin is; stdout and special files such as /dev/null are left out, as
 * writing them replaces nothing).  0, or the exit status of a usage error
 * naming both. */
int icstat_cli_check_files(const char *cmd, const icstat_cli_file *in, size_t n_in,
                           const icstat_cli_file *out, size_t n_out);

/* The same for a command with one input and -o. */
int icstat_cli_check_one(const char *cmd, const char *input, const char *output);

/* Commands. */
int icstat_cmd_agree(int argc, char **argv);
int icstat_cmd_fit(int argc, char **argv);
int icstat_cmd_simulate(int argc, char **argv);
int icstat_cmd_power(int argc, char **argv);
int icstat_cmd_describe(int argc, char **argv);
int icstat_cmd_import(int argc, char **argv);
int icstat_cmd_chart(int argc, char **argv);

#endif
