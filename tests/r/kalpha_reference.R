# kalpha_reference.R -- reference values for Krippendorff's bootstrap of
# alpha (icstat agree --alpha-bootstrap / --alpha-min), so that the C tests
# can compare against them without R.
#
# An independent implementation in base R, written from the descriptions of
#   Hayes, A. F. & Krippendorff, K. (2007). Answering the call for a standard
#     reliability measure for coding data. Communication Methods and
#     Measures 1(1), 77-89 (the KALPHA macro).
#   Krippendorff, K. (2006, revised 2011). Algorithm for bootstrapping a
#     distribution of alpha (alphaboot.pdf, linked from the KALPHA page).
# It works from the raw ratings (not from icstat's coincidences) and draws
# each pair by inverse-CDF sampling over the cells, with Krippendorff's
# literal step four (round(X sum p_cc^M) replicates of 1 set to 0), where
# icstat draws cell counts and zeroes exactly the replicates that fell in
# one diagonal cell: the two agree in distribution, not draw by draw.
#
# Writes
#   tests/fixtures/kalpha_cells.csv   dataset,metric,row,col,prob,delta
#     the cells the pairs are drawn from (row >= col, 0-based category
#     indices in increasing order of value, o_ck > 0 only), their
#     probability o_cc/n.. or 2 o_ck/n.., and disagreement delta_ck / max
#     delta (over every category seen, as icstat scales its weights);
#   tests/fixtures/kalpha_values.csv  dataset,metric,n_pairable,nonzero,
#     draws,d_o,d_e,alpha,mean,variance,reps,ci_low,ci_high,q_0667,q_0800
#     n.., Q, M = min(25 Q, n.. (m - 1) / 2 rounded half up), D_o, D_e (delta scaled
#     as above), alpha, the exact mean and variance of an uncorrected
#     replicate, 1 - D_o/D_e and Var(delta)/(M D_e^2), and from `reps`
#     replicates the 95% interval (KALPHA's order statistics) and
#     q = P(alpha* < 0.667), P(alpha* < 0.8).
# The exact columns are compared to 1e-10; the bootstrap ones within Monte
# Carlo tolerance (20000 replicates here and in the C test: limits within
# 0.01, q within 0.02; the standard errors are about 0.001 and 0.004).
#
# Rerun (from the repository root):   Rscript tests/r/kalpha_reference.R
# set.seed(2007) makes the fixture byte-identical on rerun.
# Run with: R 4.2.2 Patched (2022-11-10 r83330) (base R only).

fix_dir <- file.path("tests", "fixtures")
if (!dir.exists(fix_dir)) stop("run from the repository root (tests/fixtures not found)")
cat("R:", R.version.string, "\n")
set.seed(2007)
REPS <- 20000

read_wide <- function(path) {
  d <- read.csv(path, colClasses = "character", na.strings = "",
                strip.white = TRUE, check.names = FALSE)
  raw <- as.matrix(d[, -1, drop = FALSE])
  x <- suppressWarnings(matrix(as.numeric(raw), nrow = nrow(raw)))
  if (any(is.na(x) & !is.na(raw))) stop("non-numeric value in ", path)
  x
}

# Coincidences o_ck over every value seen (a value only in units rated
# once has a row and column of zeros), from ordered pairs within units.
coincidences <- function(x, vals) {
  V <- length(vals)
  o <- matrix(0, V, V)
  for (u in seq_len(nrow(x))) {
    v <- x[u, !is.na(x[u, ])]
    m <- length(v)
    if (m < 2) next
    for (i in seq_len(m)) for (j in seq_len(m)) {
      if (i == j) next
      a <- match(v[i], vals); b <- match(v[j], vals)
      o[a, b] <- o[a, b] + 1 / (m - 1)
    }
  }
  o
}

# Krippendorff's squared differences, scaled to a maximum of 1.
differences <- function(metric, vals, n_c) {
  V <- length(vals)
  d <- matrix(0, V, V)
  for (a in seq_len(V)) for (b in seq_len(V)) {
    if (a == b) next
    c_ <- vals[a]; k_ <- vals[b]
    d[a, b] <- switch(metric,
      nominal = 1,
      ordinal = (sum(n_c[min(a, b):max(a, b)]) - (n_c[a] + n_c[b]) / 2)^2,
      interval = (c_ - k_)^2,
      ratio = ((c_ - k_) / (c_ + k_))^2)
  }
  d / max(d)
}

# Krippendorff's bootstrap, step by step as his algorithm describes it.
kalpha_boot <- function(o, delta, m_obs, reps) {
  n <- sum(o)
  n_c <- rowSums(o)
  D_o <- sum(o * delta) / n
  D_e <- sum(outer(n_c, n_c) * delta) / (n * (n - 1))
  # Step one: the segments, cells c >= k with o_ck > 0.
  cells <- which(lower.tri(o, diag = TRUE) & o > 0, arr.ind = TRUE)
  p <- ifelse(cells[, 1] == cells[, 2], 1, 2) * o[cells] / n
  dl <- delta[cells]
  # Step two: M.
  Q <- sum(o > 0)
  # n.. is a count of values (sum(o) may be off in the last bit); half a
  # pair rounds up.
  M <- min(25 * Q, floor(round(n) * (m_obs - 1) / 2 + 0.5))
  # Step three: X replicates, each M draws of R in [0, 1] mapped to a cell.
  cum <- cumsum(p)
  alphas <- numeric(reps)
  for (b in seq_len(reps)) {
    j <- findInterval(runif(M), cum / cum[length(cum)]) + 1
    alphas[b] <- 1 - sum(dl[j]) / (M * D_e)
  }
  # Step four: below -1 is -1; replicates of 1 that came from one diagonal
  # cell alone (no variation) are 0: round(X sum p_cc^M) of them.
  alphas[alphas < -1] <- -1
  diag_p <- p[cells[, 1] == cells[, 2]]
  ones <- which(alphas == 1)
  if (length(diag_p) == 1) {
    alphas[ones] <- 0
  } else if (length(ones)) {
    nx <- min(round(reps * sum(diag_p^M)), length(ones))
    alphas[ones[seq_len(nx)]] <- 0
  }
  alphas <- sort(alphas)
  lo <- alphas[max(floor(0.025 * reps + 1e-9), 1)]
  hi <- alphas[min(floor(0.975 * reps + 1e-9) + 1, reps)]
  mean_d <- sum(p * dl)
  var_d <- sum(p * dl^2) - mean_d^2
  list(cells = cells, p = p, dl = dl, n = n, Q = Q, M = M, D_o = D_o, D_e = D_e,
       alpha = 1 - D_o / D_e, mean = 1 - mean_d / D_e, variance = var_d / (M * D_e^2),
       lo = lo, hi = hi, q667 = mean(alphas < 0.667), q800 = mean(alphas < 0.8))
}

paths <- c(krippendorff2011 = file.path("datasets", "reference", "krippendorff2011.csv"),
           hayes_krippendorff2007 = file.path("datasets", "reference",
                                              "hayes_krippendorff2007.csv"),
           agree_ord4 = file.path(fix_dir, "agree_ord4.csv"),
           agree_uneven5 = file.path(fix_dir, "agree_uneven5.csv"))
metrics <- c("nominal", "ordinal", "interval", "ratio")
fmt <- function(v) formatC(v, digits = 15, format = "g")

cell_rows <- "dataset,metric,row,col,prob,delta"
value_rows <- paste("dataset,metric,n_pairable,nonzero,draws,d_o,d_e,alpha,mean,variance,",
                    "reps,ci_low,ci_high,q_0667,q_0800", sep = "")
for (ds in names(paths)) {
  x <- read_wide(paths[[ds]])
  vals <- sort(unique(x[!is.na(x)]))
  o <- coincidences(x, vals)
  for (m in metrics) {
    delta <- differences(m, vals, rowSums(o))
    r <- kalpha_boot(o, delta, ncol(x), REPS)
    cell_rows <- c(cell_rows, paste(ds, m, r$cells[, 1] - 1, r$cells[, 2] - 1, fmt(r$p),
                                    fmt(r$dl), sep = ","))
    value_rows <- c(value_rows, paste(ds, m, fmt(r$n), r$Q, r$M, fmt(r$D_o), fmt(r$D_e),
                                      fmt(r$alpha), fmt(r$mean), fmt(r$variance), REPS,
                                      fmt(r$lo), fmt(r$hi), fmt(r$q667), fmt(r$q800),
                                      sep = ","))
    cat(sprintf("%-24s %-9s alpha %.4f  M %4d  95%% [%.4f, %.4f]  q(.667) %.4f  q(.8) %.4f\n",
                ds, m, r$alpha, r$M, r$lo, r$hi, r$q667, r$q800))
  }
}
# Hayes & Krippendorff (2007) report ordinal alpha = .7598 for their Table 1.
hk <- read_wide(paths[["hayes_krippendorff2007"]])
hv <- sort(unique(hk[!is.na(hk)]))
ho <- coincidences(hk, hv)
ha <- kalpha_boot(ho, differences("ordinal", hv, rowSums(ho)), ncol(hk), 2)$alpha
if (abs(ha - 0.7598) > 5e-5) stop("ordinal alpha of Hayes & Krippendorff's Table 1: ", ha)

writeLines(cell_rows, file.path(fix_dir, "kalpha_cells.csv"))
writeLines(value_rows, file.path(fix_dir, "kalpha_values.csv"))
cat("wrote", file.path(fix_dir, "kalpha_cells.csv"), "and",
    file.path(fix_dir, "kalpha_values.csv"), "\n")
