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
