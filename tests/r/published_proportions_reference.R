# published_proportions_reference.R -- R's Wilson intervals for the survey
# and reliability figures bundled in datasets/published/, for the test of
# `icstat describe --proportions` on those files
# (tests/unit/test_describe.c, test_published_proportions).
# Independent of icstat: prop.test(x, n, correct = FALSE), the count taken
# as round(percent x total / 100) where the file gives a percent.  Base R.
# Run from the repository root: Rscript tests/r/published_proportions_reference.R
files <- c("datasets/published/naht2025_surveys.csv",
           "datasets/published/ofsted2017_reliability.csv")
rows <- list()
for (f in files) {
  d <- read.csv(f, stringsAsFactors = FALSE)
  x <- if ("count" %in% names(d)) d$count else floor(d$percent * d$total / 100 + 0.5)
  for (i in seq_len(nrow(d))) {
    ci <- prop.test(x[i], d$total[i], correct = FALSE)$conf.int
    rows[[length(rows) + 1]] <- data.frame(
      file = f, label = d$label[i], count = x[i], total = d$total[i],
      percent = sprintf("%.17g", 100 * x[i] / d$total[i]),
      ci_low = sprintf("%.17g", 100 * ci[1]), ci_high = sprintf("%.17g", 100 * ci[2]))
  }
}
write.csv(do.call(rbind, rows), "tests/fixtures/published_proportions_values.csv",
          row.names = FALSE, quote = FALSE)
