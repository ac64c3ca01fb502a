# icc_reml_reference.R -- reference values for the ICC from every rating
# (analysis/numerics/icc_reml.c, icc_unbalanced.c): REML variance
# components of y ~ 1 + (1|unit) + (1|rater) from lme4::lmer, the forms
# psych::ICC(lmer = TRUE) builds from them, the unbalanced one-way ANOVA,
# and the logit Wald intervals from an independent dense REML likelihood.
#
# Writes the data sets tests/fixtures/icc_reml_<name>.csv (wide: unit, then
# one column per rater, empty = missing) and tests/fixtures/icc_reml_values.csv
#   dataset,quantity,value
# quantities:
#   var_unit, var_rater, var_resid, reml   lmer REML fit (bobyqa, rhoend 1e-12,
#                                           so that the optimum is tight)
#   icc_2_1, icc_3_1                        s2u/(s2u+s2r+s2e), s2u/(s2u+s2e)
#   icc_2_k, icc_3_k                        the same for the mean of k = n0 ratings
#   psych_icc2, psych_icc3                  psych::ICC(x, lmer = TRUE) ICC2, ICC3
#                                           (default lmer optimiser: ~1e-6 only)
#   icc_X_ci_low/high                       logit(ICC) +- z sqrt(g' C g), C = 2 H^-1,
#                                           H the Hessian of the dense -2 log L_R in the
#                                           log variances (central differences, h = 1e-4)
#   n0, msb, msw, f, icc_1_1, icc_1_k,
#   icc_1_1_ci_low/high, icc_1_k_ci_low/high, p_oneway
#                                           unbalanced one-way ANOVA (aov), F
#                                           intervals with n0 for k
#   lmer_oneway_icc                         lme4 one-way REML s2u/(s2u+s2e): not what
#                                           icstat reports, recorded to compare
# Data sets: sf_missing (Shrout & Fleiss 1979 with 3 cells removed),
# psych_727 (psych: 0.727 on all ratings, 0.738 on complete cases),
# inspectors (40 schools, 12 inspectors, 2-4 per school), wide (6 units,
# 14 raters: more raters than units), boundary (REML puts s2r at 0).
#
# Rerun from the repository root:  Rscript tests/r/icc_reml_reference.R
# Run with: R 4.2.2 Patched (Debian bookworm), lme4 1.1.31, psych 2.2.9.
suppressMessages({library(lme4); library(psych)})
fix <- file.path("tests", "fixtures")
if (!dir.exists(fix)) stop("run from the repository root")

to_long <- function(x) {
  d <- data.frame(y = as.vector(x), u = factor(rep(seq_len(nrow(x)), ncol(x))),
                  r = factor(rep(seq_len(ncol(x)), each = nrow(x))))
  d[!is.na(d$y), ]
}

# -2 log L_R of y = mu + unit + rater + e at log variances phi, densely.
reml_dense <- function(phi, d) {
  Zu <- model.matrix(~ u - 1, d); Zr <- model.matrix(~ r - 1, d)
  V <- exp(phi[1]) * tcrossprod(Zu) + exp(phi[2]) * tcrossprod(Zr) + exp(phi[3]) * diag(nrow(d))
  X <- matrix(1, nrow(d), 1)
  Vi <- solve(V); XVX <- t(X) %*% Vi %*% X
  P <- Vi - Vi %*% X %*% solve(XVX) %*% t(X) %*% Vi
  as.numeric((nrow(d) - 1) * log(2 * pi) + determinant(V)$modulus +
             determinant(XVX)$modulus + t(d$y) %*% P %*% d$y)
}

hessian <- function(f, p, h = 1e-4) {
  n <- length(p); H <- matrix(0, n, n)
  for (i in 1:n) for (j in 1:n) {
    e <- function(a, b) { q <- p; q[i] <- q[i] + a; q[j] <- q[j] + b; f(q) }
    H[i, j] <- (e(h, h) - e(h, -h) - e(-h, h) + e(-h, -h)) / (4 * h * h)
  }
  H
}

values <- list()
put <- function(ds, q, v) values[[length(values) + 1]] <<- data.frame(dataset = ds, quantity = q, value = v)

reference <- function(name, x) {
  colnames(x) <- paste0("rater_", seq_len(ncol(x)))
  out <- data.frame(unit = seq_len(nrow(x)), x)
  write.csv(out, file.path(fix, paste0("icc_reml_", name, ".csv")), row.names = FALSE, na = "", quote = FALSE)
  d <- to_long(x)
  m <- lmer(y ~ 1 + (1 | u) + (1 | r), data = d, REML = TRUE,
            control = lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5)))
  vc <- as.data.frame(VarCorr(m))
  su <- vc$vcov[vc$grp == "u"]; sr <- vc$vcov[vc$grp == "r"]; se <- vc$vcov[vc$grp == "Residual"]
  put(name, "var_unit", su); put(name, "var_rater", sr); put(name, "var_resid", se)
  put(name, "reml", REMLcrit(m))
  ni <- table(d$u); N <- nrow(d); n <- length(ni)
  n0 <- (N - sum(ni^2) / N) / (n - 1)
  put(name, "n0", n0)
  forms <- list(icc_2_1 = c(1, 1), icc_3_1 = c(0, 1), icc_2_k = c(1, n0), icc_3_k = c(0, n0))
  act <- c(su, sr, se) > 1e-10
  C <- matrix(NA, 3, 3)
  phi <- log(c(su, sr, se))
  Ha <- hessian(function(q) { p <- phi; p[act] <- q; reml_dense(p, d) }, phi[act])
  C[act, act] <- 2 * solve(Ha)
  z <- qnorm(0.975)
  for (f in names(forms)) {
    rr <- forms[[f]][1] * sr; k <- forms[[f]][2]
    est <- su / (su + (rr + se) / k)
    put(name, f, est)
    g <- c(1, -rr / (rr + se), -se / (rr + se))
    gi <- which(g != 0)
    v <- as.numeric(t(g[gi]) %*% C[gi, gi, drop = FALSE] %*% g[gi])
    l <- qlogis(est)
    put(name, paste0(f, "_ci_low"), plogis(l - z * sqrt(v)))
    put(name, paste0(f, "_ci_high"), plogis(l + z * sqrt(v)))
  }
  ps <- suppressMessages(suppressWarnings(ICC(x, lmer = TRUE)$results$ICC))
  put(name, "psych_icc2", ps[2]); put(name, "psych_icc3", ps[3])
  # Unbalanced one-way ANOVA.
  a <- anova(lm(y ~ u, data = d))
  msb <- a[1, "Mean Sq"]; msw <- a[2, "Mean Sq"]; dfb <- a[1, "Df"]; dfw <- a[2, "Df"]
  F <- msb / msw
  put(name, "msb", msb); put(name, "msw", msw); put(name, "f", F)
  put(name, "p_oneway", pf(F, dfb, dfw, lower.tail = FALSE))
  put(name, "icc_1_1", (msb - msw) / (msb + (n0 - 1) * msw))
  put(name, "icc_1_k", (msb - msw) / msb)
  FL <- F / qf(0.975, dfb, dfw); FU <- F * qf(0.975, dfw, dfb)
  put(name, "icc_1_1_ci_low", (FL - 1) / (FL + n0 - 1)); put(name, "icc_1_1_ci_high", (FU - 1) / (FU + n0 - 1))
  put(name, "icc_1_k_ci_low", 1 - 1 / FL); put(name, "icc_1_k_ci_high", 1 - 1 / FU)
  m1 <- lmer(y ~ 1 + (1 | u), data = d, REML = TRUE)
  v1 <- as.data.frame(VarCorr(m1))$vcov
  put(name, "lmer_oneway_icc", v1[1] / sum(v1))
  # Complete cases, the balanced ANOVA (psych lmer = FALSE) for the record.
  cc <- na.omit(x)
  if (nrow(cc) >= 2) put(name, "complete_icc_2_1", ICC(cc, lmer = FALSE)$results$ICC[2])
}

# 1. Shrout & Fleiss (1979) with three cells removed.
sf <- matrix(c(9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7), ncol = 4, byrow = TRUE)
sf[2, 2] <- NA; sf[4, 3] <- NA; sf[6, 4] <- NA
reference("sf_missing", sf)

# 2. psych's 0.727 on all ratings against 0.738 on complete cases (seed found
#    by search: 12 units, 4 raters, 5 cells missing).
set.seed(8609)
u <- rnorm(12, 0, 1.5); r <- rnorm(4, 0, 0.7)
x <- round(outer(u, r, "+") + matrix(rnorm(48, 0, 0.8), 12, 4) + 5)
x[sample(48, 5)] <- NA
reference("psych_727", x)

# 3. Inspectors: 40 schools, 12 inspectors, each school seen by 2-4 of them,
#    grades 1-4 (unbalanced, crossed).
set.seed(18)
x <- matrix(NA, 40, 12)
su <- rnorm(40, 0, 0.8); sr <- rnorm(12, 0, 0.4)
for (i in 1:40) { j <- sample(12, sample(2:4, 1)); x[i, j] <- pmin(4, pmax(1, round(2.5 + su[i] + sr[j] + rnorm(length(j), 0, 0.6)))) }
reference("inspectors", x)

# 4. More raters than units: 6 units, 14 raters, 4-6 per unit.
set.seed(4)
x <- matrix(NA, 6, 14)
su <- rnorm(6, 0, 2); sr <- rnorm(14, 0, 1)
for (i in 1:6) { j <- sample(14, sample(4:6, 1)); x[i, j] <- round(10 + su[i] + sr[j] + rnorm(length(j), 0, 1), 1) }
reference("wide", x)

# 5. Boundary: the raters' variance at 0 (rater effects absent; a seed whose
#    REML fit is singular in the raters).
for (s in 1:200) {
  set.seed(s)
  x <- round(matrix(rnorm(10), 10, 5) + matrix(rnorm(50, 0, 1), 10, 5), 1)
  x[sample(50, 6)] <- NA
  d <- to_long(x)
  m <- lmer(y ~ 1 + (1 | u) + (1 | r), data = d, REML = TRUE)
  if (as.data.frame(VarCorr(m))$vcov[2] == 0) break
}
put("boundary", "seed", s)
reference("boundary", x)

v <- do.call(rbind, values)
v$value <- sprintf("%.14g", v$value)
write.csv(v, file.path(fix, "icc_reml_values.csv"), row.names = FALSE, quote = FALSE)
