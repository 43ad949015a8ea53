#!/usr/bin/env bash
# Web benchmark: wrk on loopback against `broadsheet serve` (release build) over an archive of
# the whole crawl corpus (人民日报) plus the sample, and against nginx serving a saved copy of the
# same article page as a static file, in the same run. Prints requests/s, p99 latency and the
# ratio to nginx, and the uncached article page at one connection (what one reader waits).
# Target: the article page at >= 30% of nginx's throughput.
#
# Environment: CORPUS (default ../shared/corpus/rmrb-crawl), SCRATCH (default .build),
# OUT (default /tmp/broadsheet-web-bench), DURATION (seconds per run, default 15),
# CONNECTIONS (default 32), THREADS (wrk threads, default 2), REBUILD=1 to re-import,
# BIN (an already built broadsheet: skip the build), BASELINE_BIN (another build of broadsheet,
# e.g. an earlier commit's, measured in the same run on an archive it imports itself).
#
# POSTGRES=1 measures the same pages served from PostgreSQL instead: a throwaway durable
# cluster with one streaming replica (.ci/pg-cluster.sh, data under OUT), the crawl imported
# into the primary, a release build with the PostgreSQL trait (SCRATCH default
# .build-pg-rel). It adds a run against `serve --replica` and prints which share of the reads
# the primary took (/metrics, broadsheet_replica_reads_total).
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${CORPUS:-../shared/corpus/rmrb-crawl}
POSTGRES=${POSTGRES:-0}
TRAITS=()
if [ "$POSTGRES" = 1 ]; then
    TRAITS=(--traits PostgreSQL)
    SCRATCH=${SCRATCH:-.build-pg-rel}
    OUT=${OUT:-/tmp/broadsheet-web-bench-pg}
fi
SCRATCH=${SCRATCH:-.build}
OUT=${OUT:-/tmp/broadsheet-web-bench}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18181}
PORT_NOCACHE=$((PORT + 1))
PORT_NGINX=$((PORT + 2))
ARTICLE_ID=${ARTICLE_ID:-rmrb-20191003-01-05}
QUERY=${QUERY:-改革开放}

[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS; set CORPUS"; exit 1; }
export DEBIAN_FRONTEND=noninteractive
missing=()
for p in wrk nginx curl; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; fi

if [ -z "${BIN:-}" ]; then
    echo "-- building broadsheet (release)"
    swift build -c release "${TRAITS[@]}" --scratch-path "$SCRATCH" --product broadsheet 2>&1 | tail -1
    BIN="$(swift build -c release "${TRAITS[@]}" --scratch-path "$SCRATCH" --show-bin-path)/broadsheet"
fi

mkdir -p "$OUT/www"
DB="$OUT/bench.sqlite"
REPLICA_DB=""
if [ "$POSTGRES" = 1 ]; then
    export PGPORT=${PGPORT:-55832} PG_CLUSTER_STATE=$OUT/pg.state PG_DURABLE=1 PG_ROOT=$OUT
    .ci/pg-cluster.sh stop >/dev/null 2>&1 || true
    eval "$(.ci/pg-cluster.sh start --replica)"
    DB=${BROADSHEET_TEST_POSTGRES%/postgres}/postgres
    REPLICA_DB=${BROADSHEET_TEST_POSTGRES_REPLICA%/postgres}/postgres
    echo "-- importing $CORPUS (as 人民日报) and Samples into PostgreSQL"
    /usr/bin/time -f "import: %e s, peak RSS %M KB" "$BIN" import --db "$DB" --paper 人民日报 Samples "$CORPUS" | tail -3
    # The replica has replayed the import once it serves the primary's revision.
    for _ in $(seq 1 300); do
        [ "$(PGPASSWORD=broadsheet psql -h 127.0.0.1 -p $((PGPORT + 1)) -U broadsheet -d postgres -tAc 'SELECT revision FROM archive_state' 2>/dev/null || true)" \
          = "$(PGPASSWORD=broadsheet psql -h 127.0.0.1 -p "$PGPORT" -U broadsheet -d postgres -tAc 'SELECT revision FROM archive_state')" ] && break
        sleep 0.2
    done
elif [ ! -s "$DB" ] || [ "${REBUILD:-0}" = 1 ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    echo "-- importing $CORPUS (as 人民日报) and Samples"
    "$BIN" import --db "$DB" --paper 人民日报 Samples "$CORPUS" | tail -12
fi

BASE_DB="$OUT/baseline.sqlite"
if [ -n "${BASELINE_BIN:-}" ] && { [ ! -s "$BASE_DB" ] || [ "${REBUILD:-0}" = 1 ]; }; then
    rm -f "$BASE_DB" "$BASE_DB-wal" "$BASE_DB-shm"
    echo "-- importing with the baseline $BASELINE_BIN"
    "$BASELINE_BIN" import --db "$BASE_DB" --paper 人民日报 Samples "$CORPUS" | tail -3
fi

PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    if [ "$POSTGRES" = 1 ]; then .ci/pg-cluster.sh stop >/dev/null; fi
}
trap cleanup EXIT
wait_up() { for _ in $(seq 1 100); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "not up: $1"; exit 1; }

# Request logs on, to a file, as nginx's access log is.
"$BIN" serve --db "$DB" --port "$PORT" >"$OUT/serve.log" 2>&1 &
PIDS+=($!)
"$BIN" serve --db "$DB" --port "$PORT_NOCACHE" --page-cache 0 >"$OUT/serve-nocache.log" 2>&1 &
PIDS+=($!)
wait_up "http://127.0.0.1:$PORT/healthz"
wait_up "http://127.0.0.1:$PORT_NOCACHE/healthz"
PORT_REPLICA=$((PORT + 5))
if [ -n "$REPLICA_DB" ]; then
    "$BIN" serve --db "$DB" --replica "$REPLICA_DB" --port "$PORT_REPLICA" --page-cache 0 >"$OUT/serve-replica.log" 2>&1 &
    PIDS+=($!)
    wait_up "http://127.0.0.1:$PORT_REPLICA/healthz"
fi
PORT_BASE=$((PORT + 3))
PORT_BASE_NOCACHE=$((PORT + 4))
if [ -n "${BASELINE_BIN:-}" ]; then
    "$BASELINE_BIN" serve --db "$BASE_DB" --port "$PORT_BASE" >"$OUT/serve-baseline.log" 2>&1 &
    PIDS+=($!)
    "$BASELINE_BIN" serve --db "$BASE_DB" --port "$PORT_BASE_NOCACHE" --page-cache 0 >"$OUT/serve-baseline-nocache.log" 2>&1 &
    PIDS+=($!)
    wait_up "http://127.0.0.1:$PORT_BASE/healthz"
    wait_up "http://127.0.0.1:$PORT_BASE_NOCACHE/healthz"
fi

ARTICLE="/articles/$ARTICLE_ID"
SEARCH="/search?q=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))" "$QUERY")"
curl -fsS "http://127.0.0.1:$PORT$ARTICLE" >"$OUT/www/article.html"
curl -fsS "http://127.0.0.1:$PORT$SEARCH" >"$OUT/search.html"
echo "-- article page $ARTICLE: $(wc -c <"$OUT/www/article.html") bytes; search page $SEARCH: $(wc -c <"$OUT/search.html") bytes, $(grep -o '共 [0-9]* 篇' "$OUT/search.html" | head -1)"

cat >"$OUT/nginx.conf" <<NGINX
worker_processes 2;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
    access_log $OUT/nginx-access.log;
    sendfile on;
    keepalive_requests 1000000;
    types { text/html html; }
    server {
        listen 127.0.0.1:$PORT_NGINX;
        root $OUT/www;
    }
}
NGINX
nginx -c "$OUT/nginx.conf" -p "$OUT" &
PIDS+=($!)
wait_up "http://127.0.0.1:$PORT_NGINX/article.html"

run() { # LABEL URL [CONNECTIONS]
    local c=${3:-$CONNECTIONS}
    sleep 2  # the server ends the requests the previous run left queued
    wrk -t"$((c < THREADS ? c : THREADS))" -c"$c" -d"${DURATION}s" --latency "$2" >"$OUT/wrk-$1.txt"
    local rps p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$1.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$1.txt")
    echo "$1 $rps $p99"
}

echo "-- wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on loopback, 2 cores shared by wrk and the server"
curl -fsS "http://127.0.0.1:$PORT$SEARCH" >/dev/null
RESULTS=()
RESULTS+=("$(run nginx-article "http://127.0.0.1:$PORT_NGINX/article.html")")
RESULTS+=("$(run broadsheet-article "http://127.0.0.1:$PORT$ARTICLE")")
RESULTS+=("$(run broadsheet-article-uncached "http://127.0.0.1:$PORT_NOCACHE$ARTICLE")")
# What one reader waits: the uncached page at one connection.
RESULTS+=("$(run article-uncached-1-connection "http://127.0.0.1:$PORT_NOCACHE$ARTICLE" 1)")
RESULTS+=("$(run broadsheet-search "http://127.0.0.1:$PORT$SEARCH")")
if [ -n "$REPLICA_DB" ]; then
    RESULTS+=("$(run replicated-article-uncached "http://127.0.0.1:$PORT_REPLICA$ARTICLE")")
    RESULTS+=("$(run replicated-article-uncached-1-conn "http://127.0.0.1:$PORT_REPLICA$ARTICLE" 1)")
    RESULTS+=("$(run replicated-search "http://127.0.0.1:$PORT_REPLICA$SEARCH")")
fi
if [ -n "${BASELINE_BIN:-}" ]; then
    curl -fsS "http://127.0.0.1:$PORT_BASE$SEARCH" >/dev/null
    RESULTS+=("$(run baseline-article "http://127.0.0.1:$PORT_BASE$ARTICLE")")
    RESULTS+=("$(run baseline-article-uncached "http://127.0.0.1:$PORT_BASE_NOCACHE$ARTICLE")")
    RESULTS+=("$(run baseline-search "http://127.0.0.1:$PORT_BASE$SEARCH")")
    # The uncached article page once more, so each side is measured before and after the other.
    RESULTS+=("$(run broadsheet-article-uncached-2 "http://127.0.0.1:$PORT_NOCACHE$ARTICLE")")
fi

NGINX_RPS=$(echo "${RESULTS[0]}" | awk '{print $2}')
printf '\n%-30s %12s %10s %12s\n' "target" "requests/s" "p99" "vs nginx"
for r in "${RESULTS[@]}"; do
    set -- $r
    printf '%-30s %12s %10s %11.1f%%\n' "$1" "$2" "$3" "$(python3 -c "print(100*$2/$NGINX_RPS)")"
done
ARTICLE_RPS=$(echo "${RESULTS[1]}" | awk '{print $2}')
if [ -n "$REPLICA_DB" ]; then
    curl -fsS "http://127.0.0.1:$PORT_REPLICA/metrics" >"$OUT/metrics-replica.txt"
    python3 - "$OUT/metrics-replica.txt" <<'PY'
import re, sys
reads = {}
for line in open(sys.argv[1]):
    m = re.match(r'broadsheet_replica_reads_total\{replica="([^"]*)"\} (\S+)', line)
    if m: reads[m.group(1)] = float(m.group(2))
total = sum(reads.values()) or 1
print("\nreads behind serve --replica: " + ", ".join(f"{k} {int(v)} ({100*v/total:.1f}%)" for k, v in sorted(reads.items())))
PY
fi
python3 -c "import sys; r=$ARTICLE_RPS/$NGINX_RPS; print(f'\narticle page at {100*r:.1f}% of nginx (target >= 30%):', 'met' if r >= 0.3 else 'MISSED')"
