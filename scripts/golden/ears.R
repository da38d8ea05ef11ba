# Golden fixtures for the EARS C1/C2/C3 detectors (detectors/ears.ts), computed by
# surveillance::earsC. Run from anywhere: Rscript scripts/golden/ears.R
# Writes test/fixtures/golden/ears/<case>.input.csv and <case>.expected.json.
#
# expected.json layout, per method (C1, C2, C3):
#   control     the control list earsC actually used (after its own defaults)
#   firstIndex  0-based row of the first value R computes (its default `range` start)
#   upperbound  one entry per input row; null before firstIndex, and null inside the
#               range where R gives NaN/NA (C3 with a zero standard deviation)
#   alarm       one entry per input row; null before firstIndex and where R gives NA
# Numbers are written with 17 significant digits so they round-trip exactly.

suppressPackageStartupMessages(library(surveillance))

script_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
script_dir <- if (length(script_arg) == 1) dirname(normalizePath(sub("^--file=", "", script_arg))) else "scripts/golden"
out_dir <- file.path(script_dir, "..", "..", "test", "fixtures", "golden", "ears")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
out_dir <- normalizePath(out_dir)

DAY_START <- as.Date("2024-01-01")  # a Monday
WEEK_START <- as.Date("2022-01-03") # a Monday, so weekly windows start on their own date

# Each case: counts, step ("day"/"week"), extra control (baseline/alpha/minSigma) and tolerance.
# Each case sets its own seed so adding a case never changes the others.
make_cases <- function() {
  cases <- list()
  add <- function(name, seed, gen, step = "day", control = list(), tolerance = 1e-9,
                  tolerance_kind = "absolute", note = "") {
    set.seed(seed)
    x <- as.integer(gen())
    cases[[name]] <<- list(x = x, step = step, control = control, tolerance = tolerance,
                           tolerance_kind = tolerance_kind, seed = seed, note = note)
  }
  add("low_counts", 101, function() rpois(90, 0.4),
      note = "many zeros, occasional 1-3")
  add("medium_poisson", 102, function() rpois(100, 12))
  add("high_counts", 103, function() rpois(100, 2500))
  add("outbreak_spike", 104, function() {
    x <- rpois(100, 6)
    x[70:73] <- x[70:73] + c(20L, 30L, 18L, 8L)
    x
  }, note = "Poisson(6) with an outbreak on rows 70-73 (1-based)")
  add("all_zeros", 105, function() rep(0L, 60),
      note = "sd = 0 everywhere: C1/C2 bound = mean = 0, C3 bound NaN")
  add("constant", 106, function() rep(5L, 60),
      note = "sd = 0 everywhere: C1/C2 bound = mean, C3 bound NaN")
  add("constant_step", 107, function() c(rep(5L, 40), 6L, 6L, 9L, 8L, rep(5L, 16), 7L, rep(5L, 9)),
      note = paste("constant 5 with bumps: sd = 0 baselines with count > mean (C1/C2 alarm at bound = mean),",
                   "and C3 rows whose lagged C2 are infinite (row 44, 1-based: bound clipped to 0)"))
  add("huge_counts", 108, function() rpois(80, 1e7), tolerance = 1e-9, tolerance_kind = "relative",
      note = "counts ~1e7: a double's spacing there is ~2e-9, so the tolerance is relative")
  add("weekly", 109, function() rpois(104, 30 + 10 * sin(2 * pi * (1:104) / 52)), step = "week",
      note = "two years of weekly counts with a yearly cycle")
  add("custom_control", 110, function() {
    x <- rpois(100, 8)
    x[60:61] <- x[60:61] + c(15L, 10L)
    x
  }, control = list(baseline = 10, alpha = 0.01, minSigma = 1),
     note = "non-default control: baseline 10, alpha 0.01, minSigma 1")
  add("sparse_gaps", 111, function() {
    x <- rpois(120, 0.15)
    x[90:92] <- x[90:92] + c(3L, 4L, 2L)
    x
  }, note = "mostly zeros; the backtest test drops the zero rows and lets gap filling restore them")
  cases
}

num17 <- function(v) {
  if (is.na(v)) return("null")  # NA and NaN
  if (!is.finite(v)) stop("unexpected infinite upper bound")
  sprintf("%.17g", v)
}
bool_json <- function(v) if (is.na(v)) "null" else if (v) "true" else "false"
str_json <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
arr <- function(items) paste0("[", paste(items, collapse = ","), "]")

control_json <- function(ctrl) {
  paste0("{",
         '"method":', str_json(ctrl$method),
         ',"baseline":', ctrl$baseline,
         ',"alpha":', sprintf("%.17g", ctrl$alpha),
         ',"minSigma":', sprintf("%.17g", ctrl$minSigma),
         "}")
}

run_case <- function(name, case) {
  n <- length(case$x)
  by <- if (case$step == "week") 7 else 1
  start <- if (case$step == "week") WEEK_START else DAY_START
  dates <- seq(start, by = by, length.out = n)
  freq <- if (case$step == "week") 52 else 365

  csv <- c("series,date,count", sprintf("%s,%s,%d", name, format(dates, "%Y-%m-%d"), case$x))
  writeLines(csv, file.path(out_dir, paste0(name, ".input.csv")))

  methods <- character()
  for (m in c("C1", "C2", "C3")) {
    s <- sts(observed = matrix(case$x, ncol = 1), start = c(2024, 1), frequency = freq)
    # Leave alpha out unless the case sets it, so earsC applies its own per-method default.
    ctrl <- c(list(method = m), case$control)
    res <- earsC(s, control = ctrl)
    range <- res@control$range
    ub <- rep(NA_real_, n)
    al <- rep(NA, n)
    ub[range] <- as.vector(upperbound(res))
    al[range] <- as.vector(alarms(res))
    methods <- c(methods, paste0(
      str_json(m), ":{",
      '"control":', control_json(res@control),
      ',"firstIndex":', min(range) - 1,
      ',"upperbound":', arr(vapply(ub, num17, "")),
      ',"alarm":', arr(vapply(al, bool_json, "")),
      "}"))
  }

  json <- paste0(
    "{\n",
    '"case":', str_json(name), ",\n",
    '"note":', str_json(case$note), ",\n",
    '"generator":"scripts/golden/ears.R",\n',
    '"surveillance":', str_json(as.character(packageVersion("surveillance"))), ",\n",
    '"R":', str_json(R.version.string), ",\n",
    '"seed":', case$seed, ",\n",
    '"granularity":', str_json(case$step), ",\n",
    '"tolerance":', format(case$tolerance), ",\n",
    '"toleranceKind":', str_json(case$tolerance_kind), ",\n",
    '"methods":{\n', paste(methods, collapse = ",\n"), "\n}\n}\n")
  writeLines(json, file.path(out_dir, paste0(name, ".expected.json")), sep = "")
}

cases <- make_cases()
for (name in names(cases)) run_case(name, cases[[name]])
cat(sprintf("wrote %d cases to %s (surveillance %s)\n", length(cases), out_dir, packageVersion("surveillance")))
