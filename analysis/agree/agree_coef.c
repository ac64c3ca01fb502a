/* agree_coef.c — the table of agreement coefficients (agree_coef.h). */
#include <stddef.h>
#include <string.h>

#include "icstat/agree_coef.h"
#include "icstat/icc.h"

/* The ICC forms close the list, so the six must be the last ids. */
_Static_assert(ICSTAT_COEF_COUNT == ICSTAT_COEF_ICC_1_1 + ICSTAT_ICC_FORMS,
               "one id per ICC form, last");

/* The labels are those of the charts (Gwet 2014 names the weighted AC
 * "AC2"); icc.c names the ICC forms the same way for its own callers
 * (test_agree_engine.c checks that the two agree). */
const icstat_coef_def icstat_coef_defs[] = {
    /* name, id, chance-corrected, label, weighted label, two raters, ICC */
    {"percent_agreement", ICSTAT_COEF_PERCENT, 0, "Percent agreement", NULL, 0, 0},
    {"cohen_kappa", ICSTAT_COEF_COHEN, 1, "Cohen's kappa", NULL, 1, 0},
    {"scott_pi", ICSTAT_COEF_SCOTT, 1, "Scott's pi", NULL, 1, 0},
    {"pabak", ICSTAT_COEF_PABAK, 1, "PABAK", NULL, 1, 0},
    {"fleiss_kappa", ICSTAT_COEF_FLEISS, 1, "Fleiss' kappa", NULL, 0, 0},
    {"conger_kappa", ICSTAT_COEF_CONGER, 1, "Conger's kappa", NULL, 0, 0},
    {"gwet_ac", ICSTAT_COEF_GWET, 1, "Gwet's AC1", "Gwet's AC2", 0, 0},
    {"brennan_prediger", ICSTAT_COEF_BP, 1, "Brennan-Prediger", NULL, 0, 0},
    {"krippendorff_alpha", ICSTAT_COEF_KRIPP, 1, "Krippendorff's alpha", NULL, 0, 0},
    {"krippendorff_alpha_metric", ICSTAT_COEF_KRIPP_METRIC, 1, "Krippendorff's alpha", NULL, 0,
     0},
    {"icc_1_1", ICSTAT_COEF_ICC_1_1, 0, "ICC(1,1)", NULL, 0, 1},
    {"icc_2_1", ICSTAT_COEF_ICC_2_1, 0, "ICC(2,1)", NULL, 0, 1},
    {"icc_3_1", ICSTAT_COEF_ICC_3_1, 0, "ICC(3,1)", NULL, 0, 1},
    {"icc_1_k", ICSTAT_COEF_ICC_1_K, 0, "ICC(1,k)", NULL, 0, 1},
    {"icc_2_k", ICSTAT_COEF_ICC_2_K, 0, "ICC(2,k)", NULL, 0, 1},
    {"icc_3_k", ICSTAT_COEF_ICC_3_K, 0, "ICC(3,k)", NULL, 0, 1},
    {NULL, ICSTAT_COEF_NONE, 0, NULL, NULL, 0, 0},
};

const icstat_coef_def *icstat_coef_def_find(const char *name)
{
    for (const icstat_coef_def *d = icstat_coef_defs; name && d->name; d++)
        if (strcmp(d->name, name) == 0)
            return d;
    return NULL;
}

const icstat_coef_def *icstat_coef_def_get(icstat_coef_id id)
{
    for (const icstat_coef_def *d = icstat_coef_defs; d->name; d++)
        if (d->id == id)
            return d;
    return NULL;
}

const char *icstat_coef_name(icstat_coef_id id)
{
    const icstat_coef_def *d = icstat_coef_def_get(id);
    return d ? d->name : NULL;
}

icstat_coef_id icstat_coef_lookup(const char *name)
{
    const icstat_coef_def *d = icstat_coef_def_find(name);
    return d ? d->id : ICSTAT_COEF_NONE;
}
