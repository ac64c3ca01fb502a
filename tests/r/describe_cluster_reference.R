# describe_cluster_reference.R -- records reference values for
# `icstat describe --cluster`: percentages whose intervals allow for rows
# clustered within inspectors.  The C test (tests/unit/test_describe.c)
# compares against these without R.  Needs R's survey package (Debian:
# r-cran-survey).  Run from the repository root:
#   Rscript tests/r/describe_cluster_reference.R
#
# Independently of icstat's code, the covariance of all the group x
# category proportions comes from survey::svyby(..., svymean, covmat =
# TRUE) on svydesign(ids = ~inspector): the linearisation estimator with
# the C / (C - 1) factor.  From it, written out here:
#   deff        variance / (p (1 - p) / n), floored at 1
#   cell        Wilson's score interval at the effective size n / deff
#   difference  Newcombe's hybrid limits from those Wilson limits, with the
#               correlation r of the two proportions (Zou & Donner 2008):
#               d -+ sqrt(dl^2 + du^2 - 2 r dl du)
#   risk_ratio  exp(log(p1/p2) -+ z sqrt(w1/p1^2 + w2/p2^2 - 2 r sqrt(w1 w2)/(p1 p2))),
#               w = deff p (1 - p) / n
#   wald        d' S^-1 d for d = p_g - p_ref (every group but the
#               reference, every category but the last), S from the
#               covariance; chi-square on (G - 1)(K - 1) df.
#
# Writes tests/fixtures/describe_cluster_inspections.csv (simulated:
# inspector, gender (of the inspector), phase (of the school), grade) and
# tests/fixtures/describe_cluster_values.csv (as describe_values.csv:
# case,measure,group,category,x1,n1,x2,n2,conf,estimate,ci_low,ci_high).
suppressMessages(library(survey))
set.seed(20261125)
G <- 60
insp <- data.frame(inspector = sprintf("I%02d", 1:G),
                   gender = sample(c("F", "M"), G, replace = TRUE),
                   u = rnorm(G, 0, 0.9))
load <- rpois(G, 18) + 2
df <- insp[rep(1:G, load), ]
n <- nrow(df)
df$phase <- sample(c("Primary", "Secondary", "Special"), n, replace = TRUE, prob = c(.6, .3, .1))
eta <- df$u + 0.3 * (df$gender == "F") + 0.4 * (df$phase == "Secondary")
lat <- eta + rlogis(n)
df$grade <- c("Outstanding", "Good", "Requires improvement", "Inadequate")[
  findInterval(lat, c(-2.2, 0.9, 3.0)) + 1]
df <- df[sample(n), c("inspector", "gender", "phase", "grade")]
write.csv(df, "tests/fixtures/describe_cluster_inspections.csv", row.names = FALSE, quote = FALSE)

cats <- c("Outstanding", "Good", "Requires improvement", "Inadequate")
df$grade <- factor(df$grade, levels = cats)
des <- svydesign(ids = ~inspector, data = df)
wilson <- function(p, m, z) {
  c0 <- (p + z^2 / (2 * m)) / (1 + z^2 / m)
  h <- z * sqrt(p * (1 - p) / m + z^2 / (4 * m^2)) / (1 + z^2 / m)
  c(max(0, c0 - h), min(1, c0 + h))
}
rows <- list()
add <- function(...) rows[[length(rows) + 1]] <<- data.frame(..., stringsAsFactors = FALSE)
one_case <- function(case, by, ref, conf) {
  z <- qnorm(0.5 + conf / 2)
  fit <- svyby(~grade, as.formula(paste0("~", by)), des, svymean, covmat = TRUE)
  V <- vcov(fit)
  groups <- sort(unique(df[[by]]))
  key <- function(g, k) paste0(g, ":grade", cats[k])
  stopifnot(all(outer(groups, seq_along(cats), Vectorize(key)) %in% rownames(V)))
  cnt <- table(df[[by]], df$grade)
  tot <- rowSums(cnt)
  P <- cnt / tot
  deff <- lim <- list()
  for (g in groups) for (k in seq_along(cats)) {
    p <- P[g, k]; n <- tot[[g]]; v <- V[key(g, k), key(g, k)]
    d <- if (p > 0 && p < 1) max(1, v / (p * (1 - p) / n)) else 1
    w <- wilson(p, n / d, z)
    deff[[key(g, k)]] <- d; lim[[key(g, k)]] <- w
    add(case = case, measure = "cell", group = g, category = cats[k], x1 = cnt[g, k], n1 = n,
        x2 = NA, n2 = NA, conf = conf, estimate = 100 * p, ci_low = 100 * w[1], ci_high = 100 * w[2])
    add(case = case, measure = "deff", group = g, category = cats[k], x1 = cnt[g, k], n1 = n,
        x2 = NA, n2 = NA, conf = conf, estimate = d, ci_low = NA, ci_high = NA)
  }
  for (g in setdiff(groups, ref)) for (k in seq_along(cats)) {
    a <- key(g, k); b <- key(ref, k)
    p1 <- P[g, k]; p2 <- P[ref, k]
    v1 <- V[a, a]; v2 <- V[b, b]
    r <- if (v1 > 0 && v2 > 0) V[a, b] / sqrt(v1 * v2) else 0
    l1 <- lim[[a]]; l2 <- lim[[b]]
    dl1 <- p1 - l1[1]; du1 <- l1[2] - p1; dl2 <- p2 - l2[1]; du2 <- l2[2] - p2
    lo <- p1 - p2 - sqrt(max(0, dl1^2 + du2^2 - 2 * r * dl1 * du2))
    hi <- p1 - p2 + sqrt(max(0, du1^2 + dl2^2 - 2 * r * du1 * dl2))
    add(case = case, measure = "difference", group = g, category = cats[k], x1 = cnt[g, k],
        n1 = tot[[g]], x2 = cnt[ref, k], n2 = tot[[ref]], conf = conf,
        estimate = 100 * (p1 - p2), ci_low = 100 * lo, ci_high = 100 * hi)
    w1 <- deff[[a]] * p1 * (1 - p1) / tot[[g]]; w2 <- deff[[b]] * p2 * (1 - p2) / tot[[ref]]
    se <- sqrt(w1 / p1^2 + w2 / p2^2 - 2 * r * sqrt(w1 * w2) / (p1 * p2))
    add(case = case, measure = "risk_ratio", group = g, category = cats[k], x1 = cnt[g, k],
        n1 = tot[[g]], x2 = cnt[ref, k], n2 = tot[[ref]], conf = conf, estimate = p1 / p2,
        ci_low = p1 / p2 * exp(-z * se), ci_high = p1 / p2 * exp(z * se))
  }
  others <- setdiff(groups, ref)
  K1 <- length(cats) - 1
  A <- matrix(0, length(others) * K1, nrow(V), dimnames = list(NULL, rownames(V)))
  i <- 0
  for (g in others) for (k in 1:K1) {
    i <- i + 1; A[i, key(g, k)] <- 1; A[i, key(ref, k)] <- -1
  }
  d <- A %*% coef(fit)[rownames(V)]
  W <- as.numeric(t(d) %*% solve(A %*% V %*% t(A), d))
  add(case = case, measure = "wald_statistic", group = NA, category = NA, x1 = NA, n1 = NA,
      x2 = NA, n2 = NA, conf = conf, estimate = W, ci_low = NA, ci_high = NA)
  add(case = case, measure = "wald_df", group = NA, category = NA, x1 = NA, n1 = NA, x2 = NA,
      n2 = NA, conf = conf, estimate = nrow(A), ci_low = NA, ci_high = NA)
  add(case = case, measure = "wald_p_value", group = NA, category = NA, x1 = NA, n1 = NA,
      x2 = NA, n2 = NA, conf = conf, estimate = pchisq(W, nrow(A), lower.tail = FALSE),
      ci_low = NA, ci_high = NA)
}
one_case("cluster_gender", "gender", "M", 0.95)  # groups nested in clusters
one_case("cluster_phase", "phase", "Primary", 0.90)  # clusters cross groups
out <- do.call(rbind, rows)
write.csv(out, "tests/fixtures/describe_cluster_values.csv", row.names = FALSE, na = "")
cat("wrote", nrow(out), "values\n")
