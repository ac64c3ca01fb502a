# clm_crossed_margins.R -- records R reference values for `icstat fit
# --margins` with two grouping factors: the average over the rows of the
# model of P(Y = j | x_i) with phase set to each level, the two random
# intercepts integrated out.  Their sum is normal with variance
# sd(insp)^2 + sd(school)^2, so one integral over N(0, that) (50-point
# Gauss-Hermite) gives each row's probability; se by the delta method with
# clmm's vcov() (thresholds, coefficients, both sds) and a
# central-difference Jacobian.  The model is tests/r/clm_crossed_reference.R's
# crossed_logit: clmm(grade ~ x + phase + (1|insp) + (1|school)), Laplace.
# Writes tests/fixtures/clm_crossed_margins.csv: term,estimate,se with term
# "LEVEL|CATEGORY" as icstat writes the level and category.
# Rerun (from the repository root):  Rscript tests/r/clm_crossed_margins.R
# Deterministic, about a minute.  R 4.2.2 Patched, ordinal 2022.11-16.

suppressPackageStartupMessages(library(ordinal))
fix_dir <- file.path("tests", "fixtures")
if (!dir.exists(fix_dir)) stop("run from the repository root (tests/fixtures not found)")

d <- utils::read.csv(file.path(fix_dir, "clm_crossed_logit.csv"), colClasses = "character")
d$x <- as.numeric(d$x)
d$grade <- factor(d$grade, levels = sort(unique(d$grade)), ordered = TRUE)
for (v in c("phase", "insp", "school")) d[[v]] <- factor(d[[v]])
m <- clmm(grade ~ x + phase + (1 | insp) + (1 | school), data = d)
cat(sprintf("crossed_logit logLik %.10f\n", as.numeric(logLik(m))))

gh_normal <- function(K) {   # Golub-Welsch: nodes and weights for N(0, 1)
  J <- matrix(0, K, K)
  off <- sqrt(seq_len(K - 1))
  J[cbind(1:(K - 1), 2:K)] <- off
  J[cbind(2:K, 1:(K - 1))] <- off
  ev <- eigen(J, symmetric = TRUE)
  list(z = rev(ev$values), w = rev(ev$vectors[1, ]^2))
}
GH <- gh_normal(50)

p <- c(m$alpha, m$beta)
V <- vcov(m)
st <- grep("^ST", rownames(V))
# With two random terms clmm's vcov rows ST1, ST2 are the sds themselves
# (with one, log sd): the Jacobian is taken on the sd scale to match.
p <- c(p, setNames(sapply(m$ST, function(s) s[1, 1]), rownames(V)[st]))
print(cbind(sd = p[st], se = sqrt(diag(V))[st]))
stopifnot(identical(names(p), rownames(V)))
k1 <- length(m$alpha)
levs <- levels(d$phase)
Xs <- lapply(levs, function(l) {
  dl <- d
  dl$phase <- factor(rep(l, nrow(d)), levels = levs)
  model.matrix(~ x + phase, dl)[, -1, drop = FALSE]
})
avg <- function(q) {
  theta <- q[seq_len(k1)]
  beta <- q[k1 + seq_along(m$beta)]
  sd <- sqrt(sum(q[st]^2))
  unlist(lapply(Xs, function(X) {
    eta <- drop(X %*% beta)
    P <- 0
    for (g in seq_along(GH$z)) {
      cum <- plogis(outer(-(eta + sd * GH$z[g]), theta, `+`))
      P <- P + GH$w[g] * (cbind(cum, 1) - cbind(0, cum))
    }
    colMeans(P)
  }))
}
se <- sqrt(diag(V))
J <- NULL
for (a in seq_along(p)) {
  h <- 1e-4 * se[a]
  up <- p; up[a] <- p[a] + h
  dn <- p; dn[a] <- p[a] - h
  J <- cbind(J, (avg(up) - avg(dn)) / (2 * h))
}
est <- avg(p)
sem <- sqrt(diag(J %*% V %*% t(J)))
lab <- paste(rep(levs, each = nlevels(d$grade)), levels(d$grade), sep = "|")
out <- c("term,estimate,se", sprintf("%s,%.12g,%.12g", lab, est, sem))
con <- file(file.path(fix_dir, "clm_crossed_margins.csv"), open = "wb")
writeLines(out, con, sep = "\n")
close(con)
cat(sprintf("wrote %d rows\n", length(out) - 1))
