#!/usr/bin/env bash
# Search benchmark: Broadsheet (on SQLite, and on PostgreSQL with ENGINES=…,postgres) against
# Groonga (TokenBigram), Lucene 8 (CJKAnalyzer), SQLite FTS5 trigram and ripgrep, on corpora
# recombined from the real crawl.
#
#   Benchmarks/search-bench.sh                      # 10k and 100k articles
#   SIZES=10000 Benchmarks/search-bench.sh          # quick
#   SIZES=10000,100000,1000000 Benchmarks/search-bench.sh
#   ENGINES=broadsheet,postgres,groonga Benchmarks/search-bench.sh
#
# The postgres engine builds with the PostgreSQL trait and runs against a throwaway durable
# cluster (.ci/pg-cluster.sh with PG_DURABLE=1, its data under WORK), or against POSTGRES_URL
# when given (a user that may create databases). REUSE=1 keeps that cluster (and its bench_SIZE
# databases) when the run ends, and a later run with REUSE=1 starts it again and runs only the
# queries of Broadsheet on SQLite and on PostgreSQL where their archives already hold the corpus.
#
# Environment: SIZES, RUNS (timed runs per query, default 3), CORPUS (default
# ../shared/corpus/rmrb-crawl), WORK (scratch, default ./bench-out), ENGINES, SCRATCH
# (SwiftPM scratch path, default .build-search-rel).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-10000,100000}
RUNS=${RUNS:-3}
CORPUS=${CORPUS:-../shared/corpus/rmrb-crawl}
WORK=${WORK:-./bench-out}
ENGINES=${ENGINES:-broadsheet,trigram,groonga,lucene,ripgrep}
# A scratch path of its own, so a benchmark build never invalidates a debug build.
SCRATCH=${SCRATCH:-.build-search-rel}

if [ ! -d "$CORPUS" ]; then
    echo "no crawl corpus at $CORPUS (set CORPUS=…)" >&2
    exit 1
fi

# The peers, from Debian.
need=()
command -v groonga >/dev/null || need+=(groonga-bin)
ls /usr/share/java/lucene-core-8*.jar >/dev/null 2>&1 || need+=(liblucene8-java)
command -v rg >/dev/null || need+=(ripgrep)
command -v javac >/dev/null || need+=(default-jdk-headless)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]} …"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
groonga --version | head -1

# The Lucene harness.
mkdir -p "$WORK/lucene-classes"
CP=$(ls /usr/share/java/lucene-{core,analyzers-common,highlighter,queries,memory}-8*.jar | tr '\n' ':')
javac -d "$WORK/lucene-classes" -cp "$CP" Benchmarks/lucene/LuceneBench.java

TRAITS=()
PG=()
if [[ ",$ENGINES," == *,postgres,* ]]; then
    TRAITS=(--traits PostgreSQL)
    if [ -z "${POSTGRES_URL:-}" ]; then
        export PGPORT=${PGPORT:-55732} PG_CLUSTER_STATE=$WORK/pg.state PG_DURABLE=1 PG_ROOT=$(realpath "$WORK")
        eval "$(.ci/pg-cluster.sh start)"
        if [ "${REUSE:-0}" = 1 ]; then .ci/pg-cluster.sh keep; fi
        trap '.ci/pg-cluster.sh stop' EXIT
        POSTGRES_URL=$BROADSHEET_TEST_POSTGRES
    fi
    PG=(--postgres "$POSTGRES_URL")
fi

swift build -c release "${TRAITS[@]}" --product search-benchmark --scratch-path "$SCRATCH"
BIN=$(swift build -c release "${TRAITS[@]}" --scratch-path "$SCRATCH" --show-bin-path)/search-benchmark
"$BIN" --corpus "$CORPUS" --sizes "$SIZES" --runs "$RUNS" --work "$WORK" --engines "$ENGINES" "${PG[@]}" --reuse "${REUSE:-0}" \
    --lucene-classpath "$WORK/lucene-classes:$CP" 2>&1 | tee "$WORK/search-bench-$(date +%Y%m%d-%H%M%S).txt"
