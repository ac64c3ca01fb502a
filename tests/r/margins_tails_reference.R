# margins_tails_reference.R -- records R reference values for `icstat fit
# --margins TERM --margins-tails`: the average predicted probability of a
# category and every one after it ("Requires improvement+Inadequate":
# Requires improvement or worse), with its delta-method se and its
# logit-scale interval.  The C test (tests/unit/test_fit_features.c,
# test_margins_tails) compares against these without R.
#
# Reads tests/fixtures/describe_inspections.csv (urn,phase,gender,role,
# region,grade,grade_num); rows missing grade, gender or phase dropped.
# Model: ordinal::clm(grade ~ gender + phase), logit link, grades in
# Ofsted's order.  For each level L of gender every row is set to L, each
# row's P(Y = j) is computed from the fitted thresholds and coefficients
# (logit P(Y <= j) = theta_j - x'beta, as ordinal and icstat write it) and
# averaged; a tail is the sum of its categories' averages.  Its gradient
# with respect to (theta, beta) is taken by central differences (steps
# 1e-4 se), independently of icstat's analytic one, and se = sqrt(g V g')
# with V = vcov(fit).  Interval: plogis(logit(p) -+ z se / (p (1 - p))),
# z = qnorm(0.975).
#
# Writes tests/fixtures/margins_tails_values.csv:
#   level,category,probability,se,ci_low,ci_high
# Run from the repository root: Rscript tests/r/margins_tails_reference.R
suppressPackageStartupMessages(library(ordinal))
grades <- c("Outstanding", "Good", "Requires improvement", "Inadequate")
d <- read.csv("tests/fixtures/describe_inspections.csv", stringsAsFactors = FALSE,
              na.strings = c("", "NA"))
d <- d[!is.na(d$grade) & !is.na(d$gender) & !is.na(d$phase), ]
d$grade <- factor(d$grade, levels = grades, ordered = TRUE)
d$gender <- factor(d$gender)
d$phase <- factor(d$phase)
fm <- clm(grade ~ gender + phase, data = d, link = "logit")
p0 <- c(fm$alpha, fm$beta)
V <- vcov(fm)[names(p0), names(p0)]
k1 <- length(fm$alpha)

avg <- function(p, level) {
  dl <- d
  dl$gender <- factor(rep(level, nrow(dl)), levels = levels(d$gender))
  X <- model.matrix(~ gender + phase, dl)[, -1, drop = FALSE]
  eta <- drop(X %*% p[(k1 + 1):length(p)])
  cum <- cbind(0, sapply(1:k1, function(j) plogis(p[j] - eta)), 1)
  probs <- cum[, -1] - cum[, -ncol(cum)]
  colMeans(probs)
}
jacobian_cd <- function(fun, p, se) {
  J <- NULL
  for (a in seq_along(p)) {
    h <- 1e-4 * se[a]
    up <- p; up[a] <- p[a] + h
    dn <- p; dn[a] <- p[a] - h
    J <- cbind(J, (fun(up) - fun(dn)) / (2 * h))
  }
  J
}
z <- qnorm(0.975)
rows <- NULL
for (level in levels(d$gender)) {
  # Each category, then each tail j.. (j = 2, 3 of 4): their sums.
  tails <- function(p) {
    pr <- avg(p, level)
    c(pr, sapply(2:(length(grades) - 1), function(j) sum(pr[j:length(grades)])))
  }
  names_ <- c(grades, sapply(2:(length(grades) - 1),
                             function(j) paste(grades[j:length(grades)], collapse = "+")))
  est <- tails(p0)
  J <- jacobian_cd(tails, p0, sqrt(diag(V)))
  se <- sqrt(diag(J %*% V %*% t(J)))
  lo <- plogis(qlogis(est) - z * se / (est * (1 - est)))
  hi <- plogis(qlogis(est) + z * se / (est * (1 - est)))
  rows <- rbind(rows, data.frame(level = level, category = names_, probability = est,
                                 se = se, ci_low = lo, ci_high = hi))
}
out <- "tests/fixtures/margins_tails_values.csv"
write.csv(format(rows, digits = 12), out, row.names = FALSE, quote = FALSE)
cat("wrote", out, "\n")
print(rows, digits = 10)
