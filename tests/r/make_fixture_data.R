# make_fixture_data.R -- generates the synthetic rating data sets used as
# committed test fixtures (the C tests read the CSV files; R is not needed
# to run them):
#
#   tests/fixtures/agree_ord4.csv     40 units x 4 raters, categories 1..4,
#                                     ~10% missing, 3 units with exactly one
#                                     rating, unit 1 with all 4 raters agreeing
#   tests/fixtures/agree_uneven5.csv  30 units x 3 raters, categories 1,2,3,5,8
#                                     (uneven spacing), some missing
#   tests/fixtures/agree_two.csv      60 units x 2 raters, categories 1..4,
#                                     5 units with one rating missing
#   tests/fixtures/icc_scores.csv     20 units x 4 raters, scores with one
#                                     decimal, no missing
#
# Format: wide CSV, header row, first column `unit`, one column per rater,
# empty cell = missing rating, "\n" line endings.
#
# Rerun (from the repository root):   Rscript tests/r/make_fixture_data.R
# The output is byte-identical on every run (fixed seed and RNG kinds; the
# script checks the structural properties listed above and stops if one
# fails).  Run with R 4.2.2 (Debian bookworm r-base-core 4.2.2); only base R
# is used.
#
# The reference values derived from these files are recorded by
# tests/r/irrcac_reference.R and tests/r/icc_reference.R.

RNGkind("Mersenne-Twister", "Inversion", "Rejection")

out_dir <- file.path("tests", "fixtures")
if (!dir.exists(out_dir)) stop("run from the repository root (tests/fixtures not found)")

write_wide <- function(path, m, fmt) {
  cells <- ifelse(is.na(m), "", fmt(m))
  dim(cells) <- dim(m)
  lines <- c(paste(c("unit", colnames(m)), collapse = ","),
             vapply(seq_len(nrow(m)), function(i)
               paste(c(as.character(i), cells[i, ]), collapse = ","), ""))
  con <- file(path, open = "wb")          # "wb": always "\n" line endings
  writeLines(lines, con, sep = "\n")
  close(con)
}
int_fmt <- function(x) formatC(x, format = "d")
one_dec <- function(x) sprintf("%.1f", x)

clamp <- function(x, lo, hi) pmin(pmax(x, lo), hi)

## ---------------------------------------------------------------- agree_ord4
set.seed(4001)
n <- 40; r <- 4
true <- sample(1:4, n, replace = TRUE)
noise <- matrix(sample(c(-1L, 0L, 1L), n * r, replace = TRUE,
                       prob = c(0.15, 0.70, 0.15)), n, r)
ord4 <- clamp(true + noise, 1L, 4L)
ord4[1, ] <- 3L                            # unit 1: all 4 raters agree
# units 7, 19, 31: exactly one rating (9 missing cells)
ord4[7,  c(1, 2, 4)] <- NA
ord4[19, c(1, 3, 4)] <- NA
ord4[31, c(2, 3, 4)] <- NA
# 7 further missing cells, one per unit, in units that keep 3 ratings
extra <- rbind(c(3, 2), c(11, 4), c(14, 1), c(22, 3), c(26, 2), c(35, 4), c(38, 1))
ord4[extra] <- NA
colnames(ord4) <- paste0("rater_", 1:r)
n_rated <- rowSums(!is.na(ord4))
stopifnot(sum(is.na(ord4)) == 16,              # 10% of 160 cells
          sum(n_rated == 1) == 3, all(n_rated >= 1),
          all(ord4[1, ] == 3),
          setequal(unique(na.omit(as.vector(ord4))), 1:4))
write_wide(file.path(out_dir, "agree_ord4.csv"), ord4, int_fmt)

## ------------------------------------------------------------- agree_uneven5
set.seed(5003)
n <- 30; r <- 3
values <- c(1L, 2L, 3L, 5L, 8L)
true <- sample(1:5, n, replace = TRUE)
noise <- matrix(sample(c(-1L, 0L, 1L), n * r, replace = TRUE,
                       prob = c(0.2, 0.6, 0.2)), n, r)
idx <- clamp(true + noise, 1L, 5L)
uneven <- matrix(values[idx], n, r)
uneven[c(4, 12, 17, 23, 28), 1] <- NA
uneven[c(9, 20), 2] <- NA
uneven[c(15, 26), 3] <- NA
uneven[26, 1] <- NA                            # unit 26: a single rating
colnames(uneven) <- paste0("rater_", 1:r)
n_rated <- rowSums(!is.na(uneven))
stopifnot(sum(is.na(uneven)) == 10, all(n_rated >= 1),
          setequal(unique(na.omit(as.vector(uneven))), values))
write_wide(file.path(out_dir, "agree_uneven5.csv"), uneven, int_fmt)

## ----------------------------------------------------------------- agree_two
set.seed(2002)
n <- 60
true <- sample(1:4, n, replace = TRUE, prob = c(0.2, 0.3, 0.3, 0.2))
noise <- matrix(sample(c(-1L, 0L, 1L), n * 2, replace = TRUE,
                       prob = c(0.15, 0.7, 0.15)), n, 2)
two <- clamp(true + noise, 1L, 4L)
two[c(6, 29, 47), 1] <- NA
two[c(13, 52), 2] <- NA
colnames(two) <- c("rater_a", "rater_b")
complete <- two[stats::complete.cases(two), ]
stopifnot(sum(is.na(two)) == 5, all(rowSums(!is.na(two)) >= 1),
          setequal(unique(complete[, 1]), 1:4),
          setequal(unique(complete[, 2]), 1:4))
write_wide(file.path(out_dir, "agree_two.csv"), two, int_fmt)

## ---------------------------------------------------------------- icc_scores
set.seed(1979)
n <- 20; r <- 4
target <- stats::rnorm(n, mean = 50, sd = 7)
bias <- c(0, 3, -2, 5)                         # systematic rater effects
scores <- outer(target, bias, "+") +
  matrix(stats::rnorm(n * r, sd = 6), n, r)
scores <- round(scores, 1)
colnames(scores) <- paste0("rater_", 1:r)
stopifnot(!anyNA(scores))
write_wide(file.path(out_dir, "icc_scores.csv"), scores, one_dec)

cat("wrote agree_ord4.csv, agree_uneven5.csv, agree_two.csv, icc_scores.csv\n")
