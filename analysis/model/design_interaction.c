/* design_interaction.c — model terms in R's notation for icstat_design_build
 * (design.h, design_internal.h): "a:b" is the interaction of a and b, "a*b"
 * is a + b + a:b, "(a:b)*c" written "a:b*c" is a:b + c + a:b:c, as R's
 * formula operators (Chambers & Hastie 1992, Statistical Models in S, ch. 2;
 * R's ?formula).  Terms are put in R's order (by the number of their parts,
 * then by first appearance), so that coefficients come in the order of
 * R's clm; an interaction's columns are the products of its parts' columns
 * with the first part varying fastest, as R's model.matrix.
 *
 * R codes a categorical part F of a term T by contrasts when T without F
 * is in the model (the empty term, the thresholds, always is), and by an
 * indicator for every level otherwise; icstat does the same, so a part
 * need not be a term of its own ("phase + pupils:phase": a slope of
 * pupils in each phase).  A part that is no term of its own is a hidden
 * term: levels but no design columns, its values in the design's aux.
 * Where that coding makes an interaction column a combination of the
 * thresholds and earlier columns ("gender:phase" alone), the column is
 * dropped, as clm drops aliased columns (design_drop_aliased). */
#include <stdlib.h>
#include <string.h>

#include "icstat/design.h"
#include "icstat/table.h"
#include "design_internal.h"

#define MAX_ORDER 8 /* names in one term, and factors of one product */

/* A term while the spec is read: its names (indices into term_parse's
 * names) in the order written. */
typedef struct {
    size_t n, v[MAX_ORDER];
    int literal; /* written as it is, not only made by '*' */
} raw_term;

typedef struct {
    design_ctx *c;
    const char *item;   /* the spec's entry being read, for messages */
    char **names;       /* every name, in order of first appearance */
    size_t n_names;
    raw_term *terms;
    size_t n_terms, cap;
} term_parse;

static void parse_free(term_parse *tp)
{
    for (size_t i = 0; i < tp->n_names; i++)
        free(tp->names[i]);
    free(tp->names);
    free(tp->terms);
}

/* Names v[0..n) joined by sep into a new string (NULL when out of memory). */
static char *join_names(char *const *names, const size_t *v, size_t n, const char *sep)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(names[v[i]]) + strlen(sep);
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, sep);
        strcat(s, names[v[i]]);
    }
    return s;
}

/* A usage error about the spec's entry being read, "--terms 'ITEM' ...". */
#define ITEM_ERROR(tp, fmt, ...)                                                               \
    icstat_error_set((tp)->c->err, ICSTAT_EUSAGE, NULL, 0, "%s '%s' " fmt, (tp)->c->lab.terms, \
                     (tp)->item, __VA_ARGS__)

/* The index of the name [a, b) (spaces around it dropped) into *id,
 * added when new; a usage error for an empty name. */
static int intern(term_parse *tp, const char *a, const char *b, size_t *id)
{
    while (a < b && (*a == ' ' || *a == '\t'))
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
    if (a == b)
        return ITEM_ERROR(tp, "has an empty name (around ':' or '*'); write names as %s",
                          "a:b or a*b");
    const size_t len = (size_t)(b - a);
    for (size_t i = 0; i < tp->n_names; i++)
        if (strlen(tp->names[i]) == len && memcmp(tp->names[i], a, len) == 0) {
            *id = i;
            return ICSTAT_OK;
        }
    char **grown = realloc(tp->names, (tp->n_names + 1) * sizeof *grown);
    if (!grown)
        return DESIGN_NOMEM(tp->c->err);
    tp->names = grown;
    if (!(tp->names[tp->n_names] = strndup(a, len)))
        return DESIGN_NOMEM(tp->c->err);
    *id = tp->n_names++;
    return ICSTAT_OK;
}

/* Whether terms a and b have the same names, in any order. */
static int same_set(const size_t *a, size_t na, const size_t *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++) {
        int found = 0;
        for (size_t j = 0; j < nb && !found; j++)
            found = a[i] == b[j];
        if (!found)
            return 0;
    }
    return 1;
}

/* Add a term unless it is there already (R keeps one of each: "a*b, a:b"
 * is a + b + a:b); the same term written twice as it is is refused, as a
 * main effect listed twice always was. */
static int add_term(term_parse *tp, const raw_term *t)
{
    for (size_t i = 0; i < tp->n_terms; i++) {
        raw_term *o = &tp->terms[i];
        if (!same_set(o->v, o->n, t->v, t->n))
            continue;
        if (o->literal && t->literal) {
            char *a = join_names(tp->names, o->v, o->n, ":"), *b = join_names(tp->names, t->v,
                                                                              t->n, ":");
            int st = a && b ? icstat_error_set(tp->c->err, ICSTAT_EUSAGE, NULL, 0,
                                               "%s lists '%s' twice%s%s%s", tp->c->lab.terms, a,
                                               strcmp(a, b) ? " (as '" : "", strcmp(a, b) ? b : "",
                                               strcmp(a, b) ? "')" : "")
                            : DESIGN_NOMEM(tp->c->err);
            free(a);
            free(b);
            return st;
        }
        o->literal |= t->literal;
        return ICSTAT_OK;
    }
    if (tp->n_terms == tp->cap) {
        const size_t cap = tp->cap ? 2 * tp->cap : 8;
        raw_term *grown = realloc(tp->terms, cap * sizeof *grown);
        if (!grown)
            return DESIGN_NOMEM(tp->c->err);
        tp->terms = grown;
        tp->cap = cap;
    }
    tp->terms[tp->n_terms++] = *t;
    return ICSTAT_OK;
}

/* One factor of a product, "a:b" in [s, end): its names into f. */
static int parse_factor(term_parse *tp, const char *s, const char *end, raw_term *f)
{
    f->n = 0;
    for (;;) {
        const char *colon = memchr(s, ':', (size_t)(end - s)), *e = colon ? colon : end;
        size_t id = 0;
        const int st = intern(tp, s, e, &id);
        if (st != ICSTAT_OK)
            return st;
        for (size_t i = 0; i < f->n; i++)
            if (f->v[i] == id)
                return ITEM_ERROR(tp, "names '%s' twice in one term; an interaction joins "
                                  "different terms", tp->names[id]);
        if (f->n == MAX_ORDER)
            return ITEM_ERROR(tp, "joins more than %d names in one term", MAX_ORDER);
        f->v[f->n++] = id;
        if (!colon)
            return ICSTAT_OK;
        s = colon + 1;
    }
}

/* One entry of the spec: the factors of its product, and every term the
 * product stands for (each nonempty subset of the factors, in the order
 * R's expansion of (a*b)*c... meets them). */
static int parse_item(term_parse *tp, const char *item)
{
    raw_term f[MAX_ORDER];
    size_t nf = 0;
    tp->item = item;
    /* A column whose whole name has ':' or '*' is that column, as such
     * names always were (R would need it quoted in backticks). */
    if (strpbrk(item, ":*") && icstat_table_find(tp->c->t, item) >= 0) {
        raw_term t = {.n = 1, .literal = 1};
        const int st = intern(tp, item, item + strlen(item), &t.v[0]);
        return st != ICSTAT_OK ? st : add_term(tp, &t);
    }
    for (const char *s = item;;) {
        const char *star = strchr(s, '*'), *end = star ? star : s + strlen(s);
        if (nf == MAX_ORDER)
            return ITEM_ERROR(tp, "multiplies more than %d terms", MAX_ORDER);
        int st = parse_factor(tp, s, end, &f[nf++]);
        if (st != ICSTAT_OK)
            return st;
        if (!star)
            break;
        s = star + 1;
    }
    for (size_t mask = 1; mask < ((size_t)1 << nf); mask++) {
        raw_term t = {.literal = nf == 1};
        for (size_t i = 0; i < nf; i++) {
            if (!(mask >> i & 1))
                continue;
            for (size_t j = 0; j < f[i].n; j++) {
                for (size_t l = 0; l < t.n; l++)
                    if (t.v[l] == f[i].v[j])
                        return ITEM_ERROR(tp, "names '%s' twice in one term; an interaction "
                                          "joins different terms", tp->names[f[i].v[j]]);
                if (t.n == MAX_ORDER)
                    return ITEM_ERROR(tp, "makes a term of more than %d names", MAX_ORDER);
                t.v[t.n++] = f[i].v[j];
            }
        }
        const int st = add_term(tp, &t);
        if (st != ICSTAT_OK)
            return st;
    }
    return ICSTAT_OK;
}

/* R's order: by the number of names (stable, so first appearance within),
 * and within a term its names in the order they first appear in the spec
 * (R's terms() orders a term's variables so: "pupils, phase:pupils" has
 * the term pupils:phase). */
static void sort_terms(term_parse *tp)
{
    for (size_t i = 0; i < tp->n_terms; i++) {
        raw_term *t = &tp->terms[i];
        for (size_t a = 1; a < t->n; a++) {
            const size_t v = t->v[a];
            size_t b = a;
            for (; b > 0 && t->v[b - 1] > v; b--)
                t->v[b] = t->v[b - 1];
            t->v[b] = v;
        }
    }
    for (size_t i = 1; i < tp->n_terms; i++) {
        const raw_term t = tp->terms[i];
        size_t j = i;
        for (; j > 0 && tp->terms[j - 1].n > t.n; j--)
            tp->terms[j] = tp->terms[j - 1];
        tp->terms[j] = t;
    }
}

/* Marks a hidden part in design_inter.parts until nt is known. */
#define HIDDEN_MARK ((size_t)1 << (sizeof(size_t) * 8 - 1))

/* The main effects into c->mains, the interactions into c->inter, and the
 * parts of interactions that are no main effects into c->hidden (their
 * parts marked HIDDEN_MARK + index until nt is known). */
static int split_terms(term_parse *tp, long *main_of)
{
    design_ctx *c = tp->c;
    size_t nm = 0;
    for (size_t i = 0; i < tp->n_terms; i++)
        nm += tp->terms[i].n == 1;
    c->mains = calloc(nm ? nm : 1, sizeof *c->mains);
    const size_t ni = tp->n_terms - nm;
    c->inter = calloc(ni ? ni : 1, sizeof *c->inter);
    c->hidden = calloc(tp->n_names ? tp->n_names : 1, sizeof *c->hidden);
    if (!c->mains || !c->inter || !c->hidden)
        return DESIGN_NOMEM(c->err);
    for (size_t i = 0; i < tp->n_names; i++)
        main_of[i] = -1;
    for (size_t i = 0; i < nm; i++) {
        main_of[tp->terms[i].v[0]] = (long)i;
        if (!(c->mains[c->n_mains++] = strdup(tp->names[tp->terms[i].v[0]])))
            return DESIGN_NOMEM(c->err);
    }
    for (size_t i = nm; i < tp->n_terms; i++) {
        const raw_term *t = &tp->terms[i];
        design_inter *in = &c->inter[c->n_inter++];
        if (!(in->name = join_names(tp->names, t->v, t->n, ":")) ||
            !(in->parts = malloc(t->n * sizeof *in->parts)) || !(in->full = calloc(t->n, 1)))
            return DESIGN_NOMEM(c->err);
        in->n_parts = t->n;
        for (size_t j = 0; j < t->n; j++) {
            const size_t v = t->v[j];
            if (main_of[v] == -1) { /* a hidden part, met for the first time */
                if (!(c->hidden[c->n_hidden] = strdup(tp->names[v])))
                    return DESIGN_NOMEM(c->err);
                main_of[v] = -2 - (long)c->n_hidden++;
            }
            in->parts[j] = main_of[v] >= 0 ? (size_t)main_of[v]
                                           : HIDDEN_MARK + (size_t)(-2 - main_of[v]);
        }
    }
    return ICSTAT_OK;
}

int design_expand_terms(design_ctx *c)
{
    term_parse tp = {.c = c};
    const icstat_design_spec *spec = c->spec;
    int st = ICSTAT_OK;
    for (size_t i = 0; i < spec->n_terms && st == ICSTAT_OK; i++)
        st = parse_item(&tp, spec->terms[i]);
    sort_terms(&tp);
    long *main_of = NULL;
    if (st == ICSTAT_OK && !(main_of = malloc((tp.n_names ? tp.n_names : 1) * sizeof *main_of)))
        st = DESIGN_NOMEM(c->err);
    if (st == ICSTAT_OK)
        st = split_terms(&tp, main_of);
    free(main_of);
    parse_free(&tp);
    if (st != ICSTAT_OK)
        return st;
    c->nsrc = c->n_mains + (spec->lag_previous != NULL);
    c->nt = c->nsrc + c->n_inter;
    for (size_t i = 0; i < c->n_inter; i++)
        for (size_t j = 0; j < c->inter[i].n_parts; j++)
            if (c->inter[i].parts[j] >= HIDDEN_MARK)
                c->inter[i].parts[j] = c->nt + (c->inter[i].parts[j] - HIDDEN_MARK);
    if (!(c->src = calloc((c->nsrc + c->n_hidden) ? c->nsrc + c->n_hidden : 1, sizeof *c->src)))
        return DESIGN_NOMEM(c->err);
    return ICSTAT_OK;
}

/* Whether the model has the term with exactly parts v[0..n): the
 * thresholds (n = 0), a main effect, or an interaction. */
static int has_term(const design_ctx *c, const size_t *v, size_t n)
{
    if (n == 0)
        return 1;
    if (n == 1)
        return v[0] < c->n_mains;
    for (size_t i = 0; i < c->n_inter; i++)
        if (same_set(c->inter[i].parts, c->inter[i].n_parts, v, n))
            return 1;
    return 0;
}

/* Whether the source of term index t (a main effect or a hidden part) is
 * categorical. */
static int part_categorical(const design_ctx *c, size_t t)
{
    return c->src[t < c->nt ? t : c->nsrc + (t - c->nt)].categorical;
}

int design_code_parts(design_ctx *c)
{
    for (size_t i = 0; i < c->n_inter; i++) {
        design_inter *in = &c->inter[i];
        for (size_t j = 0; j < in->n_parts; j++) {
            size_t rest[MAX_ORDER], nr = 0;
            for (size_t l = 0; l < in->n_parts; l++)
                if (l != j)
                    rest[nr++] = in->parts[l];
            in->full[j] = part_categorical(c, in->parts[j]) && !has_term(c, rest, nr);
        }
    }
    return ICSTAT_OK;
}

/* How many coded columns part i of interaction term gives, and the level
 * each coded column j stands for. */
static size_t coded_count(const icstat_term *term, const icstat_term *pt, size_t i)
{
    return !pt->categorical ? 1 : term->part_full[i] ? pt->n_levels : pt->n_levels - 1;
}

static size_t coded_level(const icstat_term *term, size_t i, size_t j)
{
    return term->part_full[i] ? j : j + 1;
}

/* The combination of coded part columns column col of term stands for. */
static size_t combo_of(const icstat_term *term, size_t col)
{
    return term->combo ? term->combo[col] : col;
}

/* Column col of interaction `term`, its parts joined by sep: "name=LEVEL"
 * for a categorical part (or "LEVEL" when bare), "name" for a number. */
static char *column_label(const icstat_design *d, const icstat_term *term, size_t col,
                          const char *sep, int bare)
{
    size_t len = 1;
    for (size_t i = 0; i < term->n_parts; i++) {
        const icstat_term *pt = &d->terms[term->parts[i]];
        size_t longest = 0;
        for (size_t l = 0; pt->categorical && l < pt->n_levels; l++)
            longest = strlen(pt->levels[l]) > longest ? strlen(pt->levels[l]) : longest;
        len += strlen(pt->name) + strlen(sep) + 1 + longest;
    }
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    size_t rest = combo_of(term, col);
    for (size_t i = 0; i < term->n_parts; i++) {
        const icstat_term *pt = &d->terms[term->parts[i]];
        const size_t nc = coded_count(term, pt, i);
        if (i)
            strcat(s, sep);
        if (!bare || !pt->categorical)
            strcat(s, pt->name);
        if (pt->categorical) {
            if (!bare)
                strcat(s, "=");
            strcat(s, pt->levels[coded_level(term, i, rest % nc)]);
        }
        rest /= nc;
    }
    return s;
}

/* An interaction's level labels: "(reference)", then each column's
 * combination of its categorical parts' levels ("female:Secondary"). */
static int interaction_levels(design_ctx *c, icstat_term *term)
{
    term->n_levels = term->ncols + 1;
    if (!(term->levels = calloc(term->n_levels, sizeof *term->levels)) ||
        !(term->levels[0] = strdup("(reference)")))
        return DESIGN_NOMEM(c->err);
    for (size_t col = 0; col < term->ncols; col++)
        if (!(term->levels[col + 1] = column_label(c->d, term, col, ":", 1)))
            return DESIGN_NOMEM(c->err);
    return ICSTAT_OK;
}

int design_interaction_terms(design_ctx *c, size_t *p)
{
    icstat_design *d = c->d;
    for (size_t i = 0; i < c->n_inter; i++) {
        const design_inter *in = &c->inter[i];
        icstat_term *term = &d->terms[c->nsrc + i];
        if (!(term->name = strdup(in->name)) ||
            !(term->parts = malloc(in->n_parts * sizeof *term->parts)) ||
            !(term->part_full = malloc(in->n_parts)))
            return DESIGN_NOMEM(c->err);
        memcpy(term->parts, in->parts, in->n_parts * sizeof *term->parts);
        memcpy(term->part_full, in->full, in->n_parts);
        term->n_parts = in->n_parts;
        term->categorical = 1;
        term->ncols = 1;
        for (size_t j = 0; j < in->n_parts; j++) {
            const icstat_term *pt = &d->terms[in->parts[j]];
            term->categorical &= pt->categorical;
            term->ncols *= coded_count(term, pt, j);
            /* More columns than rows: some combination is never observed,
             * and the matrix could exhaust memory before that is found. */
            if (term->ncols > d->n)
                return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                        "interaction '%s' has more columns than the %zu rows "
                                        "used, so some combination of its levels is never "
                                        "observed; merge levels, or leave it out",
                                        in->name, d->n);
        }
        term->first_col = *p;
        *p += term->ncols;
        if (term->categorical) {
            const int st = interaction_levels(c, term);
            if (st != ICSTAT_OK)
                return st;
        }
    }
    return ICSTAT_OK;
}

int design_interaction_names(design_ctx *c)
{
    icstat_design *d = c->d;
    for (size_t t = c->nsrc; t < d->n_terms; t++) {
        const icstat_term *term = &d->terms[t];
        for (size_t col = 0; col < term->ncols; col++)
            if (!(d->col_names[term->first_col + col] = column_label(d, term, col, ":", 0)))
                return DESIGN_NOMEM(c->err);
    }
    return ICSTAT_OK;
}

/* Column col of interaction `term` is 0 in every row: an error naming the
 * combination never observed. */
static int never_observed(design_ctx *c, const icstat_term *term, size_t col)
{
    const icstat_design *d = c->d;
    char *what = column_label(d, term, col, " and ", 0);
    if (!what)
        return DESIGN_NOMEM(c->err);
    if (term->categorical)
        icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                         "the combination %s never occurs among the %zu rows used, so "
                         "interaction column '%s' is 0 in every row and cannot be estimated "
                         "(R's clm drops it as aliased); merge levels, or leave '%s' out",
                         what, d->n, d->col_names[term->first_col + col], term->name);
    else
        icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                         "interaction column '%s' is 0 in all %zu rows used (%s: a level "
                         "never observed, or a number that is 0 wherever it occurs), so it "
                         "cannot be estimated (R's clm drops it as aliased); leave '%s' out",
                         d->col_names[term->first_col + col], d->n, what, term->name);
    free(what);
    return ICSTAT_EDATA;
}

int design_check_interactions(design_ctx *c)
{
    icstat_design *d = c->d;
    const size_t p = d->p;
    for (size_t t = c->nsrc; t < d->n_terms; t++) {
        icstat_term *term = &d->terms[t];
        term->group_level = d->n_groups > 0;
        for (size_t i = 0; i < term->n_parts; i++)
            term->group_level &= d->terms[term->parts[i]].group_level;
        for (size_t col = term->first_col; col < term->first_col + term->ncols; col++) {
            double big = 0.0;
            for (size_t r = 0; r < d->n; r++) {
                const double v = d->x[r * p + col];
                big = v > big ? v : -v > big ? -v : big;
            }
            if (big == 0.0)
                return never_observed(c, term, col - term->first_col);
            if (big > 1e150)
                return icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 0,
                                        "interaction column '%s' has values too large to "
                                        "compute with (up to %g); rescale its numbers",
                                        d->col_names[col], big);
        }
    }
    return ICSTAT_OK;
}

/* ---- the public helpers (design.h) ------------------------------------ */

void icstat_design_set_level(const icstat_design *d, double *xr, size_t term, size_t level)
{
    const icstat_term *t = &d->terms[term];
    for (size_t col = 0; col < t->ncols; col++)
        xr[t->first_col + col] = level > 0 && col == level - 1 ? 1.0 : 0.0;
}

/* Coded column j of part pt (coded fully or by contrasts) in the row
 * whose design columns are xr and hidden values aux. */
static double part_value(const icstat_design *d, const icstat_term *pt, int full, size_t j,
                         const double *xr, const double *aux)
{
    if (pt >= d->terms + d->n_terms) /* hidden: a number, or every level's indicator */
        return aux[pt->first_col + (pt->categorical && !full ? j + 1 : j)];
    if (!pt->categorical || !full)
        return xr[pt->first_col + j];
    if (j > 0)
        return xr[pt->first_col + j - 1];
    double ref = 1.0; /* the reference level: no other level's indicator */
    for (size_t l = 0; l < pt->ncols; l++)
        ref -= xr[pt->first_col + l];
    return ref;
}

void icstat_design_fill_interactions(const icstat_design *d, double *xr, const double *aux)
{
    for (size_t t = 0; t < d->n_terms; t++) {
        const icstat_term *term = &d->terms[t];
        for (size_t col = 0; col < term->ncols && term->n_parts; col++) {
            size_t rest = combo_of(term, col);
            double v = 1.0;
            for (size_t i = 0; i < term->n_parts; i++) {
                const icstat_term *pt = &d->terms[term->parts[i]];
                const size_t nc = coded_count(term, pt, i);
                v *= part_value(d, pt, term->part_full[i], rest % nc, xr, aux);
                rest /= nc;
            }
            xr[term->first_col + col] = v;
        }
    }
}

long icstat_design_hidden_part(const icstat_design *d, size_t term)
{
    const icstat_term *tm = &d->terms[term];
    for (size_t i = 0; i < tm->n_parts; i++)
        if (tm->parts[i] >= d->n_terms)
            return (long)tm->parts[i];
    return -1;
}

/* Whether [a, b), spaces around it dropped, is s. */
static int part_is(const char *a, const char *b, const char *s)
{
    while (a < b && (*a == ' ' || *a == '\t'))
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
    return strlen(s) == (size_t)(b - a) && memcmp(s, a, (size_t)(b - a)) == 0;
}

long icstat_design_find_term(const icstat_design *d, const char *name)
{
    for (size_t t = 0; t < d->n_terms; t++)
        if (strcmp(d->terms[t].name, name) == 0)
            return (long)t;
    size_t n = 1;
    for (const char *s = name; *s; s++)
        n += *s == ':';
    for (size_t t = 0; t < d->n_terms && n > 1; t++) {
        const icstat_term *term = &d->terms[t];
        if (term->n_parts != n)
            continue;
        /* Each part of the name is a different part of the term, and they
         * are as many: the same set. */
        unsigned used = 0;
        int all = 1;
        for (const char *s = name; all;) {
            const char *colon = strchr(s, ':'), *e = colon ? colon : s + strlen(s);
            int found = 0;
            for (size_t i = 0; i < n && !found; i++)
                if (!(used >> i & 1u) && part_is(s, e, d->terms[term->parts[i]].name)) {
                    used |= 1u << i;
                    found = 1;
                }
            all = found;
            if (!colon)
                break;
            s = colon + 1;
        }
        if (all)
            return (long)t;
    }
    return -1;
}
