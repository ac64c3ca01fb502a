# describe_reference.R -- records R reference values for `icstat describe`:
# Wilson intervals for one proportion, Newcombe's hybrid score interval for
# a difference, Katz's log interval for a risk ratio, Pearson's chi-square
# test of independence, and whole describe tables on a simulated file.  The
# C tests (tests/unit/test_proportion.c, tests/unit/test_describe.c)
# compare against these without R.  Base R only.  Run from the repository
# root: Rscript tests/r/describe_reference.R
#
# Where each value comes from, independently of icstat's formulas:
#   wilson      prop.test(x, n, correct = FALSE)$conf.int (R's own code).
#   newcombe    p1 - p2 -+ sqrt(...) written here from Newcombe (1998),
#               Statistics in Medicine 17:873-890, method 10, on the
#               prop.test limits; checked below against the paper's
#               Table II examples (a)-(h) to 4 decimals.
#   risk_ratio  the Wald interval of the group coefficient of a saturated
#               log-binomial glm (family = binomial(link = "log")), whose
#               standard error is Katz's sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2):
#               an iterative fit, not the formula (which is used only when
#               a proportion is 1, where the fit sits on its boundary).
#   chisq       chisq.test(table, correct = FALSE); categories with no row
#               are removed first (icstat leaves them out of the test, R
#               would give NaN).
#
# Writes:
#   tests/fixtures/describe_inspections.csv  simulated inspections:
#       urn,phase,gender,role,region,grade,grade_num
#     grade is text (Outstanding, Good, Requires improvement, Inadequate),
#     grade_num the same as 1..4.  Some gender, grade and region cells are
#     empty or NA (missing); a few grade_num cells are written "2.0".
#   tests/fixtures/describe_values.csv
#       case,measure,group,category,x1,n1,x2,n2,conf,estimate,ci_low,ci_high
#     measure wilson, newcombe, risk_ratio: the primitive on (x1, n1) and
#       (x2, n2), proportion scale (estimate x1/n1, p1 - p2, p1/p2).
#     For the describe cases (cases starting "describe_"), as icstat
#     reports them (percent scale):
#       cell        group, category: x1 = n, n1 = group total; estimate the
#                   percent, Wilson limits in percent.
#       difference  group vs reference in that category (x2, n2 the
#                   reference's), percentage points, Newcombe.
#       risk_ratio  the same as a risk ratio, Katz (glm).
#       chisq_statistic, chisq_df, chisq_p_value, chisq_min_expected,
#       chisq_n_small: estimate only.
#       rows_used, rows_excluded, rows_missing: estimate only.
#     Empty cells are not applicable.
#
# The describe cases, as icstat options:
#   describe_primary_gender  --outcome grade --by gender --where phase=Primary
#                            --categories "Outstanding,Good,Requires improvement,Inadequate"
#   describe_region_num      --outcome grade_num --by region --ref South
#                            (numeric categories 1..4; three groups, the
#                            reference not the first)
#   describe_secondary_hmi   --outcome grade --by gender
#                            --where phase!=Primary,role=HMI
#                            (sorted text categories; small expected counts)
#   describe_all_fixed5      --outcome grade --where region=North
#                            --categories "Outstanding,Good,Requires improvement,Inadequate,Exceptional"
#                            (no --by: one group "all"; a category with no row)
#   describe_role_fixed5     --outcome grade --by role
#                            --categories (the same five): the empty category
#                            is left out of the chi-square test

options(warn = 1)
set.seed(20240611)
grades <- c("Outstanding", "Good", "Requires improvement", "Inadequate")
grades5 <- c(grades, "Exceptional")

# ---- simulated inspections ------------------------------------------------
n <- 900
phase <- sample(c("Primary", "Secondary"), n, replace = TRUE, prob = c(0.7, 0.3))
gender <- sample(c("F", "M"), n, replace = TRUE)
role <- sample(c("HMI", "OI"), n, replace = TRUE, prob = c(0.25, 0.75))
region <- sample(c("North", "Midlands", "South"), n, replace = TRUE)
# Bokhove et al. (2023), primary: 7.8/55.9/30.5/5.9 (F), 8.2/58.7/28.6/4.5 (M).
pf <- c(7.8, 55.9, 30.5, 5.9); pm <- c(8.2, 58.7, 28.6, 4.5)
g <- integer(n)
for (i in seq_len(n)) {
  pr <- if (gender[i] == "F") pf else pm
  if (phase[i] == "Secondary") pr <- pr * c(1.4, 0.8, 1.3, 1.6)
  if (role[i] == "HMI") pr <- pr * c(0.8, 0.8, 1.3, 1.3)
  g[i] <- sample(1:4, 1, prob = pr)
}
grade <- grades[g]
grade_num <- as.character(g)
grade_num[sample(which(g == 2), 5)] <- "2.0"
gender_out <- gender; gender_out[sample(n, 12)] <- ""
gender_out[sample(which(gender_out != ""), 4)] <- "NA"
miss_grade <- sample(n, 15)
grade_out <- grade; grade_out[miss_grade] <- ""
grade_num[miss_grade] <- ""
region_out <- region; region_out[sample(n, 8)] <- ""
data <- data.frame(urn = 100000 + seq_len(n), phase = phase, gender = gender_out,
                   role = role, region = region_out, grade = grade_out,
                   grade_num = grade_num, stringsAsFactors = FALSE)
write.csv(data, "tests/fixtures/describe_inspections.csv", row.names = FALSE, quote = FALSE)

# Read back as icstat does: empty and NA are missing; "2.0" is 2.
d <- read.csv("tests/fixtures/describe_inspections.csv", colClasses = "character",
              na.strings = c("", "NA"))

# ---- primitives ----------------------------------------------------------
wilson <- function(x, n, conf) {
  ci <- suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = conf)$conf.int)
  c(x / n, ci[1], ci[2])
}
newcombe <- function(x1, n1, x2, n2, conf) {
  w1 <- wilson(x1, n1, conf); w2 <- wilson(x2, n2, conf)
  p1 <- w1[1]; p2 <- w2[1]; d <- p1 - p2
  c(d, d - sqrt((p1 - w1[2])^2 + (w2[3] - p2)^2), d + sqrt((w1[3] - p1)^2 + (p2 - w2[2])^2))
}
risk_ratio <- function(x1, n1, x2, n2, conf) {
  if (x2 == 0) return(c(NaN, NaN, NaN))
  if (x1 == 0) return(c(0, NaN, NaN))
  z <- qnorm(0.5 + conf / 2)
  if (x1 == n1 || x2 == n2) {
    # A proportion of 1 puts the log-binomial fit on its boundary (infinite
    # working weights), so here the interval is Katz's formula itself.
    rr <- (x1 / n1) / (x2 / n2); se <- sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2)
    return(c(rr, exp(log(rr) - z * se), exp(log(rr) + z * se)))
  }
  y <- cbind(c(x1, x2), c(n1 - x1, n2 - x2))
  grp <- factor(c("g", "ref"), levels = c("ref", "g"))
  # Started at the saturated solution so the log link stays in range; the
  # standard error comes from the fit's information matrix.
  f <- glm(y ~ grp, family = binomial(link = "log"),
           start = c(log(x2 / n2), log((x1 / n1) / (x2 / n2))),
           control = glm.control(epsilon = 1e-10, maxit = 100))
  if (!f$converged) stop("glm did not converge")
  b <- coef(f)[2]; se <- sqrt(vcov(f)[2, 2])
  c(exp(b), exp(b - z * se), exp(b + z * se))
}

# Newcombe (1998) Table II, method 10 (95%): the paper's examples.
table2 <- rbind(c(56, 70, 48, 80, 0.0524, 0.3339), c(9, 10, 3, 10, 0.1705, 0.8090),
                c(6, 7, 2, 7, 0.0582, 0.8062), c(5, 56, 0, 29, -0.0381, 0.1926),
                c(0, 10, 0, 20, -0.1611, 0.2775), c(0, 10, 0, 10, -0.2775, 0.2775),
                c(10, 10, 0, 20, 0.6791, 1.0000), c(10, 10, 0, 10, 0.6075, 1.0000))
for (i in seq_len(nrow(table2))) {
  e <- table2[i, ]
  got <- round(newcombe(e[1], e[2], e[3], e[4], 0.95)[2:3], 4)
  if (any(got != e[5:6])) stop(sprintf("Table II example %d: got %s", i, toString(got)))
}
# Newcombe (1998a), Stat Med 17:857-872, Table I, method 3 (Wilson).
table1 <- rbind(c(81, 263, 0.2553, 0.3662), c(15, 148, 0.0624, 0.1605),
                c(0, 20, 0.0000, 0.1611), c(1, 29, 0.0061, 0.1718))
for (i in seq_len(nrow(table1))) {
  got <- round(wilson(table1[i, 1], table1[i, 2], 0.95)[2:3], 4)
  if (any(got != table1[i, 3:4])) stop(sprintf("Table I example %d: got %s", i, toString(got)))
}

rows <- list()
add <- function(case, measure, group = NA, category = NA, x1 = NA, n1 = NA, x2 = NA, n2 = NA,
                conf = NA, v = c(NA, NA, NA)) {
  rows[[length(rows) + 1]] <<- data.frame(case = case, measure = measure, group = group,
    category = category, x1 = x1, n1 = n1, x2 = x2, n2 = n2, conf = conf,
    estimate = v[1], ci_low = v[2], ci_high = v[3], stringsAsFactors = FALSE)
}

# Wilson: zero and full counts, the Ofsted (2017) 22 of 24, Newcombe's
# examples, small and large n, other levels.
for (e in list(c(0, 10, .95), c(10, 10, .95), c(0, 1, .95), c(1, 1, .95), c(22, 24, .95),
               c(22, 24, .90), c(22, 24, .99), c(81, 263, .95), c(15, 148, .95),
               c(0, 20, .95), c(1, 29, .95), c(3, 5, .95), c(1, 2, .80),
               c(2927, 35751, .95), c(1, 100000, .95), c(99999, 100000, .95),
               c(523456, 1000000, .999)))
  add(sprintf("wilson_%g_%g_%g", e[1], e[2], e[3]), "wilson", x1 = e[1], n1 = e[2],
      conf = e[3], v = wilson(e[1], e[2], e[3]))

# Newcombe: Table II and a few more, at several levels.
for (i in seq_len(nrow(table2))) {
  e <- table2[i, ]
  add(sprintf("newcombe_table2_%s", letters[i]), "newcombe", x1 = e[1], n1 = e[2], x2 = e[3],
      n2 = e[4], conf = 0.95, v = newcombe(e[1], e[2], e[3], e[4], 0.95))
}
for (e in list(c(22, 24, 19, 24, .95), c(56, 70, 48, 80, .90), c(56, 70, 48, 80, .99),
               c(0, 5, 5, 5, .95), c(1617, 19723, 1544, 19817, .95), c(3, 1000, 0, 1000, .95)))
  add(sprintf("newcombe_%g_%g_%g_%g_%g", e[1], e[2], e[3], e[4], e[5]), "newcombe",
      x1 = e[1], n1 = e[2], x2 = e[3], n2 = e[4], conf = e[5],
      v = newcombe(e[1], e[2], e[3], e[4], e[5]))

# Risk ratio.
for (e in list(c(56, 70, 48, 80, .95), c(9, 10, 3, 10, .95), c(9, 10, 3, 10, .90),
               c(1, 50, 4, 60, .95), c(10, 10, 8, 10, .95), c(10, 10, 10, 10, .95),
               c(887, 19723, 1164, 19817, .99), c(0, 10, 3, 10, .95), c(3, 10, 0, 10, .95)))
  add(sprintf("risk_ratio_%g_%g_%g_%g_%g", e[1], e[2], e[3], e[4], e[5]), "risk_ratio",
      x1 = e[1], n1 = e[2], x2 = e[3], n2 = e[4], conf = e[5],
      v = risk_ratio(e[1], e[2], e[3], e[4], e[5]))

# Chi-square on literal tables: measure chisq_cell gives each count (group
# = row name, category = column name, estimate = count), then the test.
add_chisq <- function(case, tab) {
  for (i in rownames(tab)) for (j in colnames(tab))
    add(case, "chisq_cell", i, j, v = c(tab[i, j], NA, NA))
  ct <- suppressWarnings(chisq.test(tab, correct = FALSE))
  add(case, "chisq_statistic", v = c(unname(ct$statistic), NA, NA))
  add(case, "chisq_df", v = c(unname(ct$parameter), NA, NA))
  add(case, "chisq_p_value", v = c(ct$p.value, NA, NA))
  add(case, "chisq_min_expected", v = c(min(ct$expected), NA, NA))
  add(case, "chisq_n_small", v = c(sum(ct$expected < 5), NA, NA))
}
# Counts in the proportions Bokhove et al. (2023) give for primary schools
# (F 7.8/55.9/30.5/5.9, M 8.2/58.7/28.6/4.5), with a small p-value.
add_chisq("chisq_large", matrix(c(780, 5590, 3050, 590, 328, 2348, 1144, 180), 2, byrow = TRUE,
                                dimnames = list(c("F", "M"), c("1", "2", "3", "4"))))
# HMI vs OI, primary "Good" 47% vs 60% (Bokhove et al. 2023) in 1,000
# inspections each: a p-value far in the tail.
add_chisq("chisq_tail", matrix(c(470, 530, 600, 400), 2, byrow = TRUE,
                               dimnames = list(c("HMI", "OI"), c("Good", "other"))))
add_chisq("chisq_small", matrix(c(3, 0, 1, 1, 4, 2, 0, 2, 6), 3, byrow = TRUE,
                                dimnames = list(c("a", "b", "c"), c("x", "y", "z"))))
add_chisq("chisq_2x2", matrix(c(22, 2, 19, 5), 2, byrow = TRUE,
                              dimnames = list(c("a", "b"), c("agree", "differ"))))

# ---- describe cases --------------------------------------------------------
describe_case <- function(case, outcome, by = NULL, keep, categories = NULL, ref = NULL,
                          conf = 0.95) {
  excluded <- sum(!keep)
  s <- d[keep, ]
  y <- s[[outcome]]
  grp <- if (is.null(by)) rep("all", nrow(s)) else s[[by]]
  miss <- is.na(y) | is.na(grp)
  y <- y[!miss]; grp <- grp[!miss]
  if (is.null(categories)) {
    # Numeric order when every value is a number ("2.0" is 2), else byte order.
    num <- suppressWarnings(as.numeric(y))
    if (!anyNA(num)) {
      lv <- sort(unique(num))
      y <- factor(as.character(num), levels = as.character(lv))
    } else {
      y <- factor(y, levels = sort(unique(y), method = "radix"))
    }
  } else {
    y <- factor(y, levels = categories)
  }
  glv <- sort(unique(grp), method = "radix")
  grp <- factor(grp, levels = glv)
  tab <- table(grp, y)
  ref <- if (is.null(ref)) glv[1] else ref
  for (gname in glv) for (k in levels(y)) {
    x <- tab[gname, k]; nt <- sum(tab[gname, ])
    add(case, "cell", gname, k, x1 = x, n1 = nt, conf = conf, v = 100 * wilson(x, nt, conf))
  }
  if (length(glv) >= 2) {
    for (gname in setdiff(glv, ref)) for (k in levels(y)) {
      x1 <- tab[gname, k]; n1 <- sum(tab[gname, ]); x2 <- tab[ref, k]; n2 <- sum(tab[ref, ])
      add(case, "difference", gname, k, x1, n1, x2, n2, conf, 100 * newcombe(x1, n1, x2, n2, conf))
      add(case, "risk_ratio", gname, k, x1, n1, x2, n2, conf, risk_ratio(x1, n1, x2, n2, conf))
    }
    t2 <- tab[, colSums(tab) > 0, drop = FALSE]
    ct <- suppressWarnings(chisq.test(t2, correct = FALSE))
    add(case, "chisq_statistic", v = c(unname(ct$statistic), NA, NA))
    add(case, "chisq_df", v = c(unname(ct$parameter), NA, NA))
    add(case, "chisq_p_value", v = c(ct$p.value, NA, NA))
    add(case, "chisq_min_expected", v = c(min(ct$expected), NA, NA))
    add(case, "chisq_n_small", v = c(sum(ct$expected < 5), NA, NA))
  }
  add(case, "rows_used", v = c(length(y), NA, NA))
  add(case, "rows_excluded", v = c(excluded, NA, NA))
  add(case, "rows_missing", v = c(sum(miss), NA, NA))
}
eq <- function(col, value) !is.na(d[[col]]) & d[[col]] == value
describe_case("describe_primary_gender", "grade", "gender", eq("phase", "Primary"), grades)
describe_case("describe_region_num", "grade_num", "region", rep(TRUE, nrow(d)), ref = "South")
describe_case("describe_secondary_hmi", "grade", "gender",
              !is.na(d$phase) & d$phase != "Primary" & eq("role", "HMI"))
describe_case("describe_all_fixed5", "grade", NULL, eq("region", "North"), grades5)
describe_case("describe_role_fixed5", "grade", "role", rep(TRUE, nrow(d)), grades5)

out <- do.call(rbind, rows)
fmt <- function(v) ifelse(is.na(v) & !is.nan(v), "", ifelse(is.nan(v), "NaN", sprintf("%.17g", v)))
for (col in c("x1", "n1", "x2", "n2", "conf", "estimate", "ci_low", "ci_high")) out[[col]] <- fmt(out[[col]])
out$group[is.na(out$group)] <- ""
out$category[is.na(out$category)] <- ""
write.csv(out, "tests/fixtures/describe_values.csv", row.names = FALSE, quote = FALSE, na = "")
cat(sprintf("wrote %d reference values\n", nrow(out)))
