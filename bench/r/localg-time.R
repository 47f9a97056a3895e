# R's time for Gi* on the same cells as bench/analysis-demo.bench.ts, for comparison:
#   Rscript bench/r/localg-time.R cells.json
# cells.json: {"area":[{"q":..,"r":..},...],"x":[counts...]} (written by the bench with --dump DIR).
# Neighbours by hex distance 1 on the axial coordinates (built once, not timed), then spdep::localG
# (analytical z) and spdep::localG_perm with nsim = 999 (conditional permutation, with replacement),
# each timed with system.time.
suppressPackageStartupMessages({ library(spdep); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
d <- fromJSON(args[1])
q <- d$area$q; r <- d$area$r; x <- as.numeric(d$x); n <- length(x)
key <- paste(q, r)
idx <- setNames(seq_len(n), key)
steps <- list(c(1, 0), c(-1, 0), c(0, 1), c(0, -1), c(1, -1), c(-1, 1))
nb <- lapply(seq_len(n), function(i) {
  ks <- vapply(steps, function(s) paste(q[i] + s[1], r[i] + s[2]), "")
  j <- unname(idx[ks]); j <- j[!is.na(j)]
  if (length(j) == 0) 0L else sort(as.integer(j))
})
class(nb) <- "nb"; attr(nb, "region.id") <- as.character(seq_len(n))
lw <- nb2listw(include.self(nb), style = "B", zero.policy = TRUE)
t1 <- system.time(z <- localG(x, lw, zero.policy = TRUE))[["elapsed"]]
set.seed(1)
t2 <- system.time(zp <- localG_perm(x, lw, nsim = 999, zero.policy = TRUE))[["elapsed"]]
cat(sprintf('{"cells":%d,"localG_s":%.3f,"localG_perm_999_s":%.3f,"spdep":"%s"}\n', n, t1, t2, as.character(packageVersion("spdep"))))
