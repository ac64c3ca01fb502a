# fit_tests_reference.R -- records R reference values for the tests of terms
# of `icstat fit`: likelihood-ratio tests of dropping a term (--test), from
# drop1(clm, test = "Chisq") and anova() of two nested clmm fits, and tests
# of proportional odds (--nominal-test), from ordinal::nominal_test.  The C
# tests (tests/unit/test_fit_tests.c) compare against these without R.
#
# Run from the repository root:  Rscript tests/r/fit_tests_reference.R
# Reads  tests/fixtures/fit_inspections.csv, fit_inspectors.csv (made by
#        fit_features_reference.R).
# Writes tests/fixtures/fit_tests_nominal.csv   a small data set (y 1..4, g
#          a/b, x numeric) in which level b never has y = 3, so that the
#          partial proportional odds model for g has no valid fit;
#        tests/fixtures/fit_tests_values.csv    case,kind,term,statistic,df,p_value
#          kind test: drop the term, statistic 2 (ll_full - ll_without);
#          kind nominal_test: nominal_test's LRT, Df and Pr(>Chi) (NA where
#          ordinal's fit failed); kind loglik (term "<none>"): the full
#          model's log-likelihood in statistic.  Numbers with %.12g.
#
# Cases, all on the inspections joined with the inspector columns and the
# rows complete in grade, phase, pupils, gender, role, experience (1150):
#   clm_logit     clm(grade ~ phase + pupils + gender + role + experience)
#   clm_probit    the same, link = "probit"
#   clmm_laplace  the same + (1 | inspector), nAGQ = 1; tests of gender and
#                 pupils by the likelihood ratio of full and reduced (as
#                 anova.clmm), both Laplace
#   clmm_agq7     the same, nAGQ = 7; test of role
#   nominal_na    clm(y ~ g + x) on fit_tests_nominal.csv: drop1 and
#                 nominal_test (g: NA, "not all thresholds are increasing")
# pupils enters per 100 pupils in R (as in fit_features_reference.R: clmm
# stops early on the per-pupil scale); the likelihoods, and so every test,
# are the same.
suppressPackageStartupMessages(library(ordinal))

fix_dir <- "tests/fixtures"
read_chr <- function(file)
  utils::read.csv(file.path(fix_dir, file), colClasses = "character", na.strings = "")
ins <- read_chr("fit_inspections.csv")
ipr <- read_chr("fit_inspectors.csv")
d <- cbind(ins, ipr[match(ins$inspector, ipr$inspector), -1, drop = FALSE])
grades <- c("Outstanding", "Good", "Requires improvement", "Inadequate")
d$grade <- factor(d$grade, levels = grades, ordered = TRUE)
d$pupils100 <- as.numeric(d$pupils) / 100
d$experience <- as.numeric(d$experience)
d$phase <- factor(d$phase)
d$gender <- factor(d$gender)
d$role <- factor(d$role)
d$inspector <- factor(d$inspector)
d <- d[complete.cases(d[, c("grade", "phase", "pupils100", "gender", "role", "experience")]), ]
stopifnot(nrow(d) == 1150)

rows <- list()
put <- function(case, kind, term, stat, df, p)
  rows[[length(rows) + 1L]] <<- data.frame(case = case, kind = kind, term = term,
                                           statistic = stat, df = df, p_value = p)
# icstat's names for R's terms.
icname <- function(t) ifelse(t == "pupils100", "pupils", t)

from_drop1 <- function(case, fit) {
  put(case, "loglik", "<none>", as.numeric(logLik(fit)), NA, NA)
  a <- drop1(fit, test = "Chisq")
  for (t in rownames(a)[-1])
    put(case, "test", icname(t), a[t, "LRT"], a[t, "Df"], a[t, "Pr(>Chi)"])
}
from_nominal <- function(case, fit) {
  a <- nominal_test(fit)
  for (t in rownames(a)[-1])
    put(case, "nominal_test", icname(t), a[t, "LRT"], a[t, "Df"], a[t, "Pr(>Chi)"])
}

f <- grade ~ phase + pupils100 + gender + role + experience
for (lk in c("logit", "probit")) {
  m <- clm(f, data = d, link = lk)
  stopifnot(m$convergence$code == 0)
  from_drop1(paste0("clm_", lk), m)
  from_nominal(paste0("clm_", lk), m)
}

fm <- grade ~ phase + pupils100 + gender + role + experience + (1 | inspector)
mixed_case <- function(case, nagq, drop) {
  full <- clmm(fm, data = d, nAGQ = nagq)
  put(case, "loglik", "<none>", as.numeric(logLik(full)), NA, NA)
  for (t in drop) {
    red <- clmm(update(fm, paste(". ~ . -", t)), data = d, nAGQ = nagq)
    # anova.clmm's own arithmetic ("Unable to evaluate models" when given
    # the update()d formula): LR = 2 (ll_full - ll_red) on the difference
    # in parameters.
    stat <- 2 * (as.numeric(logLik(full)) - as.numeric(logLik(red)))
    df <- attr(logLik(full), "df") - attr(logLik(red), "df")
    put(case, "test", icname(t), stat, df, pchisq(stat, df, lower.tail = FALSE))
  }
}
mixed_case("clmm_laplace", 1, c("gender", "pupils100"))

# An interaction: drop1 offers only the terms no interaction contains
# (marginality), here the interaction itself and role.
mi <- clm(grade ~ phase * gender + role + pupils100, data = d)
stopifnot(mi$convergence$code == 0)
from_drop1("clm_interaction", mi)
mixed_case("clmm_agq7", 7, c("role"))

# A level that never has a middle category: with a separate effect of g at
# each cut point the likelihood rises without bound as level b's cut
# points pass each other, and ordinal reports the fit invalid.
set.seed(16)
n <- 300
g <- sample(c("a", "b"), n, TRUE)
x <- round(rnorm(n), 3)
y <- as.integer(cut(rlogis(n) + 0.5 * x + 0.4 * (g == "b"), c(-Inf, -1, 0.5, 1.5, Inf)))
y[g == "b" & y == 3] <- 2
con <- file(file.path(fix_dir, "fit_tests_nominal.csv"), "wb")
writeLines(c("y,g,x", sprintf("%d,%s,%.3f", y, g, x)), con, sep = "\n")
close(con)
dn <- data.frame(y = factor(y, levels = 1:4, ordered = TRUE), g = factor(g), x = x)
mn <- clm(y ~ g + x, data = dn)
from_drop1("nominal_na", mn)
from_nominal("nominal_na", mn)
stopifnot(is.na(rows[[length(rows) - 1L]]$statistic))

out <- do.call(rbind, rows)
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.12g", v))
con <- file(file.path(fix_dir, "fit_tests_values.csv"), "wb")
writeLines(c("case,kind,term,statistic,df,p_value",
             sprintf("%s,%s,%s,%s,%s,%s", out$case, out$kind, out$term, fmt(out$statistic),
                     fmt(out$df), fmt(out$p_value))), con, sep = "\n")
close(con)
print(out)
