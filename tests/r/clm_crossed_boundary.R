# clm_crossed_boundary.R -- R's values for a crossed model whose inspector
# variance is estimated at its boundary, 0, so that the model with both
# random intercepts is the one with the school's alone
# (tests/cli/fit_crossed.sh checks icstat against them without R).
#
# Data: tests/fixtures/clm_crossed_boundary.csv (grade,x,female,inspector,
# school; 800 rows, 60 inspectors, 200 schools each inspected 4 times by
# inspectors of its area, true sds 0.5 and 0.8), data set 946 of 1,000
# drawn by an earlier design of tests/recovery/clm_crossed_recovery.c
# (60 inspectors in 6 areas, seed 20261207): one of the four in which the
# inspector variance came out at 0.
#
# Writes tests/fixtures/clm_crossed_boundary_values.csv:
#   model,term,value: clmm2 (both intercepts) and clmm1 (school alone),
#   terms loglik, sd(inspector), sd(school), x, female (full precision).
# clmm2 puts sd(inspector) at 1e-5, which is 0: its log-likelihood is the
# school-only model's at its maximum.  clmm1 itself stops 0.0056 lower
# (-934.9846, sd 0.4995): ordinal's fit of a single term ends on its
# gradient tolerance there; icstat's single-factor Laplace fit (--group
# school --quad 1) reaches clmm2's -934.97902, as its crossed fit does.
#
# Rerun (from the repository root): Rscript tests/r/clm_crossed_boundary.R
# Run with: R 4.2.2 Patched (Debian bookworm), ordinal 2022.11-16.
suppressPackageStartupMessages(library(ordinal))
d <- read.csv("tests/fixtures/clm_crossed_boundary.csv")
d$grade <- factor(d$grade, ordered = TRUE)
m2 <- clmm(grade ~ x + female + (1 | inspector) + (1 | school), data = d)
m1 <- clmm(grade ~ x + female + (1 | school), data = d)
vc <- VarCorr(m2)
rows <- data.frame(
  model = c(rep("clmm2", 5), rep("clmm1", 4)),
  term = c("loglik", "sd(inspector)", "sd(school)", "x", "female",
           "loglik", "sd(school)", "x", "female"),
  value = c(as.numeric(logLik(m2)), attr(vc$inspector, "stddev"),
            attr(vc$school, "stddev"), coef(m2)[["x"]], coef(m2)[["female"]],
            as.numeric(logLik(m1)), attr(VarCorr(m1)$school, "stddev"),
            coef(m1)[["x"]], coef(m1)[["female"]]))
con <- file("tests/fixtures/clm_crossed_boundary_values.csv", "wb")
writeLines(c("model,term,value",
             sprintf("%s,%s,%.12g", rows$model, rows$term, rows$value)), con, sep = "\n")
close(con)
