# Golden fixtures for the Farrington detectors, computed by R surveillance:
#   farrington          (detectors/farrington.ts)          <- surveillance::algo.farrington
#   farrington_flexible (detectors/farrington-flexible.ts) <- surveillance::farringtonFlexible
# and for the quasi-Poisson GLM they share (detectors/stats/glm-poisson.ts) <- stats::glm.
# Run from anywhere: Rscript scripts/golden/farrington.R
# Writes test/fixtures/golden/farrington/<case>.{input.csv,expected.json},
#        test/fixtures/golden/farrington_flexible/<case>.{input.csv,expected.json} (same inputs),
#        test/fixtures/golden/glm_poisson/<name>.json.
#
# Series are weekly, indexed (no dates in the sts object, so epochAsDate = FALSE and "one year
# back" is exactly 52 weeks, as in the detectors). Each case runs each algorithm twice:
#   1. with the case's control: upperbound and alarm exactly as R reports them (R writes
#      upperbound 0 (algo.farrington) or NA (farringtonFlexible) where the limit54 rule holds);
#   2. with limit54 = c(0, weeks), which makes R's enoughCases always TRUE, so R reports the
#      bound (and, for farringtonFlexible, the expected count) on every row: `bound`, `expected`.
#
# expected.json layout:
#   control     the control R used (defaults filled in), in R's names
#   firstIndex  0-based row of the first value R computes (its default `range` start)
#   upperbound  R's upperbound per input row; null before firstIndex and where R gives NA
#   bound       the upper bound of run 2 (no limit54); null before firstIndex / NA
#   expected    algo.farrington: control$pd[, 2], the median of the transformed normal, = mu0
#               farringtonFlexible: control$expected of run 2, = mu0 (exp(eta0) for nbPlugin/muan)
#   alarm       R's alarm per row; null before firstIndex and where R gives NA
#   pd          (farrington) control$pd[, 1] = pnorm(y^e, mu0^e, se), the lower tail
#   pvalue      (flexible) control$pvalue, R's upper-tail probability of the observation
#   trend       1 where R kept the time trend
# Numbers carry 17 significant digits so they round-trip exactly.

suppressPackageStartupMessages(library(surveillance))

script_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
script_dir <- if (length(script_arg) == 1) dirname(normalizePath(sub("^--file=", "", script_arg))) else "scripts/golden"
golden_dir <- normalizePath(file.path(script_dir, "..", "..", "test", "fixtures", "golden"))
out_far <- file.path(golden_dir, "farrington")
out_flex <- file.path(golden_dir, "farrington_flexible")
out_glm <- file.path(golden_dir, "glm_poisson")
for (d in c(out_far, out_flex, out_glm)) dir.create(d, recursive = TRUE, showWarnings = FALSE)

WEEK_START <- as.Date("2018-01-01") # a Monday; dates only label the CSV rows
N_WEEKS <- 364                      # 7 years of 52 weeks

# R's defaults for algo.farrington (fitFun algo.farrington.fitGLM.fast).
FARRINGTON_DEFAULT <- list(b = 5, w = 3, reweight = TRUE, alpha = 0.05, trend = TRUE,
                           limit54 = c(5, 4), powertrans = "2/3")
# The "improved" setting of Noufaily et al. (2013) as the surveillance vignette (monitoringCounts,
# con.noufaily) passes it to farringtonFlexible, with R's own b = 5 and alpha = 0.05.
FLEXIBLE_DEFAULT <- list(b = 5, w = 3, reweight = TRUE, weightsThreshold = 2.58, alpha = 0.05,
                         trend = TRUE, pThresholdTrend = 1, limit54 = c(5, 4), powertrans = "2/3",
                         populationOffset = FALSE, noPeriods = 10, pastWeeksNotIncluded = 26,
                         thresholdMethod = "nbPlugin")

# Negative binomial counts with the mean of Noufaily et al. (2013), section 4:
# log mu_t = theta + beta t + sum_j (gamma1 cos(2 pi j t / 52) + gamma2 sin(2 pi j t / 52)),
# variance phi * mu (Poisson when phi = 1).
simulate_nb <- function(theta, beta = 0, gamma1 = 0, gamma2 = 0, harmonics = 1, phi = 1.5, n = N_WEEKS) {
  t <- seq_len(n)
  eta <- theta + beta * t
  if (gamma1 != 0 || gamma2 != 0) {
    for (j in seq_len(harmonics)) eta <- eta + gamma1 * cos(2 * pi * j * t / 52) + gamma2 * sin(2 * pi * j * t / 52)
  }
  mu <- exp(eta)
  x <- if (phi == 1) rpois(n, mu) else rnbinom(n, size = mu / (phi - 1), mu = mu)
  list(x = x, mu = mu, phi = phi)
}

# Adds an outbreak starting at week `start`: k * sd(baseline at start) cases in total
# (Poisson), spread over the following weeks by a discretised lognormal (Noufaily et al. 2013).
add_outbreak <- function(sim, start, k) {
  sd0 <- sqrt(sim$phi * sim$mu[start])
  size <- rpois(1, k * sd0)
  if (size == 0) return(sim)
  weeks <- start + floor(rlnorm(size, meanlog = 0, sdlog = 0.5))
  weeks <- weeks[weeks <= length(sim$x)]
  sim$x <- sim$x + tabulate(weeks, nbins = length(sim$x))
  sim
}

make_cases <- function() {
  cases <- list()
  # Tolerance: relative on bounds and expected counts, absolute on probabilities. The detectors
  # replay R's IRLS step for step, so they agree to ~1e-12 or better; 1e-9 leaves room
  # for libm differences yet would catch a fit that stopped one IRLS iteration apart from R.
  add <- function(name, seed, gen, farrington = list(), flexible = list(), tolerance = 1e-9, note = "") {
    set.seed(seed)
    x <- as.integer(gen())
    stopifnot(length(x) == N_WEEKS, all(x >= 0))
    cases[[name]] <<- list(x = x, farrington = farrington, flexible = flexible,
                           tolerance = tolerance, seed = seed, note = note)
  }
  add("low_flat", 201, function() simulate_nb(0, phi = 1.5)$x, note = "mean ~1, no seasonality, phi 1.5")
  add("low_seasonal", 202, function() simulate_nb(-0.2, gamma1 = 0.6, gamma2 = 0.6, phi = 1.5)$x,
      note = "mean ~1 with a yearly cycle")
  add("medium_flat", 203, function() simulate_nb(2.3, phi = 2)$x, note = "mean ~10, phi 2")
  add("medium_seasonal", 204, function() simulate_nb(2.2, gamma1 = 0.8, gamma2 = 0.4, phi = 1.8)$x,
      note = "mean ~10 with a yearly cycle")
  add("medium_two_harmonics", 205, function() simulate_nb(2.0, gamma1 = 0.5, gamma2 = 0.3, harmonics = 2, phi = 1.3)$x,
      note = "mean ~8 with two harmonics")
  add("medium_trend_up", 206, function() simulate_nb(1.8, beta = 0.004, phi = 1.5)$x,
      note = "log-linear trend: x4.3 over 7 years")
  add("medium_trend_down", 207, function() simulate_nb(3, beta = -0.003, gamma1 = 0.3, phi = 2)$x,
      note = "decreasing trend with seasonality")
  add("high_seasonal", 208, function() simulate_nb(4.6, gamma1 = 0.5, gamma2 = 0.3, phi = 3)$x,
      note = "mean ~100, phi 3")
  add("high_trend", 209, function() simulate_nb(4.8, beta = 0.0015, gamma1 = 0.4, gamma2 = 0.2, harmonics = 2, phi = 5)$x,
      note = "mean ~150 and rising, two harmonics, phi 5")
  add("very_high", 210, function() simulate_nb(7.5, gamma1 = 0.3, phi = 10)$x, note = "mean ~1800, phi 10")
  add("poisson_medium", 211, function() simulate_nb(2.5, phi = 1)$x,
      note = "Poisson: the estimated dispersion is clamped to 1 on most rows (qpois branch of nbPlugin)")
  add("past_outbreaks", 212, function() {
    sim <- simulate_nb(2.2, gamma1 = 0.6, gamma2 = 0.2, phi = 1.5)
    for (s in c(70, 120, 175, 230)) sim <- add_outbreak(sim, s, 10)
    sim$x
  }, note = "outbreaks in the baseline years: the Anscombe re-weighting down-weights them")
  add("recent_outbreaks", 213, function() {
    sim <- simulate_nb(2.2, gamma1 = 0.6, phi = 1.5)
    for (s in c(280, 310, 340)) sim <- add_outbreak(sim, s, 8)
    sim$x
  }, note = "outbreaks in the detection period: alarms")
  add("low_outbreaks", 214, function() {
    sim <- simulate_nb(0, gamma1 = 0.5, phi = 1.5)
    for (s in c(100, 290, 330)) sim <- add_outbreak(sim, s, 6)
    sim$x
  }, note = "mean ~1 with outbreaks, one in the baseline and two in the detection period")
  add("sparse_zeros", 215, function() simulate_nb(-1.6, phi = 1.2)$x,
      note = "mean ~0.2: mostly zeros, the limit54 rule holds on most rows")
  add("zero_gap_baseline", 216, function() {
    x <- simulate_nb(2.3, gamma1 = 0.4, phi = 1.5)$x
    x[150:157] <- 0L
    x
  }, note = "an 8-week run of zeros (reporting gap) in the baseline")
  add("zero_gap_recent", 217, function() {
    x <- simulate_nb(2.3, gamma1 = 0.4, phi = 1.5)$x
    x[300:304] <- 0L
    x
  }, flexible = list(trend = FALSE),
     note = "a 5-week run of zeros in the detection period (limit54 holds after it); flexible without trend")
  add("point_source", 218, function() {
    sim <- sim.pointSource(p = 0.99, r = 0.5, length = N_WEEKS, A = 1, alpha = 1, beta = 0, phi = 0,
                           frequency = 1, state = NULL, K = 1.7)
    sim$observed
  }, note = "surveillance::sim.pointSource(p = 0.99, r = 0.5, A = 1, alpha = 1, K = 1.7)")
  add("all_zeros", 219, function() rep(0L, N_WEEKS),
      note = "every count 0: the GLM drifts to mu ~ 1e-12 (R converges after 24 iterations), limit54 holds")
  add("original_options", 220, function() {
    sim <- simulate_nb(2.0, gamma1 = 0.7, gamma2 = 0.3, phi = 1.6)
    for (s in c(160, 300)) sim <- add_outbreak(sim, s, 8)
    sim$x
  }, farrington = list(b = 3, w = 2, alpha = 0.01, powertrans = "1/2", limit54 = c(3, 3)),
     flexible = list(noPeriods = 1, weightsThreshold = 1, pastWeeksNotIncluded = NULL, pThresholdTrend = 0.05,
                     thresholdMethod = "delta", b = 3, alpha = 0.01),
     note = "farrington: b 3, w 2, alpha 0.01, powertrans 1/2, limit54 (3, 3); flexible: the original method's options (vignette con.farrington) with b 3, alpha 0.01")
  add("no_transform", 221, function() simulate_nb(3.0, beta = 0.002, gamma1 = 0.4, phi = 2.5)$x,
      farrington = list(powertrans = "none", reweight = FALSE, trend = FALSE, b = 4),
      flexible = list(thresholdMethod = "muan", noPeriods = 4, alpha = 0.01, b = 4),
      note = "farrington: powertrans none, no reweighting, no trend, b 4; flexible: muan threshold, 4 periods, alpha 0.01, b 4")
  add("short_baseline", 222, function() simulate_nb(2.5, beta = 0.003, gamma1 = 0.5, phi = 1.7, n = N_WEEKS)$x,
      farrington = list(b = 2, w = 4),
      flexible = list(b = 2, w = 4, noPeriods = 5, thresholdMethod = "delta", powertrans = "none", pastWeeksNotIncluded = 8,
                      reweight = FALSE),
      note = "b 2: R never keeps the trend with fewer than 3 years; flexible: delta, powertrans none, 5 periods, 8 past weeks left out, no reweighting")
  add("huge_counts", 223, function() simulate_nb(log(1e6), gamma1 = 0.2, phi = 20)$x,
      note = "counts ~1e6, phi 20")
  add("trend_tested", 224, function() simulate_nb(2.4, beta = 0.0015, gamma1 = 0.5, phi = 2.5)$x,
      flexible = list(pThresholdTrend = 0.05, b = 4, weightsThreshold = 1, alpha = 0.1, powertrans = "2/3", thresholdMethod = "delta"),
      note = "a weak trend near significance; flexible: delta with pThresholdTrend 0.05, b 4, alpha 0.1, weightsThreshold 1")
  add("steep_trend", 225, function() simulate_nb(3, beta = 0.005, phi = 1.1)$x,
      note = "steep rise: the trend is dropped on many rows because mu0 would exceed every reference count")
  cases
}

num17 <- function(v) {
  if (is.na(v)) return("null") # NA and NaN
  if (!is.finite(v)) stop("unexpected infinite value")
  short <- sprintf("%.15g", v) # the shortest of 15 and 17 digits that reads back exactly
  if (as.numeric(short) == v) short else sprintf("%.17g", v)
}
bool_json <- function(v) if (is.na(v)) "null" else if (v) "true" else "false"
str_json <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
arr <- function(items) paste0("[", paste(items, collapse = ","), "]")
nums <- function(v) arr(vapply(v, num17, ""))
value_json <- function(v) {
  if (is.null(v)) return("null")
  if (is.character(v)) return(str_json(v))
  if (is.logical(v)) return(bool_json(v))
  if (length(v) > 1) return(nums(v))
  num17(v)
}
object_json <- function(items) {
  paste0("{", paste(sprintf('"%s":%s', names(items), vapply(items, value_json, "")), collapse = ","), "}")
}

header_json <- function(name, case, generator_note, tolerance) {
  paste0(
    '"case":', str_json(name), ",\n",
    '"note":', str_json(case$note), ",\n",
    '"generator":"scripts/golden/farrington.R",\n',
    '"function":', str_json(generator_note), ",\n",
    '"surveillance":', str_json(as.character(packageVersion("surveillance"))), ",\n",
    '"R":', str_json(R.version.string), ",\n",
    '"seed":', case$seed, ",\n",
    '"granularity":"week",\n',
    '"tolerance":', format(tolerance), ",\n",
    '"toleranceKind":"relative",\n')
}

series_sts <- function(x) sts(observed = matrix(x, ncol = 1), start = c(2018, 1), frequency = 52)

run_farrington <- function(name, case) {
  x <- case$x
  n <- length(x)
  control <- modifyList(FARRINGTON_DEFAULT, case$farrington)
  unlimited <- modifyList(control, list(limit54 = c(0, control$limit54[2])))
  disprog <- sts2disProg(series_sts(x))
  res <- suppressWarnings(algo.farrington(disprog, control = control))
  res0 <- suppressWarnings(algo.farrington(disprog, control = unlimited))
  range <- res$control$range
  stopifnot(identical(range, res0$control$range))
  full <- function(values) { v <- rep(NA_real_, n); v[range] <- values; v }
  alarm <- rep(NA, n)
  alarm[range] <- as.logical(res$alarm)
  json <- paste0("{\n", header_json(name, case, "algo.farrington", case$tolerance),
    '"control":', object_json(control[c("b", "w", "reweight", "alpha", "trend", "limit54", "powertrans")]), ",\n",
    '"firstIndex":', min(range) - 1, ",\n",
    '"upperbound":', nums(full(res$upperbound)), ",\n",
    '"bound":', nums(full(res0$upperbound)), ",\n",
    '"expected":', nums(full(res0$control$pd[, 2])), ",\n",
    '"alarm":', arr(vapply(alarm, bool_json, "")), ",\n",
    '"pd":', nums(full(res0$control$pd[, 1])), ",\n",
    '"trend":', nums(full(res0$trend)), "\n}\n")
  writeLines(json, file.path(out_far, paste0(name, ".expected.json")), sep = "")
}

run_flexible <- function(name, case) {
  x <- case$x
  n <- length(x)
  control <- modifyList(FLEXIBLE_DEFAULT, case$flexible, keep.null = TRUE)
  unlimited <- modifyList(control, list(limit54 = c(0, control$limit54[2])), keep.null = TRUE)
  res <- suppressWarnings(farringtonFlexible(series_sts(x), control = control))
  res0 <- suppressWarnings(farringtonFlexible(series_sts(x), control = unlimited))
  # farringtonFlexible's default range and pastWeeksNotIncluded, as it fills them in.
  range <- (52 * control$b + control$w + 1):n
  stopifnot(nrow(res) == length(range))
  full <- function(values) { v <- rep(NA_real_, n); v[range] <- as.vector(values); v }
  alarm <- rep(NA, n)
  alarm[range] <- as.vector(alarms(res))
  used <- control
  if (is.null(used$pastWeeksNotIncluded)) used$pastWeeksNotIncluded <- used$w
  json <- paste0("{\n", header_json(name, case, "farringtonFlexible", case$tolerance),
    '"control":', object_json(used[c("b", "w", "reweight", "weightsThreshold", "alpha", "trend", "pThresholdTrend",
                                     "limit54", "powertrans", "populationOffset", "noPeriods",
                                     "pastWeeksNotIncluded", "thresholdMethod")]), ",\n",
    '"firstIndex":', min(range) - 1, ",\n",
    '"upperbound":', nums(full(upperbound(res))), ",\n",
    '"bound":', nums(full(upperbound(res0))), ",\n",
    '"expected":', nums(full(res0@control$expected)), ",\n",
    '"alarm":', arr(vapply(alarm, bool_json, "")), ",\n",
    '"pvalue":', nums(full(res0@control$pvalue)), ",\n",
    '"trend":', nums(full(res0@control$trend)), "\n}\n")
  writeLines(json, file.path(out_flex, paste0(name, ".expected.json")), sep = "")
}

write_input <- function(name, x) {
  dates <- seq(WEEK_START, by = 7, length.out = length(x))
  csv <- c("series,date,count", sprintf("%s,%s,%d", name, format(dates, "%Y-%m-%d"), x))
  for (d in c(out_far, out_flex)) writeLines(csv, file.path(d, paste0(name, ".input.csv")))
}

# GLM fixtures: glm(family = quasipoisson) on small designs, with the numbers the detectors use.
run_glm <- function(name, seed, make, note) {
  set.seed(seed)
  d <- make()
  X <- model.matrix(d$formula, d$data)
  data <- d$data
  data$prior <- if (is.null(d$weights)) rep(1, nrow(X)) else d$weights
  fit <- glm(d$formula, data = data, family = quasipoisson(link = "log"), weights = prior)
  s <- summary(fit)
  stopifnot(fit$converged, !any(is.na(coef(fit))))
  rows <- vapply(seq_len(nrow(X)), function(i) nums(X[i, ]), "")
  json <- paste0("{\n",
    '"name":', str_json(name), ",\n",
    '"note":', str_json(note), ",\n",
    '"generator":"scripts/golden/farrington.R",\n',
    '"R":', str_json(R.version.string), ",\n",
    '"seed":', seed, ",\n",
    '"tolerance":1e-9,\n',
    '"toleranceKind":"relative",\n',
    '"columns":', arr(vapply(colnames(X), str_json, "")), ",\n",
    '"design":', arr(rows), ",\n",
    '"response":', nums(d$data$response), ",\n",
    '"priorWeights":', nums(data$prior), ",\n",
    '"coefficients":', nums(coef(fit)), ",\n",
    '"standardErrors":', nums(s$coefficients[, 2]), ",\n",
    '"pValues":', nums(s$coefficients[, 4]), ",\n",
    '"dispersion":', num17(s$dispersion), ",\n",
    '"deviance":', num17(fit$deviance), ",\n",
    '"dfResidual":', fit$df.residual, ",\n",
    '"iterations":', fit$iter, ",\n",
    '"fitted":', nums(fitted(fit)), ",\n",
    '"hat":', nums(hatvalues(fit)), "\n}\n")
  writeLines(json, file.path(out_glm, paste0(name, ".json")), sep = "")
}

glm_cases <- function() {
  run_glm("trend", 301, function() {
    wtime <- c(outer(-3:3, c(52, 104, 156, 208, 260), "+")) + 40
    list(formula = response ~ wtime, weights = NULL,
         data = data.frame(wtime = wtime, response = rnbinom(length(wtime), size = 8, mu = exp(1.5 + 0.004 * wtime))))
  }, "intercept + trend on 35 Farrington reference weeks (raw week numbers, as algo.farrington)")
  run_glm("seasonal_weighted", 302, function() {
    wtime <- 1:150
    seasgroups <- factor(((wtime - 1) %/% 15) %% 10 + 1)
    mu <- exp(2 + 0.003 * wtime + 0.5 * sin(as.numeric(seasgroups)))
    list(formula = response ~ wtime + seasgroups, weights = runif(150, 0.3, 1.5),
         data = data.frame(wtime = wtime, seasgroups = seasgroups, response = rnbinom(150, size = 4, mu = mu)))
  }, "intercept + trend + 10-level factor with prior weights, as farringtonFlexible's reweighted fit")
  run_glm("sparse_overdispersed", 303, function() {
    wtime <- 1:120
    list(formula = response ~ wtime, weights = NULL,
         data = data.frame(wtime = wtime, response = rnbinom(120, size = 0.4, mu = 0.8)))
  }, "mostly zeros, strongly overdispersed")
}

# Optional arguments: "glm" or "cases" to write only those fixtures.
only <- commandArgs(trailingOnly = TRUE)
cases <- if (length(only) == 0 || "cases" %in% only) make_cases() else list()
for (name in names(cases)) {
  write_input(name, cases[[name]]$x)
  run_farrington(name, cases[[name]])
  run_flexible(name, cases[[name]])
}
if (length(only) == 0 || "glm" %in% only) glm_cases()
cat(sprintf("wrote %d cases to %s and %s, 3 GLM fixtures to %s (surveillance %s)\n",
            length(cases), out_far, out_flex, out_glm, packageVersion("surveillance")))
