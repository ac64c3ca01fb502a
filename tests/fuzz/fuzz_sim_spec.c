/* fuzz_sim_spec.c — the `icstat simulate` spec parser on arbitrary text
 * (icstat_sim_spec_parse; the text is cut at a NUL byte, which
 * icstat_sim_spec_read rejects before parsing), and, when the spec parses
 * and is small, a simulation from it with a fixed seed, its tables
 * written in every format to /dev/null.
 *
 * Checked: a parsed spec is what simulate.h says (k >= 2 categories, k - 1
 * increasing thresholds, at least one inspection per inspector, dates in
 * order); a failure names the spec and says why. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "icstat/result.h"
#include "icstat/simulate.h"
#include "fuzz.h"

/* Small enough that one simulation takes well under a millisecond. */
#define SIM_MAX_INSPECTIONS 2000
#define SIM_MAX_DOUBLES 200

static void check_spec(const icstat_sim_spec *s)
{
    FUZZ_CHECK(s->k >= 2 && s->categories && s->n_thresholds == s->k - 1);
    for (size_t j = 1; j < s->n_thresholds; j++)
        FUZZ_CHECK(s->thresholds[j] > s->thresholds[j - 1]);
    FUZZ_CHECK(s->inspectors >= 1 && s->inspections >= s->inspectors);
    FUZZ_CHECK(s->start_day <= s->end_day);
    FUZZ_CHECK(s->inspector_sd >= 0 && s->caseload_shape > 0);
    for (size_t i = 0; i < s->n_vars; i++) {
        const icstat_sim_var *v = &s->vars[i];
        FUZZ_CHECK(v->name && v->name[0]);
        FUZZ_CHECK(v->dist != ICSTAT_SIM_LEVELS || (v->n_levels >= 2 && v->effects[0] == 0));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off(); /* as main() does */
    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    icstat_sim_spec *s = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    int st = icstat_sim_spec_parse("fuzz.spec", text, &s, &err);
    if (st != ICSTAT_OK) {
        FUZZ_CHECK(!s && err.msg[0] != '\0');
        FUZZ_CHECK(st == ICSTAT_ENOMEM || strcmp(err.file, "fuzz.spec") == 0);
    } else {
        FUZZ_CHECK(s != NULL);
        check_spec(s);
        if (s->inspections <= SIM_MAX_INSPECTIONS && s->double_inspections <= SIM_MAX_DOUBLES) {
            gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
            icstat_sim_output out;
            if (rng) {
                gsl_rng_set(rng, s->has_seed ? s->seed : 1);
                if (icstat_simulate(s, rng, &out, &err) == ICSTAT_OK) {
                    FUZZ_CHECK(out.inspections && out.inspectors);
                    FUZZ_CHECK(!s->double_inspections == !out.doubles);
                    fuzz_write_everywhere(out.inspections);
                    fuzz_write_everywhere(out.inspectors);
                    if (out.doubles)
                        fuzz_write_everywhere(out.doubles);
                    icstat_sim_output_free(&out);
                }
                gsl_rng_free(rng);
            }
        }
    }
    icstat_sim_spec_free(s);
    free(text);
    return 0;
}
