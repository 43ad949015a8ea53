#!/usr/bin/env bash
# kill -9 of the server in the middle of an HTTP import: `broadsheet serve` over an archive
# holding one month of the crawl takes a zip of another whole month through POST
# /api/v1/imports and is killed at a random moment while it works on it, RUNS times. After each
# kill the archive must be exactly as it was before that import (its JSONL export equal to the
# reference), `PRAGMA integrity_check` ok and `broadsheet verify` clean; then a new server
# serves it and the same import succeeds.
#
#   Stress/kill-serve-import.sh                 # RUNS=10
#   RUNS=20 SEED=7 BIN=.build/release/broadsheet Stress/kill-serve-import.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10}
SEED=${SEED:-$$}
CORPUS=${CORPUS:-../shared/corpus/rmrb-crawl}
BASE_MONTH=${BASE_MONTH:-2019年2月}
POSTED_MONTH=${POSTED_MONTH:-2019年10月}
PORT=${PORT:-18730}
WORK=${WORK:-$(mktemp -d /tmp/broadsheet-kill-serve.XXXXXX)}
BIN=${BIN:-}

[ -d "$CORPUS" ] || { echo "skipped: no corpus at $CORPUS" >&2; exit 0; }
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 1; }
if [ -z "$BIN" ]; then
    swift build -c release --product broadsheet >&2
    BIN=$(swift build -c release --show-bin-path)/broadsheet
fi
RANDOM=$SEED

echo "reference state and the zip in $WORK" >&2
"$BIN" import --db "$WORK/ref.sqlite" --paper 人民日报 "$CORPUS/$BASE_MONTH" >/dev/null
TOKEN=$("$BIN" tokens create stress --db "$WORK/ref.sqlite" 2>/dev/null)
"$BIN" export --db "$WORK/ref.sqlite" --format jsonl --output "$WORK/ref.jsonl" >/dev/null
# Everything into the main file, so that a copy of it is the whole archive.
sqlite3 "$WORK/ref.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
(cd "$CORPUS" && python3 -c "
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for d, _, fs in os.walk(sys.argv[2]):
        for f in sorted(fs): z.write(os.path.join(d, f))
" "$WORK/month.zip" "$POSTED_MONTH")

# How long a whole import over HTTP takes here, to kill within it.
cp "$WORK/ref.sqlite" "$WORK/timing.sqlite"
"$BIN" serve --db "$WORK/timing.sqlite" --port "$PORT" --log-level error >/dev/null 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
START=$(date +%s%N)
curl -fsS -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/zip" --data-binary @"$WORK/month.zip" \
    "http://127.0.0.1:$PORT/api/v1/imports?name=month.zip&paper=%E4%BA%BA%E6%B0%91%E6%97%A5%E6%8A%A5" >/dev/null
TOOK=$(( ($(date +%s%N) - START) / 1000000 ))
kill $SERVER; wait $SERVER 2>/dev/null || true
"$BIN" export --db "$WORK/timing.sqlite" --format jsonl --output "$WORK/after.jsonl" >/dev/null
echo "a whole import over HTTP takes $TOOK ms" >&2

failures=0; killed=0; finished=0; befores=0; afters=0
for run in $(seq 1 "$RUNS"); do
    DB="$WORK/run.sqlite"
    rm -f "$DB" "$DB-wal" "$DB-shm"
    cp "$WORK/ref.sqlite" "$DB"
    "$BIN" serve --db "$DB" --port "$PORT" --log-level error >/dev/null 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    DELAY=$(( RANDOM % (TOOK + 1) ))
    curl -sS -o /dev/null -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/zip" --data-binary @"$WORK/month.zip" \
        "http://127.0.0.1:$PORT/api/v1/imports?name=month.zip&paper=%E4%BA%BA%E6%B0%91%E6%97%A5%E6%8A%A5" 2>/dev/null &
    CURL=$!
    sleep "$(echo "scale=3; $DELAY / 1000" | bc)"
    if kill -0 "$CURL" 2>/dev/null; then killed=$((killed + 1)); else finished=$((finished + 1)); fi
    kill -9 $SERVER 2>/dev/null || true
    wait $SERVER 2>/dev/null || true
    wait $CURL 2>/dev/null || true
    ok=true
    [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = "ok" ] || { echo "run $run: integrity_check failed" >&2; ok=false; }
    "$BIN" verify --db "$DB" >/dev/null 2>&1 || { echo "run $run: verify found problems" >&2; ok=false; }
    "$BIN" export --db "$DB" --format jsonl --output "$WORK/run.jsonl" >/dev/null
    state=before
    if ! cmp -s "$WORK/run.jsonl" "$WORK/ref.jsonl"; then
        state=after
        # An import committed before the kill is the after state, whole.
        cmp -s "$WORK/run.jsonl" "$WORK/after.jsonl" || { echo "run $run (killed at $DELAY ms): the export is neither the before nor the after state" >&2; ok=false; }
    fi
    [ "$state" = before ] && befores=$((befores + 1)) || afters=$((afters + 1))
    $ok || failures=$((failures + 1))
    echo "run $run: killed at $DELAY ms of $TOOK, $($ok && echo ok || echo FAILED)" >&2
done
echo "kill -9 of the server during an HTTP import: $RUNS runs, $killed killed while the POST was in flight, $finished after it answered; $befores ended in the before state, $afters in the after state; $failures failures"
[ "$failures" -eq 0 ]
