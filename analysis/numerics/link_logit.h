/* link_logit.h — the logit link's row terms from exponentials, inline:
 * icstat_link_logit_terms (include/icstat/link.h) for the loops that call
 * it once per row per evaluation (the mixed model's), where a call into
 * link.c cost a fifth of the time and the order, a constant at each call
 * site, can drop the terms not asked for.  Internal to the library. */
#ifndef ICSTAT_LINK_LOGIT_H
#define ICSTAT_LINK_LOGIT_H

#include <math.h>

#include "icstat/link.h"

/* The second and third derivatives of log P from la = f(a)/d, lc = -f(c)/d
 * and va = f'(a)/d, vc = f'(c)/d, fa2d = f''(a)/d, fc2d = f''(c)/d. */
static inline void icstat_link_terms_from_ratios(icstat_link_terms *t, double va, double vc,
                                                 double fa2d, double fc2d, int order)
{
    t->laa = va - t->la * t->la;
    t->lcc = -vc - t->lc * t->lc;
    t->lac = -t->la * t->lc;
    if (order >= 3) {
        t->laaa = fa2d - va * t->la - 2.0 * t->la * t->laa;
        t->lccc = -fc2d + vc * t->lc - 2.0 * t->lc * t->lcc;
        t->laac = -va * t->lc - 2.0 * t->la * t->lac;
        t->lacc = vc * t->la - 2.0 * t->lc * t->lac;
    } else {
        t->laaa = t->laac = t->lacc = t->lccc = 0.0;
    }
}

/* icstat_link_logit_terms (include/icstat/link.h), inline. */
static inline int icstat_link_logit_terms_inline(double ea, double ec, double gap, int order,
                                                 icstat_link_terms *t, double *prob)
{
    /* F = 1 / (1 + e), 1 - F = e F, f = F (1 - F), f' = f (1 - 2F),
     * f'' = f (1 - 6f); e = 0 is F = 1 (a = +inf), e = inf is F = 0.
     * In a middle category, with R = 1 / ((1 + ea)(1 + ec) gap):
     * F(a) = (1 + ec) gap R, F(c) = (1 + ea) gap R, and F(a) - F(c) =
     * (ec - ea) F(a) F(c) / gap = ea gap^2 R (no difference of nearly equal
     * numbers), la = f(a) / d = (1 + ec)^2 R and lc = -(1 + gap)(1 + ea)^2 R:
     * one division. */
    double pa, qa, pc, qc, d;
    if (ea == 0.0) { /* top category */
        pa = 1.0, qa = 0.0;
        pc = 1.0 / (1.0 + ec), qc = ec * pc;
        d = qc;
        t->la = 0.0;
        t->lc = -pc;
    } else if (isinf(ec)) { /* bottom category */
        pa = 1.0 / (1.0 + ea), qa = ea * pa;
        pc = 0.0, qc = 1.0;
        d = pa;
        t->la = qa;
        t->lc = 0.0;
    } else {
        const double ua = 1.0 + ea, uc = 1.0 + ec, r = 1.0 / (ua * uc * gap);
        pa = uc * gap * r, qa = ea * pa;
        pc = ua * gap * r, qc = ec * pc;
        d = ea * gap * gap * r;
        t->la = uc * uc * r;
        t->lc = -(1.0 + gap) * ua * ua * r;
    }
    if (!(d > 1e-280) || !isfinite(d) || !isfinite(t->la) || !isfinite(t->lc))
        return -1;
    *prob = d;
    t->logp = NAN;
    if (order < 2) {
        t->laa = t->lac = t->lcc = t->laaa = t->laac = t->lacc = t->lccc = 0.0;
        return 0;
    }
    const double va = t->la * (qa - pa), vc = -t->lc * (qc - pc);
    icstat_link_terms_from_ratios(t, va, vc, t->la * (1.0 - 6.0 * pa * qa), -t->lc * (1.0 - 6.0 * pc * qc),
                      order);
    return 0;
}

#endif
