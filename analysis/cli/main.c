/* main.c — the icstat binary: dispatch argv[1] to a command. */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "icstat/cleanup.h"
#include "icstat/cli.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"agree", icstat_cmd_agree,
     "agreement among raters: percent agreement, kappas, AC1/AC2, alpha, ICC"},
    {"fit", icstat_cmd_fit,
     "cumulative link (mixed) models: do some inspectors grade harder than others?"},
    {"describe", icstat_cmd_describe,
     "percentages with Wilson intervals, chi-square, differences and risk ratios"},
    {"import", icstat_cmd_import,
     "published data as icstat tables: 'import ofsted' reads Ofsted's inspection files"},
    {"simulate", icstat_cmd_simulate,
     "synthetic inspections (and double inspections) from a stated model"},
    {"power", icstat_cmd_power,
     "how many double inspections (agree) or inspections (fit) a study needs, by simulation"},
    {"chart", icstat_cmd_chart,
     "charts for reports (svg, png, pdf) from the csv of the commands above, via gnuplot"},
};

static void usage(FILE *f)
{
    fprintf(f, "icstat %s — inspection-consistency statistics\n\n"
               "Usage: icstat COMMAND [options] FILE\n"
               "       icstat COMMAND --help\n"
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
    char *help_argv[3];
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return 0;
        }
        /* "icstat help CMD" is "icstat CMD --help". */
        help_argv[0] = argv[2];
        help_argv[1] = "--help";
        help_argv[2] = NULL;
        name = argv[2];
        argc = 2;
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
