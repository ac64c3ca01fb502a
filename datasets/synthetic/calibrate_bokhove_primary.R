# calibrate_bokhove_primary.R -- the thresholds and effects of
# bokhove_primary.spec.  Solves for the model whose EXPECTED grade shares
# (integrating the inspector effect u ~ N(0, sigma^2) and mixing OI/HMI)
# equal the published Bokhove, Jerrim & Sims (2023) primary figures:
#   male   cumulative shares 8.2, 66.9, 95.5
#   female cumulative shares 7.8, 63.65, 94.1 (the published column sums to 100.1)
#   Good: HMI 47, OI 60 (averaged over gender)
# Unknowns: three thresholds, the female effect at each threshold, one HMI
# shift and the female share; sigma (0.3) and the OI share (0.8) are
# assumed.  Eight equations, eight unknowns: the fit is exact.  Base R.
# Run: Rscript datasets/synthetic/calibrate_bokhove_primary.R
sigma <- 0.3; oi <- 0.8
u <- seq(-6, 6, length.out = 601) * sigma; w <- dnorm(u, 0, sigma); w <- w / sum(w)
cumP <- function(theta, delta, b) sapply(seq_along(theta), function(j) sum(w * plogis(theta[j] - delta[j] - b - u)))
male_t <- c(8.2, 66.9, 95.5) / 100; fem_t <- c(7.8, 63.65, 94.1) / 100
pred <- function(par) {
  theta <- par[1:3]; delta <- par[4:6]; b <- par[7]; f <- plogis(par[8])
  m <- oi * cumP(theta, c(0,0,0), 0) + (1 - oi) * cumP(theta, c(0,0,0), b)
  fe <- oi * cumP(theta, delta, 0) + (1 - oi) * cumP(theta, delta, b)
  good <- function(cp) cp[2] - cp[1]
  g_oi <- (1 - f) * good(cumP(theta, c(0,0,0), 0)) + f * good(cumP(theta, delta, 0))
  g_hmi <- (1 - f) * good(cumP(theta, c(0,0,0), b)) + f * good(cumP(theta, delta, b))
  c(m, fe, g_hmi, g_oi)
}
target <- c(male_t, fem_t, 0.47, 0.60)
obj <- function(par) sum((qlogis(pred(par)) - qlogis(target))^2)
st <- c(qlogis(male_t), 0.05, 0.14, 0.29, 0.5, 0)
fit <- optim(st, obj, method = "BFGS", control = list(reltol = 1e-14, maxit = 1000))
fit <- optim(fit$par, obj, method = "Nelder-Mead", control = list(reltol = 1e-16, maxit = 20000))
fit <- optim(fit$par, obj, method = "BFGS", control = list(reltol = 1e-16, maxit = 1000))
print(fit$value); print(round(fit$par, 4)); print(plogis(fit$par[8]))
print(round(100 * rbind(pred = pred(fit$par), target = target), 3))
