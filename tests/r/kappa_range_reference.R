# kappa_range_reference.R -- reference values for `icstat agree
# --kappa-range AGREED/TOTAL` (tests/unit/test_agree_range.c): for a
# two-category decision with AGREED of TOTAL units agreeing, the smallest
# and largest Cohen's kappa over every 2 x 2 table with that agreement,
# each table's kappa from R's own table arithmetic (no shortcut: every
# table is built and its kappa computed as (po - pe) / (1 - pe) with pe
# from the margins), and percent agreement's Wilson interval from
# prop.test(AGREED, TOTAL, correct = FALSE).
#
# Writes (from the repository root):
#   tests/fixtures/kappa_range_values.csv
#       agreed,total,kappa_min,kappa_max,pa_low,pa_high
#
# Run: Rscript tests/r/kappa_range_reference.R
kappa_of <- function(tab) {
  n <- sum(tab)
  po <- sum(diag(tab)) / n
  pe <- sum(rowSums(tab) * colSums(tab)) / n^2
  if (pe >= 1) return(NA_real_)
  (po - pe) / (1 - pe)
}
range_of <- function(a, n) {
  d <- n - a
  ks <- c()
  for (x in 0:a) for (b in 0:d) {
    tab <- matrix(c(x, d - b, b, a - x), 2, 2)  # rows: first rater; cols: second
    ks <- c(ks, kappa_of(tab))
  }
  range(ks, na.rm = TRUE)
}
cases <- rbind(c(22, 24), c(3, 4), c(0, 2), c(5, 5), c(1, 3), c(17, 20), c(40, 60),
               c(95, 100), c(10, 11), c(0, 7), c(119, 150))
out <- data.frame()
for (i in seq_len(nrow(cases))) {
  a <- cases[i, 1]; n <- cases[i, 2]
  r <- range_of(a, n)
  ci <- suppressWarnings(prop.test(a, n, correct = FALSE))$conf.int
  out <- rbind(out, data.frame(agreed = a, total = n, kappa_min = r[1], kappa_max = r[2],
                               pa_low = ci[1], pa_high = ci[2]))
}
out[] <- lapply(out, function(v) sprintf("%.17g", v))
write.csv(out, "tests/fixtures/kappa_range_values.csv", row.names = FALSE, quote = FALSE)
