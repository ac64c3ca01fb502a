/* cmd_power.c — `icstat power`, by simulation: `agree`, how many double
 * inspections a reliability study needs (cmd_power_agree.c); `fit`, how
 * many inspections (and inspectors) it takes to detect an inspector
 * characteristic (cmd_power_fit.c).  This file picks the design; what the
 * two share is in cmd_power_shared.c, the engines are power_agree.c and
 * power_fit.c. */
#include <stdio.h>
#include <string.h>

#include "icstat/cli.h"
#include "cmd_power_internal.h"

static void power_usage(FILE *f)
{
    icstat_cmd_power_agree_usage(f);
    fputc('\n', f);
    icstat_cmd_power_fit_usage(f);
}

int icstat_cmd_power(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
            power_usage(stdout);
            return 0;
        }
        return icstat_cli_usage_error("power", "say what to plan for: icstat power agree ... "
                                      "or icstat power fit ...");
    }
    if (strcmp(argv[1], "agree") == 0)
        return icstat_cmd_power_agree(argc - 1, argv + 1);
    if (strcmp(argv[1], "fit") == 0)
        return icstat_cmd_power_fit(argc - 1, argv + 1);
    return icstat_cli_usage_error("power", "unknown design '%s' (use agree or fit)", argv[1]);
}
