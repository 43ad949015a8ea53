#!/usr/bin/env bash
# Attack corpus: Stress/attack.py sends XSS, SQL-injection, path-traversal, CRLF header-injection
# and oversized payloads through every route parameter and query field of `broadsheet serve`
# (routes and fields read from the code), with a write token so that imports, withdrawals and
# restores are attacked too, and checks every answer: no 5xx, no unescaped reflection, no file
# outside the static set, no SQL error text, no injected header. Afterwards the archive must
# still verify and the server must have logged no failed request. Exits non-zero on any finding.
#
#   Stress/attack.sh                                  # the crawl archive if present, else Samples/
#   SMOKE=1 Stress/attack.sh                          # a few payloads of each class, over Samples/ (CI)
#
# Where the scan fixtures (../shared/fixtures/scans) and the vips command are there, their page
# images are imported too, so that /media and /iiif serve real files under attack.
#   BIN=.build-rel/release/broadsheet WORKERS=4 Stress/attack.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=${SMOKE:-}
CORPUS=${CORPUS:-../shared/corpus/rmrb-crawl}
PORT=${PORT:-18750}
WORKERS=${WORKERS:-4}
WORK=${WORK:-$(mktemp -d /tmp/broadsheet-attack.XXXXXX)}
BIN=${BIN:-}

if [ -z "$BIN" ]; then
    swift build -c release --scratch-path .build-rel --product broadsheet >&2
    BIN=.build-rel/release/broadsheet
fi

if [ -z "$SMOKE" ] && [ -d "$CORPUS" ]; then
    ARCHIVE="the crawl"
    "$BIN" import --db "$WORK/archive.sqlite" --paper 人民日报 "$CORPUS" >"$WORK/import.log" 2>&1
else
    ARCHIVE="Samples/"
    "$BIN" import --db "$WORK/archive.sqlite" Samples/ >"$WORK/import.log" 2>&1
fi
# Scans with their page images, so that /media and /iiif serve real files (needs the vips command).
SCANS=${SCANS:-../shared/fixtures/scans}
if [ -d "$SCANS/ndnp" ] && command -v vips >/dev/null; then
    ARCHIVE="$ARCHIVE and the scan fixtures with their page images"
    "$BIN" import --db "$WORK/archive.sqlite" --media "$WORK/media" "$SCANS/ndnp/batch_local" >>"$WORK/import.log" 2>&1
    [ -n "$SMOKE" ] || "$BIN" import --db "$WORK/archive.sqlite" --media "$WORK/media" --paper "The Deseret News" \
        "$SCANS/article-segmented/batch_deseret_news" >>"$WORK/import.log" 2>&1
fi
TOKEN=$("$BIN" tokens create attack --db "$WORK/archive.sqlite" 2>/dev/null)

IDLE=5
"$BIN" serve --db "$WORK/archive.sqlite" --media "$WORK/media" --port "$PORT" --log-level error --idle-timeout "$IDLE" >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

echo "attack over $ARCHIVE; server log and archive in $WORK" >&2
set +e
# Open files once the store has opened its reader connections (it opens them as concurrency needs).
seq 1 64 | xargs -P 16 -I{} curl -fsS -o /dev/null "http://127.0.0.1:$PORT/search?q=%E4%BA%BA%E6%B0%91&p={}" 2>/dev/null || true
FD0=$(ls /proc/$SERVER/fd | wc -l)
python3 Stress/attack.py --port "$PORT" --token "$TOKEN" --workers "$WORKERS" --idle-timeout "$IDLE" ${SMOKE:+--smoke}
STATUS=$?
FD1=$(ls /proc/$SERVER/fd | wc -l)
set -e
kill $SERVER 2>/dev/null || true
wait $SERVER 2>/dev/null || true

LOGGED=$(grep -c "request failed" "$WORK/serve.log" || true)
VERIFY=$("$BIN" verify --db "$WORK/archive.sqlite" --media "$WORK/media" 2>&1 | tail -1)
"$BIN" verify --db "$WORK/archive.sqlite" --media "$WORK/media" >/dev/null 2>&1 && VERIFIED=0 || VERIFIED=1
echo "  server: $LOGGED failed requests in its log; open files $FD0 before the attack, $FD1 after; the archive afterwards:$VERIFY"
[ "$STATUS" -eq 0 ] && [ "$LOGGED" -eq 0 ] && [ "$VERIFIED" -eq 0 ] && [ "$FD1" -le "$FD0" ]
