# fit_features_reference.R -- records R reference values for the features of
# `icstat fit` around the model itself: joining inspector characteristics
# (--join), the inspector's previous grade as a term (--lag-previous), binary
# outcomes (--binary), average predicted probabilities (--margins) and the
# derived measures of a mixed model (implied agreement and kappa, latent ICC,
# median odds ratio).  The C tests compare against these without R.
#
# Writes (header row, "\n" line endings, no quotes, empty cell = missing):
#   tests/fixtures/fit_inspections.csv   simulated inspections, one per row:
#       urn,inspector,date,grade,grade_num,phase,pupils
#     grade is text ("Outstanding","Good","Requires improvement","Inadequate",
#     in that order), grade_num the same as 1..4 (so that --binary
#     "grade_num>=3" can be used: a condition needs a number).  date is ISO
#     YYYY-MM-DD, except about 10% written DD/MM/YYYY on purpose.  Rows are
#     in urn order, which is unrelated to date order.  15 rows miss the
#     grade (both grade columns), 10 other rows miss pupils.
#   tests/fixtures/fit_inspectors.csv    one row per inspector:
#       inspector,gender,role,experience
#   tests/fixtures/fit_features_values.csv   case,kind,term,estimate,se
#
# Simulation.  60 inspectors L01..L60 with 8..35 inspections each (1175 in
# all), on distinct weekdays per inspector.  Latent variable
#   Y* = x'beta + u_g + prev + e,  e ~ logistic,  u_g ~ N(0, 0.5^2),
#   grade = 1 + #{j : Y* > theta_j},
# i.e. logit P(Y <= j) = theta_j - x'beta - u_g - prev, with school terms
# (Secondary +0.35, +0.0006 per pupil), inspector terms (M +0.25, OI +0.3,
# -0.03 per year of experience) and a sequential effect of the inspector's
# own previous grade in date order (after Outstanding 0, Good +0.3,
# Requires improvement +0.7, Inadequate -0.5, i.e. towards better grades
# after an Inadequate).  Grades are generated *before* any are blanked, so a
# blanked grade still steered the next one, as it would in reality.
#
# Cases in fit_features_values.csv (icstat's naming; kinds and terms as in
# tests/fixtures/clm_values.csv: thresholds "Outstanding|Good", ...,
# coefficients "pupils", "phase=Secondary", "previous=Good", ... against the
# first level, random "sd(inspector)" with se = sd * se(log sd)):
#   join_clm       clm(grade ~ phase + pupils + gender + role + experience)
#                  on the inspections with the inspector columns joined on,
#                  rows missing any of these (or the grade) dropped.
#   join_clmm7     the same + (1 | inspector), nAGQ = 7.
#   lag_clmm7      grade ~ phase + pupils + previous + (1 | inspector),
#                  nAGQ = 7.  previous = grade of the same inspector's
#                  preceding inspection in date order, taken over *all* of
#                  that inspector's rows (before any row is dropped for a
#                  missing value).  So a row whose predecessor misses pupils
#                  keeps it as previous; a row whose predecessor misses the
#                  grade has previous missing and is dropped.  Levels in
#                  grade order, Outstanding = reference.
#                  Fit row dropped_first = number of rows that are their
#                  inspector's first inspection in date order *and* have
#                  grade, phase and pupils (i.e. rows that only the lag
#                  drops; firsts missing a value are counted as missing).
#   binary_clm     y = 1 if grade_num >= 3 (Requires improvement or
#                  Inadequate) else 0, as clm of the ordered factor 0 < 1 on
#                  phase + pupils: threshold "0|1".  Cross-checked against
#                  glm(binomial): 0|1 = -intercept, same slopes.
#   binary_clmm7   the same + (1 | inspector), nAGQ = 7.
#   margins_clm    for join_clm: average over rows of P(Y = j | x_i with
#                  gender set to F, then M; other columns as observed).
#                  kind margin, term "F:Outstanding" etc., se by the delta
#                  method with vcov(fm) and a central-difference Jacobian.
#   margins_clmm7  for join_clmm7: the same with each row's probabilities
#                  integrated over u ~ N(0, sd^2) (population averaged),
#                  Jacobian w.r.t. (thresholds, betas, log sd).
#   implied_clmm7  for join_clmm7, kind derived: implied_agreement =
#                  mean_i sum_j pbar_ij^2, with pbar_ij = (1/G) sum_g
#                  E_u P(Y = j | s_i + v_g + u), s_i the linear predictor of
#                  row i's school terms (phase, pupils), v_g that of
#                  inspector g's terms (gender, role, experience), G the
#                  inspectors in the model data; implied_kappa = (A - Pe) /
#                  (1 - Pe), Pe = sum_j (mean_i pbar_ij)^2; latent_icc =
#                  sd^2 / (sd^2 + pi^2/3); median_odds_ratio =
#                  exp(sqrt(2) sd qnorm(0.75)).  se NA.
#   Every model case has fit rows loglik (written with %.17g) and n (rows
#   used); other numbers are written with %.12g, missing as NA.
#
# Integrals over u ~ N(0, sd^2) use a 50-point Gauss-Hermite rule (nodes and
# weights from the Golub-Welsch eigenproblem, checked against integrate()
# below).  vcov(clmm) is on the (theta, beta, log sd) scale; the script
# checks this against the Hessian of an independently computed marginal
# log-likelihood rather than assuming it.
#
# Rerun (from the repository root):   Rscript tests/r/fit_features_reference.R
# All three files are regenerated byte-identically (fixed seed and RNG
# kinds).  Timings go to stderr, everything else to stdout.  Takes under
# ten seconds.
#
# Run with: R 4.2.2 Patched (2022-11-10 r83330) (Debian bookworm
#   r-base-core), ordinal 2022.11-16 (r-cran-ordinal), numDeriv (the
#   Hessian check).  No cloglog here: clmm's cloglog is really loglog (see
#   tests/r/clm_reference.R).

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(20240917)
suppressPackageStartupMessages(library(ordinal))

fix_dir <- file.path("tests", "fixtures")
if (!dir.exists(fix_dir)) stop("run from the repository root (tests/fixtures not found)")

cat("R:", R.version.string, "\n")
cat("ordinal:", as.character(packageVersion("ordinal")), "\n")

grades <- c("Outstanding", "Good", "Requires improvement", "Inadequate")

## ---------------------------------------------------------------- I/O ----

write_plain_csv <- function(path, cols) {
  # cols: named list of already-formatted character vectors ("" = missing)
  lines <- c(paste(names(cols), collapse = ","),
             do.call(paste, c(unname(cols), sep = ",")))
  con <- file(path, open = "wb")          # "wb": always "\n" line endings
  writeLines(lines, con, sep = "\n")
  close(con)
}

## ---------------------------------------------------------- simulation ----

G <- 60
# sizes tilted slightly towards smaller inspectors: ~1200 rows in all
sizes <- sample(8:35, G, replace = TRUE, prob = seq(1.2, 0.8, length.out = 28))
inspector_id <- sprintf("L%02d", seq_len(G))
gender <- sample(c("F", "M"), G, replace = TRUE, prob = c(0.55, 0.45))
role <- sample(c("HMI", "OI"), G, replace = TRUE, prob = c(0.3, 0.7))
experience <- round(runif(G, 1, 25), 1)
u <- rnorm(G, 0, 0.5)

g <- rep(seq_len(G), sizes)
n <- length(g)
# Distinct weekdays per inspector ("%u" is locale independent), in date
# order within inspector, so the sequential effect below runs forwards.
days <- seq(as.Date("2019-09-02"), as.Date("2024-07-19"), by = "day")
days <- days[format(days, "%u") %in% as.character(1:5)]
date <- do.call(c, lapply(sizes, function(m) sort(sample(days, m))))
phase <- sample(c("Primary", "Secondary"), n, replace = TRUE, prob = c(0.7, 0.3))
pupils <- ifelse(phase == "Primary", round(rlnorm(n, log(280), 0.45)),
                 round(rlnorm(n, log(950), 0.35)))
xb <- 0.35 * (phase == "Secondary") + 0.0006 * pupils + 0.25 * (gender[g] == "M") +
  0.3 * (role[g] == "OI") - 0.03 * experience[g] + u[g]
theta <- c(-1.2, 1.5, 3.0)
prev_effect <- c(0, 0.3, 0.7, -0.5)      # indexed by the previous grade
e <- rlogis(n)
grade <- integer(n)
for (i in seq_len(n)) {
  shift <- if (i > 1 && g[i - 1] == g[i]) prev_effect[grade[i - 1]] else 0
  grade[i] <- 1L + sum(xb[i] + shift + e[i] > theta)
}

# Missing values on disjoint random rows; the date format switch is
# independent of them.
holes <- sample(n, 25)
grade_txt <- grades[grade]
grade_num <- as.character(grade)
grade_txt[holes[1:15]] <- ""
grade_num[holes[1:15]] <- ""
pupils_txt <- as.character(pupils)
pupils_txt[holes[16:25]] <- ""
dmy <- runif(n) < 0.10
date_txt <- ifelse(dmy, format(date, "%d/%m/%Y"), format(date, "%Y-%m-%d"))

# Unique school reference numbers; sorting on them shuffles the rows, so
# file order says nothing about date order.
urn <- sample(100000:159999, n)
o <- order(urn)
write_plain_csv(file.path(fix_dir, "fit_inspections.csv"), list(
  urn = as.character(urn[o]), inspector = inspector_id[g][o], date = date_txt[o],
  grade = grade_txt[o], grade_num = grade_num[o], phase = phase[o],
  pupils = pupils_txt[o]))
write_plain_csv(file.path(fix_dir, "fit_inspectors.csv"), list(
  inspector = inspector_id, gender = gender, role = role,
  experience = sprintf("%.1f", experience)))

## ------------------------------------------------------ read back, join ----

# Everything below works on the data as read back from the files, so the C
# code sees exactly the same numbers as R.
read_chr <- function(file)
  utils::read.csv(file.path(fix_dir, file), colClasses = "character",
                  na.strings = "")
ins <- read_chr("fit_inspections.csv")
ipr <- read_chr("fit_inspectors.csv")
stopifnot(!anyDuplicated(ipr$inspector), all(ins$inspector %in% ipr$inspector))

# Both date formats, each parsed strictly; nothing may be left unparsed.
parse_date <- function(s) {
  iso <- grepl("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", s)
  dmy <- grepl("^[0-9]{2}/[0-9]{2}/[0-9]{4}$", s)
  out <- rep(as.Date(NA), length(s))
  out[iso] <- as.Date(s[iso], format = "%Y-%m-%d")
  out[dmy] <- as.Date(s[dmy], format = "%d/%m/%Y")
  if (anyNA(out)) stop("unparsed dates: ", paste(head(s[is.na(out)]), collapse = " "))
  out
}

# Join by match() rather than merge(): merge reorders the rows, and the row
# order should be the file's, as in icstat.
d <- cbind(ins, ipr[match(ins$inspector, ipr$inspector), -1, drop = FALSE])
rownames(d) <- NULL
d$date <- parse_date(d$date)
d$grade <- factor(d$grade, levels = grades, ordered = TRUE)
stopifnot(identical(as.integer(d$grade), as.integer(d$grade_num)))
d$pupils <- as.numeric(d$pupils)
# pupils enters per pupil (icstat's contract), but R's optimisers struggle
# with a covariate in the hundreds: clm warns of a "very large eigenvalue"
# and clmm (join model, nAGQ = 7) stops with nlminb's "false convergence
# (8)", sd still at its start value 1 and logLik -1346.16, 12.5 below the
# optimum -1333.69 (which icstat, fitting per pupil, does reach).  R
# therefore fits per 100 pupils (`pupils100`), an exact
# reparametrisation: same likelihood, thresholds and other coefficients;
# the pupils coefficient and its se are divided by 100 on output
# (model_rows); margins and derived measures are invariant and are
# computed on R's scale.
d$pupils100 <- d$pupils / 100
d$experience <- as.numeric(d$experience)
d$phase <- factor(d$phase)
d$gender <- factor(d$gender)
d$role <- factor(d$role)
d$inspector <- factor(d$inspector)

# previous grade over all rows of the inspector, before any row is dropped
o <- order(d$inspector, d$date)
stopifnot(!any(duplicated(d[o, c("inspector", "date")])))
same <- c(FALSE, d$inspector[o][-1] == d$inspector[o][-nrow(d)])
first <- logical(nrow(d))
first[o] <- !same
prev <- rep(NA_integer_, nrow(d))
prev[o] <- ifelse(same, c(NA_integer_, as.integer(d$grade[o])[-nrow(d)]), NA_integer_)
d$previous <- factor(grades[prev], levels = grades)
d$first <- first
d$y01 <- factor(ifelse(d$grade_num >= 3, "1", "0"), levels = c("0", "1"), ordered = TRUE)

cat(sprintf("inspections: %d rows, %d inspectors (%d..%d each), %d dd/mm/yyyy dates\n",
            nrow(ins), nlevels(d$inspector), min(table(d$inspector)),
            max(table(d$inspector)), sum(grepl("/", ins$date))))
cat("grades:", paste(grades, table(d$grade), sep = " ", collapse = ", "),
    sprintf("; missing grade %d, missing pupils %d\n", sum(is.na(d$grade)),
            sum(is.na(d$pupils))))

complete <- function(vars) Reduce(`&`, lapply(d[vars], function(v) !is.na(v)))
model_data <- function(keep) droplevels(d[keep, , drop = FALSE])

join_vars <- c("grade", "phase", "pupils", "gender", "role", "experience")
d_join <- model_data(complete(join_vars))
d_lag <- model_data(complete(c("grade", "phase", "pupils", "previous")) & !d$first)
dropped_first <- sum(d$first & complete(c("grade", "phase", "pupils")))
d_bin <- model_data(complete(c("y01", "phase", "pupils")))

## --------------------------------------------------------------- fits ----

# Warnings are printed and counted, not hidden.
fit <- function(label, expr) {
  warns <- character(0)
  tm <- system.time(fm <- withCallingHandlers(expr, warning = function(w) {
    warns <<- c(warns, conditionMessage(w))
    invokeRestart("muffleWarning")
  }))
  message(sprintf("timing: %-13s %7.3f s elapsed", label, tm[["elapsed"]]))
  for (w in warns) cat(sprintf("WARNING %s: %s\n", label, gsub("\\s*\n\\s*", " ", w)))
  msg <- if (inherits(fm, "clmm")) fm$optRes$message else fm$message
  cat(sprintf("%-13s logLik = %.10f  n = %d  %s\n", label, as.numeric(logLik(fm)),
              nobs(fm), msg))
  fm
}

f_join <- grade ~ phase + pupils100 + gender + role + experience
fm_join <- fit("join_clm", clm(f_join, data = d_join))
fm_join7 <- fit("join_clmm7", clmm(update(f_join, . ~ . + (1 | inspector)),
                                   data = d_join, nAGQ = 7))
fm_lag7 <- fit("lag_clmm7", clmm(grade ~ phase + pupils100 + previous + (1 | inspector),
                                 data = d_lag, nAGQ = 7))
fm_bin <- fit("binary_clm", clm(y01 ~ phase + pupils100, data = d_bin))
fm_bin7 <- fit("binary_clmm7", clmm(y01 ~ phase + pupils100 + (1 | inspector),
                                    data = d_bin, nAGQ = 7))

# A two-category clm is logistic regression with the intercept negated.
gl <- glm(I(y01 == "1") ~ phase + pupils100, family = binomial, data = d_bin)
cat(sprintf("binary_clm vs glm: |0|1 + intercept| = %.2e, max |slope diff| = %.2e\n",
            abs(fm_bin$alpha[["0|1"]] + coef(gl)[["(Intercept)"]]),
            max(abs(fm_bin$beta - coef(gl)[-1]))))
stopifnot(abs(fm_bin$alpha[["0|1"]] + coef(gl)[["(Intercept)"]]) < 1e-6,
          max(abs(fm_bin$beta - coef(gl)[-1])) < 1e-6,
          abs(as.numeric(logLik(fm_bin)) - as.numeric(logLik(gl))) < 1e-8)

## ---------------------------------------------- probability machinery ----

# Gauss-Hermite for E g(Z), Z ~ N(0, 1), by Golub-Welsch: nodes are the
# eigenvalues of the Jacobi matrix of the probabilists' Hermite polynomials,
# weights the squared first components of the eigenvectors.
gh_normal <- function(K) {
  J <- matrix(0, K, K)
  off <- sqrt(seq_len(K - 1))
  J[cbind(1:(K - 1), 2:K)] <- off
  J[cbind(2:K, 1:(K - 1))] <- off
  ev <- eigen(J, symmetric = TRUE)
  list(z = rev(ev$values), w = rev(ev$vectors[1, ]^2))
}
GH <- gh_normal(50)
stopifnot(abs(sum(GH$w) - 1) < 1e-13, abs(sum(GH$w * GH$z^2) - 1) < 1e-12,
          abs(sum(GH$w * GH$z^4) - 3) < 1e-11)

# P(Y = j | eta), rows x categories, logit link.
cat_probs <- function(theta, eta) {
  cum <- plogis(outer(-eta, theta, `+`))
  cbind(cum, 1) - cbind(0, cum)
}
# The same integrated over u ~ N(0, sd^2).
cat_probs_marginal <- function(theta, eta, sd) {
  if (sd == 0) return(cat_probs(theta, eta))
  P <- 0
  for (q in seq_along(GH$z)) P <- P + GH$w[q] * cat_probs(theta, eta + sd * GH$z[q])
  P
}

# The 50-point rule against adaptive quadrature, at a few linear predictors
local({
  for (eta in c(-2, 0.3, 2.5)) for (j in 1:4) {
    f <- function(v) cat_probs(c(-1, 1.2, 3), eta + v)[, j] * dnorm(v, 0, 0.8)
    ref <- integrate(f, -Inf, Inf, rel.tol = 1e-12)$value
    stopifnot(abs(cat_probs_marginal(c(-1, 1.2, 3), eta, 0.8)[, j] - ref) < 1e-11)
  }
})

# Fixed-effect design matrix of a model on (possibly modified) data, with
# columns in the order of fm$beta.
design <- function(fm, formula, data) {
  X <- model.matrix(formula, data)[, -1, drop = FALSE]
  stopifnot(identical(colnames(X), names(fm$beta)))
  X
}

# Parameter vector in vcov order: thresholds, betas, log sd (clmm).
par_of <- function(fm) {
  p <- c(fm$alpha, fm$beta)
  if (inherits(fm, "clmm")) {
    sdev <- fm$ST[[1]][1, 1]
    stopifnot(abs(fm$optRes$par[length(fm$optRes$par)] - log(sdev)) < 1e-12)
    p <- c(p, ST1 = log(sdev))
  }
  stopifnot(identical(names(p), rownames(vcov(fm))))
  p
}
unpack <- function(fm, p) {
  k1 <- length(fm$alpha)
  list(theta = p[seq_len(k1)], beta = p[k1 + seq_along(fm$beta)],
       sd = if (inherits(fm, "clmm")) exp(p[[length(p)]]) else 0)
}

# Central-difference Jacobian of a vector function; the step of each
# parameter is 1e-4 of its standard error, so it is small on the scale on
# which the parameter is determined whatever its units.
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

# vcov(clmm): is the random-effect row on the log(sd) scale?  Independent
# check: the marginal log-likelihood computed here (non-adaptive 50-point
# Gauss-Hermite in b ~ N(0, 1), ample for groups of <= 35 and sd ~ 0.5),
# its numerical Hessian in (theta, beta, log sd), inverted, against vcov.
check_vcov_scale <- function(fm, formula, data, label) {
  X <- design(fm, formula, data)
  y <- as.integer(model.response(model.frame(formula, data)))
  grp <- as.integer(data$inspector)
  negll <- function(p) {
    q <- unpack(fm, p)
    eta <- drop(X %*% q$beta)
    th <- c(-Inf, q$theta, Inf)
    # per group, per node: sum of log P(y_i | eta_i + sd z)
    L <- sapply(GH$z, function(z) {
      lp <- log(plogis(th[y + 1] - eta - q$sd * z) - plogis(th[y] - eta - q$sd * z))
      rowsum(lp, grp, reorder = TRUE)[, 1]
    })
    m <- apply(L, 1, max)
    -sum(m + log(drop(exp(L - m) %*% GH$w)))
  }
  p <- par_of(fm)
  ll <- -negll(p)
  V <- solve(numDeriv::hessian(negll, p))
  rel <- max(abs(sqrt(diag(V)) / sqrt(diag(vcov(fm))) - 1))
  k <- length(p)
  cat(sprintf(paste("%s: independent loglik - R = %.2e; se from its Hessian vs",
                    "vcov: max rel diff %.1e; se(ST1) %.6f vs vcov %.6f",
                    "(on the sd scale it would be %.6f)\n"),
              label, ll - as.numeric(logLik(fm)), rel, sqrt(V[k, k]),
              sqrt(vcov(fm)[k, k]), sqrt(V[k, k]) * exp(p[[k]])))
  stopifnot(rel < 1e-2, abs(ll - as.numeric(logLik(fm))) < 1e-4)
}
check_vcov_scale(fm_join7, f_join, d_join, "join_clmm7")

## ------------------------------------------------------------ margins ----

# Average predicted probabilities with gender set to each level in turn;
# returns level:category-named probabilities and delta-method se.
margins <- function(fm, formula, data, term) {
  levs <- levels(data[[term]])
  Xs <- lapply(levs, function(l) {
    dl <- data
    dl[[term]] <- factor(rep(l, nrow(dl)), levels = levs)
    design(fm, formula, dl)
  })
  avg <- function(p) {
    q <- unpack(fm, p)
    unlist(lapply(Xs, function(X)
      colMeans(cat_probs_marginal(q$theta, drop(X %*% q$beta), q$sd))))
  }
  p <- par_of(fm)
  V <- vcov(fm)
  J <- jacobian_cd(avg, p, sqrt(diag(V)))
  est <- avg(p)
  names(est) <- paste(rep(levs, each = length(grades)), grades, sep = ":")
  list(est = est, se = sqrt(diag(J %*% V %*% t(J))))
}
mg_clm <- margins(fm_join, f_join, d_join, "gender")
mg_clmm <- margins(fm_join7, f_join, d_join, "gender")

## ------------------------------------------------------------ derived ----

implied <- function(fm, formula, data) {
  X <- design(fm, formula, data)
  q <- unpack(fm, par_of(fm))
  insp_cols <- c("genderM", "roleOI", "experience")
  # the inspector-level columns must really be constant within inspector
  stopifnot(all(sapply(insp_cols, function(c)
    all(tapply(X[, c], data$inspector, function(v) length(unique(v))) == 1))))
  s <- drop(X[, setdiff(colnames(X), insp_cols)] %*% q$beta[setdiff(colnames(X), insp_cols)])
  first_row <- match(levels(data$inspector), data$inspector)
  v <- drop(X[first_row, insp_cols] %*% q$beta[insp_cols])
  pbar <- 0
  for (vg in v) pbar <- pbar + cat_probs_marginal(q$theta, s + vg, q$sd) / length(v)
  A <- mean(rowSums(pbar^2))
  Pe <- sum(colMeans(pbar)^2)
  c(implied_agreement = A, implied_kappa = (A - Pe) / (1 - Pe),
    latent_icc = q$sd^2 / (q$sd^2 + pi^2 / 3),
    median_odds_ratio = exp(sqrt(2) * q$sd * qnorm(0.75)))
}
der <- implied(fm_join7, f_join, d_join)

## ------------------------------------------------------------- output ----

fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.12g", x))
rows <- function(case, kind, term, est, se = NA)
  paste(case, kind, term, fmt(unname(est)), fmt(unname(se)), sep = ",")

model_rows <- function(case, fm, extra_fit = NULL) {
  se <- sqrt(diag(vcov(fm)))
  # R pastes variable and level ("genderM"); icstat writes "gender=M"
  rename <- character(0)
  for (v in names(fm$xlevels))
    for (l in fm$xlevels[[v]][-1]) rename[paste0(v, l)] <- paste0(v, "=", l)
  rename["pupils100"] <- "pupils"
  bn <- names(fm$beta)
  per <- ifelse(bn == "pupils100", 100, 1)   # back to per pupil
  out <- c(rows(case, "threshold", names(fm$alpha), fm$alpha, se[names(fm$alpha)]),
           rows(case, "coef", ifelse(bn %in% names(rename), rename[bn], bn),
                fm$beta / per, se[bn] / per))
  if (inherits(fm, "clmm")) {
    sdev <- fm$ST[[1]][1, 1]
    out <- c(out, rows(case, "random", "sd(inspector)", sdev, sdev * se[["ST1"]]))
  }
  c(out, sprintf("%s,fit,loglik,%.17g,NA", case, as.numeric(logLik(fm))),
    rows(case, "fit", "n", nobs(fm)),
    if (length(extra_fit)) rows(case, "fit", names(extra_fit), extra_fit))
}

out <- c("case,kind,term,estimate,se",
         model_rows("join_clm", fm_join),
         model_rows("join_clmm7", fm_join7),
         model_rows("lag_clmm7", fm_lag7, c(dropped_first = dropped_first)),
         model_rows("binary_clm", fm_bin),
         model_rows("binary_clmm7", fm_bin7),
         rows("margins_clm", "margin", names(mg_clm$est), mg_clm$est, mg_clm$se),
         rows("margins_clmm7", "margin", names(mg_clmm$est), mg_clmm$est, mg_clmm$se),
         rows("implied_clmm7", "derived", names(der), der))
con <- file(file.path(fix_dir, "fit_features_values.csv"), open = "wb")
writeLines(out, con, sep = "\n")
close(con)
cat(sprintf("lag_clmm7: %d rows, %d dropped as first inspections\n",
            nrow(d_lag), dropped_first))
cat(sprintf("wrote %d value rows to %s\n", length(out) - 1,
            file.path(fix_dir, "fit_features_values.csv")))
