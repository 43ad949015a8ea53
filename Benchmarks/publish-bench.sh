#!/usr/bin/env bash
# Publishing benchmark: readers keep reading article pages (wrk, 32 connections) while a whole
# month of the crawl is posted through POST /api/v1/imports, one zip per day, as a newsroom
# would. Prints the readers' non-2xx/3xx count, their p99 idle and during the ingest (and the
# ratio), import throughput over HTTP against `broadsheet import` of the same month on the
# command line, and the time from each POST's answer to its edition being served.
#
#   Benchmarks/publish-bench.sh
#   MONTH=2020年1月 DURATION=20 Benchmarks/publish-bench.sh
#
# Environment: CORPUS (default ../shared/corpus/rmrb-crawl), MONTH (the month posted; the
# other two are the archive readers read), DURATION (seconds of the idle measurement, default
# 20), PORT (default 18700), WORK (scratch, default ./bench-out/publish), SCRATCH (SwiftPM
# scratch path, default .build-publish-rel).
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${CORPUS:-../shared/corpus/rmrb-crawl}
MONTH=${MONTH:-2019年10月}
DURATION=${DURATION:-20}
PORT=${PORT:-18700}
WORK=${WORK:-./bench-out/publish}
SCRATCH=${SCRATCH:-.build-publish-rel}
BASE="http://127.0.0.1:$PORT"

[ -d "$CORPUS/$MONTH" ] || { echo "no $CORPUS/$MONTH (set CORPUS=…, MONTH=…)" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi

echo "-- building (release)"
swift build -c release --product broadsheet --scratch-path "$SCRATCH" 2>&1 | tail -1
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/broadsheet"

rm -rf "$WORK" && mkdir -p "$WORK/zips"
DB="$WORK/archive.sqlite"
others=()
for m in "$CORPUS"/*/; do [ "$(basename "$m")" = "$MONTH" ] || others+=("$m"); done
echo "-- the archive readers read: ${others[*]}"
"$BIN" import --db "$DB" --paper 人民日报 "${others[@]}" >/dev/null
cp "$DB" "$WORK/cli.sqlite"
TOKEN=$("$BIN" tokens create bench --db "$DB" 2>/dev/null)

python3 - "$CORPUS/$MONTH" "$WORK" <<'PY'
import os, sys, zipfile
month, work = sys.argv[1], sys.argv[2]
for day in sorted(os.listdir(month)):
    with zipfile.ZipFile(f"{work}/zips/{day}.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(os.listdir(f"{month}/{day}")):
            z.write(f"{month}/{day}/{name}", f"{day}/{name}")
# The pages readers read: every article of the archive's other months, by file name.
paths = []
for m in sorted(os.listdir(os.path.dirname(month))):
    if os.path.join(os.path.dirname(month), m) == month: continue
    for day in sorted(os.listdir(os.path.join(os.path.dirname(month), m))):
        for name in sorted(os.listdir(os.path.join(os.path.dirname(month), m, day))):
            paths.append("/articles/rmrb-" + name[:-4])
with open(f"{work}/paths.lua", "w") as f:
    f.write("paths = {" + ",".join('"%s"' % p for p in paths[::7]) + "}\n")
    f.write("i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n")
PY

"$BIN" serve --db "$DB" --port "$PORT" --log-level warning --page-cache 0 >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

echo "-- readers alone, ${DURATION}s"
wrk -t2 -c32 -d"${DURATION}s" --latency -s "$WORK/paths.lua" "$BASE" >"$WORK/idle.txt"
echo "-- readers while $MONTH is posted, one zip a day"
wrk -t2 -c32 -d600s --latency -s "$WORK/paths.lua" "$BASE" >"$WORK/during.txt" &
WRK=$!
sleep 2
python3 - "$BASE" "$TOKEN" "$WORK" <<'PY' | tee "$WORK/post.txt"
import os, sys, time, urllib.request
base, token, work = sys.argv[1:4]
post_seconds, delays = 0.0, []
for z in sorted(os.listdir(f"{work}/zips")):
    data = open(f"{work}/zips/{z}", "rb").read()
    day = z[:-4]
    req = urllib.request.Request(f"{base}/api/v1/imports?name={z}&paper=%E4%BA%BA%E6%B0%91%E6%97%A5%E6%8A%A5", data=data, method="POST",
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/zip"})
    start = time.monotonic()
    with urllib.request.urlopen(req) as r:
        assert r.status == 200, r.status
    answered = time.monotonic()
    post_seconds += answered - start
    url = f"{base}/papers/rmrb/{day[:4]}-{day[4:6]}-{day[6:]}"
    while True:
        try:
            with urllib.request.urlopen(url) as r:
                if r.status == 200: break
        except Exception:
            pass
        time.sleep(0.01)
    delays.append(time.monotonic() - answered)
print(f"posted {len(delays)} days in {post_seconds:.1f} s of POSTs; served after the answer: max {max(delays)*1000:.0f} ms, median {sorted(delays)[len(delays)//2]*1000:.0f} ms")
print(f"POSTSECONDS {post_seconds:.3f}")
PY
kill -INT $WRK 2>/dev/null || true
wait $WRK 2>/dev/null || true

MB=$(du -sb "$CORPUS/$MONTH" | cut -f1)
START=$(date +%s.%N)
"$BIN" import --db "$WORK/cli.sqlite" --paper 人民日报 "$CORPUS/$MONTH" >/dev/null
CLI=$(echo "$(date +%s.%N) - $START" | bc)
POST=$(grep POSTSECONDS "$WORK/post.txt" | cut -d' ' -f2)

python3 - "$WORK" "$MB" "$POST" "$CLI" <<'PY'
import re, sys
work, size, post, cli = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
def read(name):
    t = open(f"{work}/{name}").read()
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", t)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", t)
    return float(p99.group(1)) * scale, int(bad.group(1)) if bad else 0, float(rps.group(1))
idle, during = read("idle.txt"), read("during.txt")
print(f"readers idle:   {idle[2]:,.0f} req/s, p99 {idle[0]:.1f} ms, non-2xx/3xx {idle[1]}")
print(f"readers during: {during[2]:,.0f} req/s, p99 {during[0]:.1f} ms, non-2xx/3xx {during[1]}  (p99 {during[0]/idle[0]:.2f}× idle; target ≤ 3×)")
print(f"import over HTTP: {size/1e6/post:.2f} MB/s ({post:.1f} s); broadsheet import: {size/1e6/cli:.2f} MB/s ({cli:.1f} s); HTTP/CLI {cli/post:.2f}")
PY
