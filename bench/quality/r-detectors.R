# R side of `npm run bench:quality`: runs surveillance's farringtonFlexible (weekly series only)
# and earsC C1/C2/C3 over the test period of every series the benchmark wrote, and writes the
# alarms back. Usage:
#   Rscript r-detectors.R <series.tsv> <alarms.tsv> <farrington alpha>
# series.tsv: one line per series: id <TAB> granularity (week|day) <TAB> testStart (0-based)
#   <TAB> counts separated by spaces.
# alarms.tsv: id <TAB> method <TAB> one character per test window: 1 alarm, 0 none, N for NA.
# The settings mirror the TypeScript detectors' (see bench/quality/count-detector-plan.ts):
# farringtonFlexible with Noufaily et al.'s (2013) improved options and alpha from the command
# line; earsC with R's defaults (baseline 7, alpha 0.001 for C1 and C2, 0.025 for C3, minSigma 0).
suppressPackageStartupMessages(library(surveillance))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 3) stop("usage: Rscript r-detectors.R <series.tsv> <alarms.tsv> <alpha>")
alpha <- as.numeric(args[3])
lines <- readLines(args[1])
out <- file(args[2], open = "w")

flexibleControl <- function(range) list(
  range = range, b = 5, w = 3, reweight = TRUE, weightsThreshold = 2.58, trend = TRUE,
  pThresholdTrend = 1, limit54 = c(5, 4), powertrans = "2/3", fitFun = "algo.farrington.fitGLM.flexible",
  populationOffset = FALSE, noPeriods = 10, pastWeeksNotIncluded = 26, thresholdMethod = "nbPlugin",
  alpha = alpha)

emit <- function(id, method, alarm) {
  code <- ifelse(is.na(alarm), "N", ifelse(alarm, "1", "0"))
  writeLines(paste(id, method, paste(code, collapse = ""), sep = "\t"), out)
}

for (line in lines) {
  fields <- strsplit(line, "\t", fixed = TRUE)[[1]]
  id <- fields[1]
  weekly <- fields[2] == "week"
  testStart <- as.integer(fields[3])
  counts <- as.numeric(strsplit(fields[4], " ", fixed = TRUE)[[1]])
  n <- length(counts)
  range <- (testStart + 1):n
  series <- sts(observed = matrix(counts, ncol = 1), start = c(2000, 1), frequency = if (weekly) 52 else 7)
  if (weekly) {
    flexible <- farringtonFlexible(series, control = flexibleControl(range))
    emit(id, "farringtonFlexible", as.logical(alarms(flexible)[, 1]))
  }
  for (method in c("C1", "C2", "C3")) {
    earsAlpha <- if (method == "C3") 0.025 else 0.001
    ears <- earsC(series, control = list(range = range, method = method, baseline = 7, alpha = earsAlpha, minSigma = 0))
    emit(id, paste0("earsC", substring(method, 2)), as.logical(alarms(ears)[, 1]))
  }
}
close(out)
