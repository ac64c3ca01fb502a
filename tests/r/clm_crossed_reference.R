# clm_crossed_reference.R -- records R reference values for icstat's
# cumulative link mixed models with two random intercepts, crossed or
# nested (ordinal::clmm, Laplace approximation, its default for more than
# one random-effects term), and for a binary outcome lme4::glmer (Laplace,
# nAGQ = 1), so that tests/unit/test_clm_crossed.c compares without R.
#
# Writes (header row, "\n" line endings, no quotes):
#   tests/fixtures/clm_crossed_logit.csv    crossed, logit, grades 1..4:
#       grade,x,phase,insp,school   (1,500 rows, 40 inspectors, 300
#       schools, each inspected 5 times by inspectors of its own region)
#   tests/fixtures/clm_crossed_probit.csv   crossed, probit, grades 1..3:
#       grade,x,insp,school         (1,200 rows, 30 inspectors, 240 schools)
#   tests/fixtures/clm_crossed_nested.csv   school nested in la, logit,
#       grades 1..4: grade,x,la,school (640 rows, 16 las, 160 schools)
#   tests/fixtures/clm_crossed_unbal.csv    crossed, logit, grades 1..3,
#       schools of 1..6 rows (a third single-row): grade,x,insp,school
#   tests/fixtures/clm_crossed_binary.csv   crossed, binary: y,x,insp,school
#   tests/fixtures/clm_crossed_values.csv
#       dataset,model,kind,term,estimate,se
#
# Contract of clm_crossed_values.csv (icstat's naming):
#   model clmm (ordinal::clmm, Laplace) or glmer (lme4::glmer, binomial,
#   logit, nAGQ = 1; its intercept is -theta, the threshold 0|1).
#   kind threshold, term "j|j+1"; kind coef, term "x" or "phase=Secondary";
#   kind random, term sd(G) with se from vcov on the log-sd scale (clmm's
#   ST parameters; for glmer the profile-free se is not reported, NA);
#   kind fit, term loglik (full precision), iterations; se NA.
#
# Rerun (from the repository root): Rscript tests/r/clm_crossed_reference.R
# Regenerates every file byte-identically (fixed seed and RNG kinds).
#
# Run with: R 4.2.2 Patched (Debian bookworm r-base-core), ordinal
#   2022.11-16 (r-cran-ordinal), lme4 (r-cran-lme4).

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(20250316)
suppressPackageStartupMessages({
  library(ordinal)
  library(lme4)
})

fix_dir <- file.path("tests", "fixtures")
if (!dir.exists(fix_dir)) stop("run from the repository root (tests/fixtures not found)")
cat("R:", R.version.string, "\n")
cat("ordinal:", as.character(packageVersion("ordinal")),
    " lme4:", as.character(packageVersion("lme4")), "\n")

num <- function(x) sprintf("%.6f", x)

write_plain_csv <- function(path, cols) {
  lines <- c(paste(names(cols), collapse = ","),
             do.call(paste, c(unname(cols), sep = ",")))
  con <- file(path, open = "wb")
  writeLines(lines, con, sep = "\n")
  close(con)
}

cut_latent <- function(ystar, theta)
  1L + as.integer(rowSums(outer(ystar, theta, ">")))

# Schools in regions; each inspection of a school is by an inspector of the
# school's region (so the inspector-school graph is local, as in reality).
crossed <- function(n_insp, n_school, visits, regions) {
  ireg <- rep_len(seq_len(regions), n_insp)
  sreg <- rep_len(seq_len(regions), n_school)
  school <- rep(seq_len(n_school), visits)
  insp <- vapply(school, function(s) {
    cand <- which(ireg == sreg[s])
    cand[sample.int(length(cand), 1)]
  }, integer(1))
  list(school = school, insp = insp)
}

lab <- function(prefix, k, width = 3) sprintf(paste0("%s%0", width, "d"), prefix, k)

## ----------------------------------------------------------- datasets ----

# crossed_logit
g <- crossed(40, 300, rep(5, 300), 4)
n <- length(g$school)
x <- rnorm(n)
phase <- sample(c("Primary", "Secondary"), n, replace = TRUE, prob = c(0.6, 0.4))
ui <- rnorm(40, 0, 0.6); us <- rnorm(300, 0, 0.9)
eta <- 0.7 * x - 0.5 * (phase == "Secondary") + ui[g$insp] + us[g$school]
grade <- cut_latent(eta + rlogis(n), c(-1.5, 0.3, 2.2))
write_plain_csv(file.path(fix_dir, "clm_crossed_logit.csv"), list(
  grade = as.character(grade), x = num(x), phase = phase,
  insp = lab("I", g$insp), school = lab("S", g$school, 4)))

# crossed_probit
g <- crossed(30, 240, rep(5, 240), 3)
n <- length(g$school)
x <- rnorm(n)
ui <- rnorm(30, 0, 0.4); us <- rnorm(240, 0, 0.7)
eta <- 0.5 * x + ui[g$insp] + us[g$school]
grade <- cut_latent(eta + rnorm(n), c(-0.5, 0.6))
write_plain_csv(file.path(fix_dir, "clm_crossed_probit.csv"), list(
  grade = as.character(grade), x = num(x),
  insp = lab("I", g$insp), school = lab("S", g$school, 4)))

# crossed_nested: schools (4 inspections each) within local authorities
school <- rep(seq_len(160), 4)
la <- (school - 1) %% 16 + 1
n <- length(school)
x <- rnorm(n)
ul <- rnorm(16, 0, 0.5); us <- rnorm(160, 0, 0.8)
eta <- 0.6 * x + ul[la] + us[school]
grade <- cut_latent(eta + rlogis(n), c(-1.4, 0.2, 1.9))
write_plain_csv(file.path(fix_dir, "clm_crossed_nested.csv"), list(
  grade = as.character(grade), x = num(x), la = lab("L", la, 2),
  school = lab("S", school, 4)))

# crossed_unbal: schools of 1..6 inspections, a third of them single-row
visits <- sample(1:6, 200, replace = TRUE, prob = c(0.34, 0.2, 0.16, 0.12, 0.1, 0.08))
g <- crossed(25, 200, visits, 5)
n <- length(g$school)
x <- rnorm(n)
ui <- rnorm(25, 0, 0.5); us <- rnorm(200, 0, 0.7)
eta <- 0.8 * x + ui[g$insp] + us[g$school]
grade <- cut_latent(eta + rlogis(n), c(-0.8, 1.0))
write_plain_csv(file.path(fix_dir, "clm_crossed_unbal.csv"), list(
  grade = as.character(grade), x = num(x),
  insp = lab("I", g$insp), school = lab("S", g$school, 4)))

# crossed_binary
g <- crossed(30, 250, rep(4, 250), 5)
n <- length(g$school)
x <- rnorm(n)
ui <- rnorm(30, 0, 0.5); us <- rnorm(250, 0, 0.8)
y <- as.integer(-0.3 + 0.6 * x + ui[g$insp] + us[g$school] + rlogis(n) > 0)
write_plain_csv(file.path(fix_dir, "clm_crossed_binary.csv"), list(
  y = as.character(y), x = num(x),
  insp = lab("I", g$insp), school = lab("S", g$school, 4)))

## -------------------------------------------------------------- fits ----

out <- list()
row <- function(ds, model, kind, term, est, se = NA) {
  out[[length(out) + 1]] <<- data.frame(dataset = ds, model = model, kind = kind,
                                        term = term, estimate = est, se = se)
}
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.12g", v))

read_back <- function(file, outcome, groups, text = character()) {
  d <- utils::read.csv(file.path(fix_dir, file), stringsAsFactors = FALSE,
                       colClasses = "character")
  for (v in setdiff(names(d), c(groups, text))) d[[v]] <- as.numeric(d[[v]])
  d[[outcome]] <- factor(d[[outcome]], levels = sort(unique(d[[outcome]])), ordered = TRUE)
  for (v in c(groups, text)) d[[v]] <- factor(d[[v]])
  d
}

fit_clmm <- function(ds, file, g1, g2, link, text = character(), terms = "x") {
  d <- read_back(file, "grade", c(g1, g2), text)
  f <- as.formula(sprintf("grade ~ %s + (1|%s) + (1|%s)", paste(terms, collapse = " + "),
                          g1, g2))
  t0 <- proc.time()[["elapsed"]]
  fm <- withCallingHandlers(clmm(f, data = d, link = link),
                            warning = function(w) { cat(ds, "warning:", conditionMessage(w), "\n") })
  cat(sprintf("%-16s clmm %.1f s, logLik %.10f\n", ds, proc.time()[["elapsed"]] - t0,
              as.numeric(logLik(fm))), file = stderr())
  V <- vcov(fm)
  k1 <- length(fm$alpha)
  lev <- levels(d$grade)
  for (j in seq_len(k1))
    row(ds, "clmm", "threshold", paste0(lev[j], "|", lev[j + 1]), fm$alpha[[j]], sqrt(V[j, j]))
  for (nm in names(fm$beta)) {
    term <- if (nm == "phaseSecondary") "phase=Secondary" else nm
    row(ds, "clmm", "coef", term, fm$beta[[nm]], sqrt(V[nm, nm]))
  }
  st <- grep("^ST", rownames(V))
  sds <- sapply(VarCorr(fm), function(v) sqrt(v[1, 1]))
  for (k in seq_along(sds))
    row(ds, "clmm", "random", sprintf("sd(%s)", names(sds)[k]), sds[[k]], sqrt(V[st[k], st[k]]))
  row(ds, "clmm", "fit", "loglik", as.numeric(logLik(fm)))
}

fit_clmm("crossed_logit", "clm_crossed_logit.csv", "insp", "school", "logit", "phase",
         c("x", "phase"))
fit_clmm("crossed_probit", "clm_crossed_probit.csv", "insp", "school", "probit")
fit_clmm("crossed_nested", "clm_crossed_nested.csv", "la", "school", "logit")
fit_clmm("crossed_unbal", "clm_crossed_unbal.csv", "insp", "school", "logit")

# The binary case by lme4::glmer (Laplace): P(y = 1) = F(b0 + x b + u),
# icstat's threshold 0|1 is -b0.
d <- utils::read.csv(file.path(fix_dir, "clm_crossed_binary.csv"), stringsAsFactors = TRUE)
gm <- glmer(y ~ x + (1 | insp) + (1 | school), data = d, family = binomial, nAGQ = 1,
            control = glmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5)))
fe <- fixef(gm); V <- as.matrix(vcov(gm))
row("crossed_binary", "glmer", "threshold", "0|1", -fe[["(Intercept)"]], sqrt(V[1, 1]))
row("crossed_binary", "glmer", "coef", "x", fe[["x"]], sqrt(V[2, 2]))
vc <- as.data.frame(VarCorr(gm))
for (k in seq_len(nrow(vc)))
  row("crossed_binary", "glmer", "random", sprintf("sd(%s)", vc$grp[k]), vc$sdcor[k])
row("crossed_binary", "glmer", "fit", "loglik", as.numeric(logLik(gm)))
# The same binary model by clmm, as a second reference.
d$yo <- factor(d$y, levels = c(0, 1), ordered = TRUE)
fm <- clmm(yo ~ x + (1 | insp) + (1 | school), data = d)
row("crossed_binary", "clmm", "fit", "loglik", as.numeric(logLik(fm)))
row("crossed_binary", "clmm", "threshold", "0|1", fm$alpha[[1]])
row("crossed_binary", "clmm", "coef", "x", fm$beta[["x"]])

vals <- do.call(rbind, out)
ll <- vals$kind == "fit" & vals$term == "loglik"
est <- ifelse(ll, sprintf("%.17g", vals$estimate), fmt(vals$estimate))
write_plain_csv(file.path(fix_dir, "clm_crossed_values.csv"), list(
  dataset = vals$dataset, model = vals$model, kind = vals$kind, term = vals$term,
  estimate = est, se = fmt(vals$se)))
print(vals)
