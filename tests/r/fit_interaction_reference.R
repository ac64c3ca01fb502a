# fit_interaction_reference.R -- records R reference values for interaction
# terms in `icstat fit --terms` (R's notation: a*b, a:b) and for --margins by
# an interaction's levels, or by a main effect that is part of one.  The C
# test (tests/unit/test_fit_interaction.c) compares against these without R.
#
# Reads the fixtures made by tests/r/fit_features_reference.R (not changed
# here):  tests/fixtures/fit_inspections.csv and fit_inspectors.csv, joined
# on inspector exactly as that script does.
# Writes: tests/fixtures/fit_interaction_values.csv   case,kind,term,estimate,se
#
# Cases (icstat's naming: "gender=M:phase=Secondary", "pupils:phase=Secondary",
# "pupils:experience"; thresholds "Outstanding|Good" ...; random
# "sd(inspector)" with se = sd * se(log sd)).  Rows missing any variable of
# the model (or the grade) are dropped.
#   gp_logit, gp_probit    clm(grade ~ gender * phase)   (categorical x categorical)
#   gp_clmm7               clmm(grade ~ gender * phase + (1 | inspector), nAGQ = 7)
#   pp_logit, pp_probit    clm(grade ~ pupils * phase)   (numeric x categorical)
#   pp_clmm7               clmm(grade ~ pupils * phase + (1 | inspector), nAGQ = 7)
#   nn_logit, nn_probit    clm(grade ~ pupils + experience + pupils:experience)
#   three_logit, three_probit  clm(grade ~ gender * phase * role)
#   three_clmm7            clmm(grade ~ gender * phase * role + (1 | inspector), nAGQ = 7)
#   threen_logit           clm(grade ~ gender * phase * experience)  (with a number)
# Interactions whose parts are not all terms, coded as R codes them (a
# categorical part by an indicator of every level when the term without
# it is not in the model) and with R's aliased columns left out:
#   hp_logit, hp_clmm7     clm(grade ~ phase + pupils:phase)   (a slope in each phase)
#   gh_logit, gh_probit    clm(grade ~ gender + gender:phase)  (phase within gender)
#   pa_logit               clm(grade ~ pupils:phase)
#   ga_logit, ga_clmm7     clm(grade ~ gender:phase)           (one column aliased)
#   odd_logit              clm(grade ~ gender * phase + role + gender:phase:role)
# Margins (kind margin, term "LEVEL|CATEGORY", LEVEL as icstat writes it:
# "F:Primary" for gender:phase, "F" for gender): the average over the rows
# of the model of P(Y = j | x_i) with the named variables set to the level
# in every column (R's model.matrix recomputes the interaction columns
# from the modified data, the other variables as observed), and for clmm
# integrated over u ~ N(0, sd^2) (50-point Gauss-Hermite); se by the
# delta method with vcov() and a central-difference Jacobian:
#   mg_gp_logit_gp      gp_logit by gender:phase
#   mg_gp_logit_g       gp_logit by gender (the interaction follows each row's phase)
#   mg_gp_probit_gp     gp_probit by gender:phase
#   mg_three_logit_gp   three_logit by gender:phase (role as observed)
#   mg_gp_clmm7_gp      gp_clmm7 by gender:phase
#   mg_hp_logit_p       hp_logit by phase (pupils:phase follows)
#   mg_gh_logit_gp      gh_logit by gender:phase (phase no term of its own)
# Every model case has fit rows loglik (%.17g) and n; other numbers %.12g.
#
# pupils enters R per 100 pupils (see fit_features_reference.R: R's
# optimisers struggle with a covariate in the hundreds); that is an exact
# reparametrisation, and coefficients involving pupils and their se are
# divided by 100 on output.
#
# Rerun (from the repository root):  Rscript tests/r/fit_interaction_reference.R
# Deterministic; takes a few seconds.  Run with R 4.2.2 Patched (Debian
# bookworm r-base-core), ordinal 2022.11-16 (r-cran-ordinal).

suppressPackageStartupMessages(library(ordinal))
fix_dir <- file.path("tests", "fixtures")
if (!dir.exists(fix_dir)) stop("run from the repository root (tests/fixtures not found)")
cat("R:", R.version.string, "\n")
cat("ordinal:", as.character(packageVersion("ordinal")), "\n")

grades <- c("Outstanding", "Good", "Requires improvement", "Inadequate")
read_chr <- function(file)
  utils::read.csv(file.path(fix_dir, file), colClasses = "character", na.strings = "")
ins <- read_chr("fit_inspections.csv")
ipr <- read_chr("fit_inspectors.csv")
d <- cbind(ins, ipr[match(ins$inspector, ipr$inspector), -1, drop = FALSE])
rownames(d) <- NULL
d$grade <- factor(d$grade, levels = grades, ordered = TRUE)
d$pupils100 <- as.numeric(d$pupils) / 100
d$experience <- as.numeric(d$experience)
for (v in c("phase", "gender", "role", "inspector")) d[[v]] <- factor(d[[v]])

model_data <- function(vars)
  droplevels(d[Reduce(`&`, lapply(d[c("grade", vars)], function(v) !is.na(v))), , drop = FALSE])

fit <- function(label, expr) {
  warns <- character(0)
  fm <- withCallingHandlers(expr, warning = function(w) {
    warns <<- c(warns, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  for (w in warns) cat(sprintf("WARNING %s: %s\n", label, gsub("\\s*\n\\s*", " ", w)))
  msg <- if (inherits(fm, "clmm")) fm$optRes$message else fm$message
  cat(sprintf("%-13s logLik = %.10f  n = %d  %s\n", label, as.numeric(logLik(fm)),
              nobs(fm), msg))
  # no aliased column dropped, unless the case is one where R drops one
  stopifnot(!anyNA(fm$beta) || grepl("^(ga|odd)_", label))
  fm
}

f_gp <- grade ~ gender * phase
f_pp <- grade ~ pupils100 * phase
f_nn <- grade ~ pupils100 + experience + pupils100:experience
f_three <- grade ~ gender * phase * role
f_threen <- grade ~ gender * phase * experience
d_gp <- model_data(c("gender", "phase"))
d_pp <- model_data(c("pupils100", "phase"))
d_nn <- model_data(c("pupils100", "experience"))
d_three <- model_data(c("gender", "phase", "role"))
d_threen <- model_data(c("gender", "phase", "experience"))
f_hp <- grade ~ phase + pupils100:phase
f_gh <- grade ~ gender + gender:phase
f_pa <- grade ~ pupils100:phase
f_ga <- grade ~ gender:phase
f_odd <- grade ~ gender * phase + role + gender:phase:role
mixed <- function(f) update(f, . ~ . + (1 | inspector))

fm <- list(
  gp_logit = fit("gp_logit", clm(f_gp, data = d_gp)),
  gp_probit = fit("gp_probit", clm(f_gp, data = d_gp, link = "probit")),
  gp_clmm7 = fit("gp_clmm7", clmm(mixed(f_gp), data = d_gp, nAGQ = 7)),
  pp_logit = fit("pp_logit", clm(f_pp, data = d_pp)),
  pp_probit = fit("pp_probit", clm(f_pp, data = d_pp, link = "probit")),
  pp_clmm7 = fit("pp_clmm7", clmm(mixed(f_pp), data = d_pp, nAGQ = 7)),
  nn_logit = fit("nn_logit", clm(f_nn, data = d_nn)),
  nn_probit = fit("nn_probit", clm(f_nn, data = d_nn, link = "probit")),
  three_logit = fit("three_logit", clm(f_three, data = d_three)),
  three_probit = fit("three_probit", clm(f_three, data = d_three, link = "probit")),
  three_clmm7 = fit("three_clmm7", clmm(mixed(f_three), data = d_three, nAGQ = 7)),
  threen_logit = fit("threen_logit", clm(f_threen, data = d_threen)),
  hp_logit = fit("hp_logit", clm(f_hp, data = d_pp)),
  hp_clmm7 = fit("hp_clmm7", clmm(mixed(f_hp), data = d_pp, nAGQ = 7)),
  gh_logit = fit("gh_logit", clm(f_gh, data = d_gp)),
  gh_probit = fit("gh_probit", clm(f_gh, data = d_gp, link = "probit")),
  pa_logit = fit("pa_logit", clm(f_pa, data = d_pp)),
  ga_logit = fit("ga_logit", clm(f_ga, data = d_gp)),
  ga_clmm7 = fit("ga_clmm7", clmm(mixed(f_ga), data = d_gp, nAGQ = 7)),
  odd_logit = fit("odd_logit", clm(f_odd, data = d_three)))

## ------------------------------------------------------------ margins ----

gh_normal <- function(K) {   # Golub-Welsch, as in fit_features_reference.R
  J <- matrix(0, K, K)
  off <- sqrt(seq_len(K - 1))
  J[cbind(1:(K - 1), 2:K)] <- off
  J[cbind(2:K, 1:(K - 1))] <- off
  ev <- eigen(J, symmetric = TRUE)
  list(z = rev(ev$values), w = rev(ev$vectors[1, ]^2))
}
GH <- gh_normal(50)
stopifnot(abs(sum(GH$w) - 1) < 1e-13, abs(sum(GH$w * GH$z^2) - 1) < 1e-12)

cdf_of <- function(m) if (m$link == "probit") pnorm else plogis
cat_probs <- function(F, theta, eta) {
  cum <- F(outer(-eta, theta, `+`))
  cbind(cum, 1) - cbind(0, cum)
}
cat_probs_marginal <- function(F, theta, eta, sd) {
  if (sd == 0) return(cat_probs(F, theta, eta))
  P <- 0
  for (q in seq_along(GH$z)) P <- P + GH$w[q] * cat_probs(F, theta, eta + sd * GH$z[q])
  P
}
par_of <- function(m) {
  p <- c(m$alpha, m$beta)
  if (inherits(m, "clmm")) p <- c(p, ST1 = log(m$ST[[1]][1, 1]))
  stopifnot(identical(names(p), rownames(vcov(m))))
  p
}
unpack <- function(m, p) {
  k1 <- length(m$alpha)
  list(theta = p[seq_len(k1)], beta = p[k1 + seq_along(m$beta)],
       sd = if (inherits(m, "clmm")) exp(p[[length(p)]]) else 0)
}
design <- function(m, formula, data) {
  X <- model.matrix(formula, data)[, -1, drop = FALSE]
  stopifnot(identical(colnames(X), names(m$beta)))
  X
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

# The rows with `vars` set to every combination of their levels (the first
# varying fastest, as icstat), labelled "F:Primary".
margins <- function(m, formula, data, vars) {
  grid <- expand.grid(lapply(vars, function(v) levels(data[[v]])), stringsAsFactors = FALSE)
  labels <- do.call(paste, c(unname(as.list(grid)), sep = ":"))
  Xs <- lapply(seq_len(nrow(grid)), function(r) {
    dl <- data
    for (a in seq_along(vars))
      dl[[vars[a]]] <- factor(rep(grid[r, a], nrow(dl)), levels = levels(data[[vars[a]]]))
    design(m, formula, dl)
  })
  F <- cdf_of(m)
  avg <- function(p) {
    q <- unpack(m, p)
    unlist(lapply(Xs, function(X)
      colMeans(cat_probs_marginal(F, q$theta, drop(X %*% q$beta), q$sd))))
  }
  p <- par_of(m)
  V <- vcov(m)
  J <- jacobian_cd(avg, p, sqrt(diag(V)))
  est <- avg(p)
  names(est) <- paste(rep(labels, each = length(grades)), grades, sep = "|")
  list(est = est, se = sqrt(diag(J %*% V %*% t(J))))
}
mg <- list(
  mg_gp_logit_gp = margins(fm$gp_logit, f_gp, d_gp, c("gender", "phase")),
  mg_gp_logit_g = margins(fm$gp_logit, f_gp, d_gp, "gender"),
  mg_gp_probit_gp = margins(fm$gp_probit, f_gp, d_gp, c("gender", "phase")),
  mg_three_logit_gp = margins(fm$three_logit, f_three, d_three, c("gender", "phase")),
  mg_gp_clmm7_gp = margins(fm$gp_clmm7, f_gp, d_gp, c("gender", "phase")),
  mg_hp_logit_p = margins(fm$hp_logit, f_hp, d_pp, "phase"),
  mg_gh_logit_gp = margins(fm$gh_logit, f_gh, d_gp, c("gender", "phase")))

## ------------------------------------------------------------- output ----

fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.12g", x))
rows <- function(case, kind, term, est, se = NA)
  paste(case, kind, term, fmt(unname(est)), fmt(unname(se)), sep = ",")

# R pastes variable and level ("genderM:phaseSecondary"); icstat writes
# "gender=M:phase=Secondary", and pupils per pupil.
icstat_name <- function(m, name) {
  rename <- c(pupils100 = "pupils")
  for (v in names(m$xlevels))
    for (l in m$xlevels[[v]]) rename[paste0(v, l)] <- paste0(v, "=", l)
  parts <- strsplit(name, ":", fixed = TRUE)[[1]]
  paste(ifelse(parts %in% names(rename), rename[parts], parts), collapse = ":")
}
model_rows <- function(case, m) {
  se <- sqrt(diag(vcov(m)))
  bn <- names(m$beta)[!is.na(m$beta)]   # an aliased column is left out
  per <- ifelse(grepl("pupils100", bn, fixed = TRUE), 100, 1)
  out <- c(rows(case, "threshold", names(m$alpha), m$alpha, se[names(m$alpha)]),
           rows(case, "coef", vapply(bn, function(b) icstat_name(m, b), ""),
                m$beta[bn] / per, se[bn] / per))
  if (inherits(m, "clmm")) {
    sdev <- m$ST[[1]][1, 1]
    out <- c(out, rows(case, "random", "sd(inspector)", sdev, sdev * se[["ST1"]]))
  }
  c(out, sprintf("%s,fit,loglik,%.17g,NA", case, as.numeric(logLik(m))),
    rows(case, "fit", "n", nobs(m)))
}

out <- c("case,kind,term,estimate,se",
         unlist(lapply(names(fm), function(n) model_rows(n, fm[[n]]))),
         unlist(lapply(names(mg), function(n) rows(n, "margin", names(mg[[n]]$est),
                                                   mg[[n]]$est, mg[[n]]$se))))
con <- file(file.path(fix_dir, "fit_interaction_values.csv"), open = "wb")
writeLines(out, con, sep = "\n")
close(con)
cat(sprintf("wrote %d value rows to %s\n", length(out) - 1,
            file.path(fix_dir, "fit_interaction_values.csv")))
