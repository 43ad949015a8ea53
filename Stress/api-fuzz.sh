#!/usr/bin/env bash
# API fuzzing: schemathesis (from PyPI, in a venv under /tmp) runs every check it has against
# /api/v1/openapi.json of `broadsheet serve` over an archive of the crawl (or of Samples/ where
# the crawl is absent) and the scan fixtures with their page images, with a write token, so the
# write operations are exercised past their 401 and its stateful phase chains imports,
# withdrawals, restores and reads. It prints the test cases run, the server errors (ST101, and
# 500s in the server's log) and the responses that violate the document (every other failure
# code), and exits non-zero on any of them.
#
#   Stress/api-fuzz.sh                                   # MAX_EXAMPLES=100
#   MAX_EXAMPLES=300 SEED=7 BIN=.build-rel/release/broadsheet Stress/api-fuzz.sh
#
# Stress/api-fuzz.toml and Stress/api_fuzz_hooks.py hold the few rejections of schema-valid
# requests that the document gives in words only (the query language's grammar, a file's
# content); the hook checks each one's reason.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_EXAMPLES=${MAX_EXAMPLES:-100}
SEED=${SEED:-$$}
# One worker: with more, the stateful phase's scenarios run side by side on one archive, and
# one's restore can land between another's DELETE and GET (an ST301 no scenario explains).
WORKERS=${WORKERS:-1}
CORPUS=${CORPUS:-../shared/corpus/rmrb-crawl}
PORT=${PORT:-18740}
WORK=${WORK:-$(mktemp -d /tmp/broadsheet-api-fuzz.XXXXXX)}
VENV=${VENV:-/tmp/broadsheet-schemathesis}
SCHEMATHESIS=${SCHEMATHESIS:-schemathesis==4.32.5}
BIN=${BIN:-}

if [ -z "$BIN" ]; then
    swift build -c release --scratch-path .build-rel --product broadsheet >&2
    BIN=.build-rel/release/broadsheet
fi
if [ ! -x "$VENV/bin/schemathesis" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "$SCHEMATHESIS" >&2
fi

if [ -d "$CORPUS" ]; then
    ARCHIVE="the crawl ($CORPUS)"
    "$BIN" import --db "$WORK/archive.sqlite" --paper 人民日报 "$CORPUS" >"$WORK/import.log" 2>&1
else
    ARCHIVE="Samples/ (no crawl at $CORPUS)"
    "$BIN" import --db "$WORK/archive.sqlite" Samples/ >"$WORK/import.log" 2>&1
fi
# Scans with their page images, so that pages answer with their image fields (needs vips).
SCANS=${SCANS:-../shared/fixtures/scans}
if [ -d "$SCANS/ndnp" ] && command -v vips >/dev/null; then
    ARCHIVE="$ARCHIVE and the scan fixtures"
    "$BIN" import --db "$WORK/archive.sqlite" --media "$WORK/media" "$SCANS/ndnp/batch_local" >>"$WORK/import.log" 2>&1
    "$BIN" import --db "$WORK/archive.sqlite" --media "$WORK/media" --paper "The Deseret News" \
        "$SCANS/article-segmented/batch_deseret_news" >>"$WORK/import.log" 2>&1
fi
TOKEN=$("$BIN" tokens create api-fuzz --db "$WORK/archive.sqlite" 2>/dev/null)

"$BIN" serve --db "$WORK/archive.sqlite" --media "$WORK/media" --port "$PORT" --log-level error >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

echo "schemathesis $("$VENV/bin/schemathesis" --version | awk '{print $NF}') against $ARCHIVE, seed $SEED, $MAX_EXAMPLES examples per operation; output in $WORK" >&2
set +e
# Run from $WORK, where schemathesis keeps its cache.
STRESS=$(pwd)/Stress
(cd "$WORK" && PYTHONPATH="$STRESS" PYTHONDONTWRITEBYTECODE=1 SCHEMATHESIS_HOOKS=api_fuzz_hooks \
    "$VENV/bin/schemathesis" --config-file "$STRESS/api-fuzz.toml" run \
    "http://127.0.0.1:$PORT/api/v1/openapi.json" --checks all -H "Authorization: Bearer $TOKEN" \
    --seed "$SEED" --max-examples "$MAX_EXAMPLES" -w "$WORKERS" --report json,ndjson --report-dir "$WORK/report" \
    >"$WORK/schemathesis.txt" 2>&1)
STATUS=$?
set -e
kill $SERVER 2>/dev/null || true
wait $SERVER 2>/dev/null || true

REPORT=$(ls "$WORK"/report/*.json 2>/dev/null | head -1)
EVENTS=$(ls "$WORK"/report/*.ndjson 2>/dev/null | head -1)
[ -n "$REPORT" ] || { echo "schemathesis wrote no report (exit $STATUS):" >&2; tail -30 "$WORK/schemathesis.txt" >&2; exit 1; }
LOGGED=$(grep -c "request failed" "$WORK/serve.log" || true)
python3 - "$REPORT" "$LOGGED" "$STATUS" "$EVENTS" <<'PY'
import json, sys
from urllib.parse import urlsplit
report, logged, status, events = json.load(open(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]

def restored_between():
    """ST301 (a read that succeeds after a DELETE) where the same scenario brought the article
    back with POST …/restore in between: schemathesis counts only a write to the deleted path or
    above it as re-creating a resource, and restore is beneath it."""
    explained, unexplained = 0, 0
    for line in open(events):
        finished = json.loads(line).get("ScenarioFinished")
        if not finished or not finished["recorder"].get("checks"):
            continue
        recorder = finished["recorder"]
        steps = sorted(((i["timestamp"], i["request"]["method"], urlsplit(i["request"]["uri"]).path, i["response"]["status_code"])
                        for i in recorder["interactions"].values() if i.get("response")), key=lambda x: x[0])
        for case, checks in recorder["checks"].items():
            if not any(c["name"] == "use_after_free" and c["status"] == "failure" for c in checks):
                continue
            read = recorder["interactions"][case]
            at, path = read["timestamp"], urlsplit(read["request"]["uri"]).path
            deletes = [s for s in steps if s[1] == "DELETE" and 200 <= s[3] < 300 and s[0] < at and path.startswith(s[2])]
            back = deletes and any(s[1] == "POST" and s[2] == deletes[-1][2] + "/restore" and 200 <= s[3] < 300
                                   and deletes[-1][0] < s[0] < at for s in steps)
            explained, unexplained = (explained + 1, unexplained) if back else (explained, unexplained + 1)
    return explained, unexplained

ops, cases = report["operations"], report["test_cases"]
server = sum(f["count"] for f in report["failures"] if f["code"] == "ST101")
violations = [f for f in report["failures"] if f["code"] != "ST101"]
explained = 0
if any(f["code"] == "ST301" for f in violations) and events:
    explained, unexplained = restored_between()
    if explained and not unexplained:
        violations = [f for f in violations if f["code"] != "ST301"]
print(f"api-fuzz: {ops['tested']} of {ops['total']} operations, {cases['generated']} test cases "
      f"({report['running_time']:.0f} s, seed {report['seed']}), phases "
      + ", ".join(f"{k} {v['status']}" for k, v in report["phases"].items()))
print(f"  server errors: {server} (ST101), {logged} logged by the server")
if explained and not any(f["code"] == "ST301" for f in violations):
    print(f"  reads after a DELETE (ST301): {explained}, each after a restore of the same article in its scenario, so not findings")
print(f"  responses that violate the document: {sum(f['count'] for f in violations)}")
for f in violations:
    print(f"    {f['code']} {f['title']}: {f['count']} ({', '.join(f['operations'])})")
if report["errors"]:
    print(f"  errors: {len(report['errors'])}")
# The report holds every failure; schemathesis's own exit status also counts the ST301s above.
sys.exit(1 if server or logged or violations or report["errors"] else 0)
PY
