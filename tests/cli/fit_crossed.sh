#!/bin/sh
# fit_crossed.sh — `icstat fit` with several --group (crossed or nested
# random intercepts) on the command line: the two option forms give the
# same bytes, each factor's rows in every format against R's clmm
# (tests/fixtures/clm_crossed_values.csv, from tests/r/clm_crossed_reference.R),
# --effects in one file (a factor column) or one file per factor, and the
# refusals with exit status 1 and nothing written.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/fit_crossed.sh
set -u
NAME=cli-fit-crossed
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"

FIX=$ROOT/tests/fixtures
LOGIT=$FIX/clm_crossed_logit.csv
NESTED=$FIX/clm_crossed_nested.csv
WINE=$ROOT/datasets/reference/randall1989_wine.csv
MODEL="--outcome grade --terms x,phase"

# ---- the two forms are one model; a second --group no longer replaces the first ----
# shellcheck disable=SC2086
run 0 "icstat: note: grouping: 'insp' (40 groups) and 'school' (300 groups) are crossed: groups of each meet several groups of the other" \
    fit $MODEL --group insp --group school --format csv -o twice.csv "$LOGIT"
# shellcheck disable=SC2086
run 0 - fit $MODEL --group insp,school --format csv -o list.csv "$LOGIT"
cmp -s twice.csv list.csv && ok || bad "--group a --group b differs from --group a,b"

# ---- each factor's rows, against R clmm(grade ~ x + phase + (1|insp) + (1|school)) ----
grep -q '^random,sd(school),0\.920[23]' twice.csv && ok || bad "sd(school) (R 0.920307)"
grep -q '^random,sd(insp),0\.6471[67]' twice.csv && ok || bad "sd(insp) (R 0.647163)"
grep -q '^fit,loglik,-1865\.753' twice.csv && ok || bad "loglik (R -1865.7533)"
grep -q '^coef,x,0\.7600' twice.csv && ok || bad "coef x (R 0.760045)"
for row in 'random,var(insp)' 'random,var(school)' 'fit,groups(insp),40,' 'fit,groups(school),300,' \
    'derived,latent_icc(insp)' 'derived,latent_icc(school)' 'derived,median_odds_ratio(insp)' \
    'derived,lr_stat(insp)' 'derived,lr_p_value(insp)' 'derived,lr_stat(school)' \
    'derived,lr_p_value(school)'; do
    grep -qF "$row" twice.csv && ok || bad "csv: no row $row"
done
# No row that would read as one factor's.
if grep -q -e '^fit,groups,' -e '^derived,latent_icc,' twice.csv; then
    bad "csv: a single-factor row with two factors"
else ok; fi
# Two factors: the agreement rows, the first factor the inspector, the
# second the school; an inspection's grade changes less often with another
# inspector than two inspections of the school disagree.
for row in inspector_agreement inspector_kappa implied_agreement implied_kappa; do
    grep -q "^derived,$row," twice.csv && ok || bad "csv: no $row row with two factors"
done
awk -F, '$2 == "inspector_agreement" { a = $3; lo = $7; hi = $8 } $2 == "implied_agreement" { b = $3 }
    END { exit !(a > b && lo < a && a < hi && hi < 1) }' twice.csv && ok ||
    bad "csv: inspector_agreement not above implied_agreement within its interval"
# latent_icc(G) = var(G) / (var(insp) + var(school) + pi^2/3).
awk -F, '$2 == "var(insp)" { a = $3 } $2 == "var(school)" { b = $3 }
    $2 == "latent_icc(school)" { c = $3 }
    END { w = b / (a + b + 3.14159265358979 ^ 2 / 3); exit !(c - w < 1e-8 && w - c < 1e-8) }' twice.csv \
    && ok || bad "latent_icc(school) is not var(school) over the total latent variance"
# Every format has the same rows.
# shellcheck disable=SC2086
run 0 "" fit $MODEL --group insp,school --format json "$LOGIT"
grep -q '"term": "latent_icc(school)"' stdout && ok || bad "json: latent_icc(school)"
grep -q '"term": "groups(insp)"' stdout && ok || bad "json: groups(insp)"
# shellcheck disable=SC2086
run 0 "" fit $MODEL --group insp,school "$LOGIT"
grep -q "^Cumulative link mixed model, logit link, of 'grade' in .*: 1500 rows, 40 groups ('insp') and 300 groups ('school'), crossed; Laplace approximation$" stdout \
    && ok || bad "text: title"
grep -q "^How much 'insp' and 'school' matter$" stdout && ok || bad "text: derived table title"
grep -q '^sd(school) ' stdout && ok || bad "text: sd(school) row"
grep -q '^lr_p_value(insp) ' stdout && ok || bad "text: lr_p_value(insp) row"
# Nested: detected, said in the title.
run 0 - fit --outcome grade --terms x --group school,la --format csv -o nested.csv "$NESTED"
grep -q "^icstat: note: grouping: 'school' is nested in 'la'" stderr && ok || bad "nested: note"
grep -q '^random,sd(la),0\.4989' nested.csv && ok || bad "nested: sd(la) (R 0.498908)"

# --test with two factors refits the crossed model without the term: its
# statistic is twice the difference of the two fits' log-likelihoods (R's
# clmm(grade ~ x + (1|insp) + (1|school)) gives -1874.35267 for the one
# without phase).
# shellcheck disable=SC2086
run 0 - fit $MODEL --group insp,school --test phase --format csv -o t.csv "$LOGIT"
run 0 - fit --outcome grade --terms x --group insp,school --format csv -o nophase.csv "$LOGIT"
awk -F, 'NR == FNR { if ($2 == "loglik") r = $3; next } $2 == "loglik" { f = $3 }
    $1 == "test" && $2 == "phase" { s = $3 }
    END { d = s - 2 * (f - r); exit !(d < 1e-5 && d > -1e-5 && r + 1874.35267 < 1e-3 && r + 1874.35267 > -1e-3) }' \
    nophase.csv t.csv && ok || bad "--test phase with two factors: statistic or reduced log-likelihood"

# ---- a variance at its boundary: the model is the other factor's alone ----
# R clmm (tests/r/clm_crossed_boundary.R): sd(inspector) 1e-5, loglik -934.979024.
BND=$FIX/clm_crossed_boundary.csv
run 0 - fit --outcome grade --terms x,female --group inspector,school --format csv -o bnd2.csv "$BND"
grep -q '^random,sd(inspector),0,NA,NA,NA,NA,NA,NA,NA,NA,NA$' bnd2.csv && ok || bad "boundary: sd(inspector) row"
grep -q '^derived,lr_p_value(inspector),1,' bnd2.csv && ok || bad "boundary: lr_p_value(inspector) is not 1"
grep -q "^icstat: note: warning: the variance of 'inspector' is estimated at its boundary, 0" stderr \
    && ok || bad "boundary: no warning"
awk -F, '$2 == "loglik" { d = $3 + 934.979023814; exit !(d < 1e-3 && d > -1e-3) }' bnd2.csv \
    && ok || bad "boundary: loglik (R clmm -934.979024)"
# Estimates and standard errors are those of the school-only Laplace fit,
# a separate code path (one grouping factor, --quad 1), to 1e-6.
run 0 - fit --outcome grade --terms x,female --group school --quad 1 --format csv -o bnd1.csv "$BND"
awk -F, 'NR == FNR { e[$1 "," $2] = $3; s[$1 "," $2] = $4; next }
    ($1 == "coef" || $1 == "threshold" || $2 == "sd(school)") {
        k = $1 "," $2; n++
        if (!(k in e) || (e[k] - $3) ^ 2 > 1e-12 || (s[k] - $4) ^ 2 > 1e-12) bad++ }
    END { exit !(n == 6 && bad == 0) }' bnd1.csv bnd2.csv \
    && ok || bad "boundary: estimates or se differ from the school-only fit"

# ---- --effects: one file with a factor column, or one file per factor ----
# shellcheck disable=SC2086
run 0 - fit $MODEL --group insp,school --format csv -o m.csv --effects all.csv "$LOGIT"
[ "$(head -n 1 all.csv)" = "factor,group,n,effect,se,ci_low,ci_high,conf,rank,odds_ratio,or_ci_low,or_ci_high" ] && ok || bad "effects: header"
[ "$(grep -c '^insp,' all.csv)" = 40 ] && ok || bad "effects: want 40 insp rows"
[ "$(grep -c '^school,' all.csv)" = 300 ] && ok || bad "effects: want 300 school rows"
[ "$(awk -F, '$1 == "school" && $9 == 1' all.csv | wc -l)" = 1 ] && ok || bad "effects: rank within factor"
# shellcheck disable=SC2086
run 0 - fit $MODEL --group insp,school --format csv -o m2.csv \
    --effects insp=insp.csv,school=school.md "$LOGIT"
[ "$(head -n 1 insp.csv)" = "group,n,effect,se,ci_low,ci_high,conf,rank,odds_ratio,or_ci_low,or_ci_high" ] && ok || bad "effects per factor: header"
tail -n +2 insp.csv >insp.rows
grep '^insp,' all.csv | cut -d, -f2- | cmp -s - insp.rows && ok || bad "effects per factor: insp rows differ from the one file's"
grep -q "^\*\*Conditional modes of the 'school' effects (300 groups); 95% intervals\*\*$" school.md \
    && ok || bad "effects per factor: md title of school"
cmp -s m.csv m2.csv && ok || bad "--effects changed the model table"
# One factor named: one file.
# shellcheck disable=SC2086
run 0 - fit $MODEL --group insp,school --format csv -o /dev/null --effects school=only.csv "$LOGIT"
[ "$(wc -l <only.csv)" = 301 ] && ok || bad "effects school=only.csv: want 301 lines"

# A caterpillar is of one factor: the one file of several is refused, a
# file per factor is drawn.
run 2 "icstat: all.csv:42: the effects of more than one grouping factor ('insp' and 'school' in column 'factor'): a caterpillar shows one; write one file per factor with fit --effects insp=FILE,..." \
    chart caterpillar all.csv -o cat.svg
[ -e cat.svg ] && bad "chart caterpillar of two factors left a file" || ok
run 0 "" chart caterpillar insp.csv -o cat.svg
[ -s cat.svg ] && ok || bad "chart caterpillar of one factor's file"

# ---- refusals: exit 1, nothing written ----
rm -f out.csv e1.csv e2.csv
# shellcheck disable=SC2086
run 1 "icstat fit: --group names 'insp' twice; each grouping column gets one random intercept" \
    fit $MODEL --group insp --group insp,school -o out.csv "$LOGIT"
# shellcheck disable=SC2086
run 1 "icstat fit: --quad 7: adaptive Gauss-Hermite quadrature is for one grouping factor; with 2 (--group insp,...) the fit uses the Laplace approximation (--quad 1)" \
    fit $MODEL --group insp,school --quad 7 -o out.csv "$LOGIT"
# Margins with two factors: both effects integrated out as their sum (R's
# values: tests/r/clm_crossed_margins.R, Primary|1 0.249655842213).
# shellcheck disable=SC2086
run 0 - fit $MODEL --group insp,school --margins phase --format csv -o out.csv "$LOGIT"
grep -q '^Primary,1,0\.24965' out.csv && ok || bad "crossed margins: Primary|1 not R's 0.24966"
# shellcheck disable=SC2086
run 0 "-" fit $MODEL --group insp,school --margins phase "$LOGIT"
grep -q 'the random effects integrated out (their sum: normal with the sum of their variances)' stdout \
    && ok || bad "crossed margins: the title does not say both effects are integrated out"
# shellcheck disable=SC2086
run 1 "icstat fit: --effects 'insp=e1.csv,schol=e2.csv': 'schol' is not a --group column" \
    fit $MODEL --group insp,school --effects insp=e1.csv,schol=e2.csv -o out.csv "$LOGIT"
# shellcheck disable=SC2086
run 1 "icstat fit: --effects 'insp=e1.csv,insp=e2.csv' names group 'insp' twice" \
    fit $MODEL --group insp,school --effects insp=e1.csv,insp=e2.csv -o out.csv "$LOGIT"
# shellcheck disable=SC2086
run 1 "icstat fit: --effects 'insp=,school=e2.csv': insp= has no file name" \
    fit $MODEL --group insp,school --effects insp=,school=e2.csv -o out.csv "$LOGIT"
# shellcheck disable=SC2086
run 1 "icstat fit: --effects 'insp=e1.csv,e2.csv': each item of a list is GROUP=FILE (got 'e2.csv')" \
    fit $MODEL --group insp,school --effects insp=e1.csv,e2.csv -o out.csv "$LOGIT"
# shellcheck disable=SC2086
run 1 "icstat fit: --effects 'e1.csv' and --effects 'e1.csv' are the same file: give each output its own name" \
    fit $MODEL --group insp,school --effects insp=e1.csv,school=e1.csv -o out.csv "$LOGIT"
# shellcheck disable=SC2086
run 1 "icstat fit: --group 'insp,' has an empty item" fit $MODEL --group insp, "$LOGIT"
if ls out.csv e1.csv e2.csv >/dev/null 2>&1; then bad "a refused run left a file"; else ok; fi
# A failed write leaves no effects file either.
# shellcheck disable=SC2086
run 2 - fit $MODEL --group insp,school --effects insp=e1.csv,school=e2.csv -o nodir/x.csv "$LOGIT"
if ls e1.csv e2.csv >/dev/null 2>&1; then bad "a failed run left an effects file"; else ok; fi
# Data errors name the problem: a factor that groups the rows as another.
awk -F, 'BEGIN { OFS = "," } NR == 1 { print $0, "copy"; next } { print $0, "c" $4 }' "$LOGIT" >copy.csv
# shellcheck disable=SC2086
run 2 "icstat: copy.csv: grouping columns 'insp' and 'copy' group the rows identically (40 groups), so their variances cannot be told apart; give one of them to --group" \
    fit $MODEL --group insp,copy copy.csv

# ---- one --group: as before (a file name with '=' is a file) ----
run 0 - fit --outcome rating --terms temp --group judge --format csv --effects judge=x.csv "$WINE"
[ -s judge=x.csv ] && ok || bad "one --group: --effects judge=x.csv is one file"

echo "cli-fit-crossed: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
