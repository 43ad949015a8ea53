#!/usr/bin/env bash
# Research-tools benchmark (issue 11): trends, keyword in context and search export, timed
# through the web application's router on archives of 100k and 1M articles recombined from
# the crawl, with p50/p99 per query class and the targets' pass/fail.
#
#   Benchmarks/research-bench.sh                         # 100k and 1M articles
#   SIZES=100000 RUNS=10 Benchmarks/research-bench.sh    # quicker
#
# Environment: SIZES (default 100000,1000000), RUNS (timed requests per query and measure,
# default 30), EXPORT_RUNS (default 3), CORPUS (default ../shared/corpus/rmrb-crawl), WORK
# (scratch, default ./bench-out; the archives stay there and are reused by the next run —
# about 2.4 GB at 1M — delete them when done), SCRATCH (SwiftPM scratch path, default
# .build-research-rel).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-100000,1000000}
RUNS=${RUNS:-30}
EXPORT_RUNS=${EXPORT_RUNS:-3}
CORPUS=${CORPUS:-../shared/corpus/rmrb-crawl}
WORK=${WORK:-./bench-out}
# A scratch path of its own, so a benchmark build never invalidates a debug build.
SCRATCH=${SCRATCH:-.build-research-rel}

if [ ! -d "$CORPUS" ]; then
    echo "no crawl corpus at $CORPUS (set CORPUS=…)" >&2
    exit 1
fi
mkdir -p "$WORK"
swift build -c release --product research-benchmark --scratch-path "$SCRATCH"
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/research-benchmark
"$BIN" --corpus "$CORPUS" --sizes "$SIZES" --runs "$RUNS" --export-runs "$EXPORT_RUNS" --work "$WORK" "$@" 2>&1 \
    | tee "$WORK/research-bench-$(date +%Y%m%d-%H%M%S).txt"
