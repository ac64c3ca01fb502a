/* main.c — the icstat binary: dispatch argv[1] to a command. */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "icstat/cleanup.h"
#include "icstat/cli.h"

/* subs: a command's subcommands (its first operand), for `icstat help CMD
 * SUB`; NULL for a command without. */
static const char *const power_subs[] = {"agree", "fit", NULL};
static const char *const import_subs[] = {"ofsted", NULL};

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *const *subs;
} commands[] = {
    {"agree", icstat_cmd_agree,
     "agreement among raters: percent agreement, kappas, AC1/AC2, alpha, ICC", NULL},
    {"fit", icstat_cmd_fit,
     "cumulative link (mixed) models: do some inspectors grade harder than others?", NULL},
    {"describe", icstat_cmd_describe,
     "percentages with Wilson intervals, chi-square, differences and risk ratios", NULL},
    {"import", icstat_cmd_import,
     "published data as icstat tables: 'import ofsted' reads Ofsted's inspection files",
     import_subs},
    {"simulate", icstat_cmd_simulate,
     "synthetic inspections (and double inspections) from a stated model", NULL},
    {"power", icstat_cmd_power,
     "how many double inspections (agree) or inspections (fit) a study needs, by simulation",
     power_subs},
    {"chart", icstat_cmd_chart,
     "charts for reports (svg, png, pdf) from the csv of the commands above, via gnuplot", NULL},
};

static void usage(FILE *f)
{
    fprintf(f, "icstat %s — inspection-consistency statistics\n\n"
               "Usage: icstat COMMAND [options] FILE\n"
               "       icstat COMMAND --help, or icstat help COMMAND [SUBCOMMAND]\n"
               "       icstat --version\n\nCommands:\n",
            ICSTAT_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nEvery command takes --format text|csv|tsv|json|md (import: csv|tsv|json)\n"
          "and -o FILE; chart takes -o OUT.svg|OUT.png|OUT.pdf.\n"
          "Options are written in full (no abbreviations) and given once, except those\n"
          "whose help says they may be given again (--where, --group, --map, ...).\n"
          "Exit status: 0 success, 1 usage error, 2 data error.\n",
          f);
}

/* "icstat help CMD [SUB]" is "icstat CMD [SUB] --help", into out[0..3]:
 * SUB only for a command that has it.  0, or -1 after a usage error (an
 * unknown CMD is left to the dispatch, which says so). */
static int help_args(int argc, char **argv, char *out[4])
{
    const size_t n = sizeof commands / sizeof *commands;
    size_t i = 0;
    while (i < n && strcmp(argv[2], commands[i].name) != 0)
        i++;
    const char *const *subs = i < n ? commands[i].subs : NULL;
    size_t k = 0;
    while (argc == 4 && subs && subs[k] && strcmp(subs[k], argv[3]) != 0)
        k++;
    if (argc > 4)
        fputs("icstat help: give a command and at most one subcommand, as in "
              "'icstat help power fit'\n", stderr);
    else if (argc == 4 && i < n && !subs)
        fprintf(stderr, "icstat help: '%s' has no subcommands (got '%s')\n", argv[2],
                argv[3]);
    else if (argc == 4 && i < n && !subs[k])
        fprintf(stderr, "icstat help: '%s' has no subcommand '%s'\n", argv[2], argv[3]);
    else {
        out[0] = argv[2];
        out[1] = argc == 4 ? argv[3] : "--help";
        out[2] = argc == 4 ? "--help" : NULL;
        out[3] = NULL;
        return 0;
    }
    fputs("Try 'icstat --help' for the list of commands.\n", stderr);
    return -1;
}

int main(int argc, char **argv)
{
    /* Engines check every GSL status themselves; never let GSL abort. */
    gsl_set_error_handler_off();
    /* An interrupted run removes its temporary files (cleanup.h). */
    if (icstat_cleanup_install() != 0) {
        perror("icstat: cannot install signal handlers");
        return 2;
    }
    if (argc < 2) {
        usage(stderr);
        return 1;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return fflush(stdout) == 0 ? 0 : 2;
    }
    if (strcmp(name, "--version") == 0) {
        printf("icstat %s\n", ICSTAT_VERSION);
        return fflush(stdout) == 0 ? 0 : 2;
    }
    char *help_argv[4];
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return 0;
        }
        if (help_args(argc, argv, help_argv) != 0)
            return 1;
        name = argv[2];
        argc = argc == 4 ? 3 : 2;
        argv = help_argv;
    } else {
        argc--;
        argv++;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(name, commands[i].name) == 0) {
            int rc = commands[i].run(argc, argv);
            if (fclose(stdout) != 0 && rc == 0) {
                perror("icstat: error writing output");
                rc = 2;
            }
            return rc;
        }
    }
    if (name[0] == '-')
        fprintf(stderr, "icstat: unknown option '%s'\n", name);
    else
        fprintf(stderr, "icstat: unknown command '%s'\n", name);
    fputs("Try 'icstat --help' for the list of commands.\n", stderr);
    return 1;
}
