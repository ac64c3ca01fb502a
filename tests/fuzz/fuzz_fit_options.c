/* fuzz_fit_options.c — `icstat fit`'s option parsing on arbitrary
 * arguments: the input split at NUL bytes and newlines into argv (after
 * argv[0] = "fit", at most 64), parsed by icstat_fit_args_parse.  When the
 * options parse, the whole command runs on a small built-in data set (36
 * inspections by 6 inspectors, 4 grades, a second table of the inspectors
 * for --join), so that what the options ask for is fitted and written.
 *
 * The run never touches a file the options name: the input, the --join
 * file, -o and --effects are replaced by files in a temporary directory
 * made once and removed at exit (stdin is never read, nothing is written
 * elsewhere).  Messages go to stderr as the command's do (libFuzzer's
 * -close_fd_mask=3 and the replay driver discard them). */
#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "../../analysis/cli/cmd_fit_internal.h"
#include "fuzz.h"

#define MAX_ARGS 64

static const char inspections_csv[] =
    "urn,inspector,date,grade,grade_num,phase,pupils\n"
    "100536,L06,2019-12-27,Outstanding,1,Primary,219\n"
    "100886,L02,2021-04-20,Good,2,Primary,283\n"
    "101211,L06,2022-01-10,Outstanding,1,Primary,156\n"
    "101789,L05,2019-12-02,Good,2,Primary,983\n"
    "103043,L04,2021-02-18,Good,2,Primary,258\n"
    "104483,L06,08/03/2021,Outstanding,1,Primary,398\n"
    "105259,L05,2022-02-03,Requires improvement,3,Primary,425\n"
    "106289,L03,2019-11-14,Good,2,Secondary,769\n"
    "107345,L02,2021-07-28,Good,2,Primary,342\n"
    "108424,L01,2024-07-03,Good,2,Primary,242\n"
    "108467,L05,2023-03-17,Good,2,Secondary,961\n"
    "109054,L06,2024-07-04,Good,2,Primary,355\n"
    "109920,L03,2024-06-05,Outstanding,1,Secondary,1318\n"
    "110385,L05,2023-02-06,Good,2,Secondary,572\n"
    "110605,L04,2024-03-25,Good,2,Primary,371\n"
    "111380,L06,2022-08-04,Good,2,Primary,361\n"
    "111398,L05,05/03/2024,,,Primary,335\n"
    "111800,L05,2021-08-30,Requires improvement,3,Primary,236\n"
    "112571,L06,2020-06-24,Outstanding,1,Primary,185\n"
    "113329,L02,01/05/2020,Good,2,Secondary,727\n"
    "113604,L03,2023-04-13,Requires improvement,3,Primary,235\n"
    "114189,L02,2023-04-20,Outstanding,1,Secondary,338\n"
    "114750,L05,2021-07-06,Inadequate,4,Primary,163\n"
    "114765,L04,2022-12-16,Requires improvement,3,Secondary,1202\n"
    "114797,L05,2023-03-27,Requires improvement,3,Primary,183\n"
    "115293,L03,2021-09-21,Outstanding,1,Primary,217\n"
    "116186,L01,2020-08-25,Outstanding,1,Primary,228\n"
    "116260,L05,2019-10-08,Good,2,Primary,256\n"
    "116711,L03,2021-01-13,Outstanding,1,Secondary,1808\n"
    "117061,L05,2021-11-22,Inadequate,4,Primary,250\n"
    "117540,L05,2020-06-23,Requires improvement,3,Secondary,1462\n"
    "118191,L02,2019-11-18,Good,2,Primary,410\n"
    "118647,L06,2022-01-26,Outstanding,1,Primary,308\n"
    "121911,L04,2021-07-20,Outstanding,1,Primary,480\n"
    "122239,L04,2024-02-05,Outstanding,1,Primary,243\n"
    "122755,L05,2019-10-18,Requires improvement,3,Primary,168\n";

static const char inspectors_csv[] =
    "inspector,gender,role,experience\n"
    "L01,M,HMI,1.9\n"
    "L02,F,HMI,15.4\n"
    "L03,M,HMI,21.7\n"
    "L04,F,OI,24.6\n"
    "L05,M,HMI,4.5\n"
    "L06,M,OI,21.9\n";

static char dir[256]; /* the temporary directory, "" until made */

/* Remove everything in the directory, then the directory. */
static void remove_dir(void)
{
    DIR *d = opendir(dir);
    if (d) {
        const struct dirent *e;
        char path[1024];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
                unlink(path);
            }
        closedir(d);
    }
    rmdir(dir);
}

static int write_file(const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    const int ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* The directory with the two data files, made on first use. */
static const char *data_dir(void)
{
    if (dir[0])
        return dir;
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/icstat-fuzz-fit-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) {
        dir[0] = '\0';
        return NULL;
    }
    atexit(remove_dir);
    if (write_file("inspections.csv", inspections_csv) != 0 ||
        write_file("inspectors.csv", inspectors_csv) != 0)
        return NULL;
    return dir;
}

/* glibc's getopt keeps its place inside a cluster of short options ("-hx")
 * between calls, pointing into the previous argv: a command parses once
 * per process, this target thousands of times.  optind = 0 makes getopt
 * start afresh; icstat_fit_args_parse then sets optind = 1 as usual. */
static void getopt_reset(void)
{
    static char prog[] = "fit";
    char *argv[] = {prog, NULL};
    optind = 0;
    opterr = 0;
    getopt(1, argv, "");
}

/* Run fit as parsed, with every file swapped for one in the directory. */
static void run(icstat_fit_args *a)
{
    const char *d = data_dir();
    if (!d)
        return;
    char input[512], out[512], effects[512], join[4096];
    snprintf(input, sizeof input, "%s/inspections.csv", d);
    snprintf(out, sizeof out, "%s/out", d);
    a->path = input;
    a->common.out_path = out;
    if (a->effects_path) {
        /* Keep a short extension: it picks the effects file's format. */
        const char *dot = strrchr(a->effects_path, '.');
        const int keep = dot && strlen(dot) <= 6 && !strchr(dot, '/');
        snprintf(effects, sizeof effects, "%s/effects%s", d, keep ? dot : "");
        a->effects_path = effects;
    }
    if (a->join) {
        /* FILE:KEY with both parts is read; anything else is refused first. */
        const char *colon = strrchr(a->join, ':');
        if (colon && colon != a->join && colon[1]) {
            snprintf(join, sizeof join, "%s/inspectors.csv%s", d, colon);
            a->join = join;
        }
    }
    icstat_fit_run(a);
    unlink(out);
    if (a->effects_path)
        unlink(a->effects_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off(); /* as main() does */
    char *buf = fuzz_cstring(data, size);
    if (!buf)
        return 0;
    static char prog[] = "fit";
    char *argv[MAX_ARGS + 2] = {prog};
    int argc = 1;
    for (size_t i = 0, start = 0; i <= size && argc <= MAX_ARGS; i++)
        if (i == size || buf[i] == '\0' || buf[i] == '\n') {
            if (i == size && start == size)
                break; /* a final separator ends the last argument */
            buf[i] = '\0';
            argv[argc++] = buf + start;
            start = i + 1;
        }
    argv[argc] = NULL;

    getopt_reset();
    icstat_fit_args a;
    int rc;
    if (icstat_fit_args_parse(argc, argv, &a, &rc) == 0) {
        FUZZ_CHECK(rc == 0 && a.path && (!a.outcome != !a.binary));
        FUZZ_CHECK(a.opt.quad >= 1 && a.opt.quad <= ICSTAT_CLM_MAX_QUAD);
        FUZZ_CHECK(a.common.conf > 0 && a.common.conf < 1);
        run(&a);
    } else {
        FUZZ_CHECK(rc == 0 || rc == 1);
    }
    icstat_fit_args_free(&a);
    free(buf);
    return 0;
}
