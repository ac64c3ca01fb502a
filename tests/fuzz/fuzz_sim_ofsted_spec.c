/* fuzz_sim_ofsted_spec.c — the spec of a synthetic Ofsted file (`layout =
 * ofsted_mi`, icstat_sim_ofsted_spec_parse) on arbitrary text (cut at a
 * NUL byte, which icstat_spec_read_text rejects before parsing), and, when
 * it parses and is small, the file drawn from it with a fixed seed and
 * written to /dev/null.
 *
 * Checked: a parsed spec is what sim_ofsted.h and the parser promise
 * (shares that add up to 1, sizes in range, a file date from 10 November
 * 2025); a failure names the spec and says why; a drawn file has one row
 * per school, and the solved thresholds increase. */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "icstat/sim_ofsted.h"
#include "fuzz.h"

/* Small enough that one draw takes a few milliseconds. */
#define SIM_MAX_SCHOOLS 300

static void check_spec(const icstat_sim_ofsted_spec *s)
{
    double phases = 0.0, regions = 0.0, oeif = 0.0, areas = 0.0;
    for (int i = 0; i < ICSTAT_OFSTED_PHASES; i++)
        phases += s->phase[i].share;
    for (int i = 0; i < ICSTAT_OFSTED_REGIONS; i++)
        regions += s->region[i];
    for (int i = 0; i < 4; i++)
        oeif += s->oeif_shares[i];
    for (int i = 0; i < 5; i++)
        areas += s->area_shares[i];
    FUZZ_CHECK(fabs(phases - 1) < 1e-6 && fabs(regions - 1) < 1e-6);
    FUZZ_CHECK(fabs(oeif - 1) < 1e-6 && fabs(areas - 1) < 1e-6);
    FUZZ_CHECK(s->schools >= 1 && s->schools <= 30000);
    FUZZ_CHECK(s->local_authorities >= 9 && s->local_authorities <= 99);
    FUZZ_CHECK(s->never_inspected + s->report_card <= 1 + 1e-12);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off(); /* as main() does */
    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    icstat_sim_ofsted_spec *s = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    int st = icstat_sim_ofsted_spec_parse("fuzz.spec", text, &s, &err);
    if (st != ICSTAT_OK) {
        FUZZ_CHECK(!s && err.msg[0] != '\0');
        FUZZ_CHECK(st == ICSTAT_ENOMEM || strcmp(err.file, "fuzz.spec") == 0);
    } else {
        FUZZ_CHECK(s != NULL);
        check_spec(s);
        gsl_rng *rng = s->schools <= SIM_MAX_SCHOOLS ? gsl_rng_alloc(gsl_rng_mt19937) : NULL;
        icstat_sim_ofsted *d = NULL;
        if (rng) {
            gsl_rng_set(rng, s->has_seed ? s->seed : 1);
            if (icstat_sim_ofsted_draw(s, rng, &d, &err) == ICSTAT_OK) {
                FUZZ_CHECK(d && d->n == s->schools);
                for (int j = 1; j < 3; j++)
                    FUZZ_CHECK(d->oeif_thresholds[j] > d->oeif_thresholds[j - 1]);
                for (int j = 1; j < 4; j++)
                    FUZZ_CHECK(d->area_thresholds[j] > d->area_thresholds[j - 1]);
                FILE *f = fopen("/dev/null", "w");
                if (f) {
                    FUZZ_CHECK(icstat_sim_ofsted_write(d, f) == ICSTAT_OK);
                    fclose(f);
                }
                icstat_sim_ofsted_free(d);
            } else {
                FUZZ_CHECK(err.msg[0] != '\0');
            }
            gsl_rng_free(rng);
        }
    }
    icstat_sim_ofsted_spec_free(s);
    free(text);
    return 0;
}
