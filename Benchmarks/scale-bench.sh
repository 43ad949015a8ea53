#!/usr/bin/env bash
# A million articles behind the web reader: the search benchmark's corpus (real crawl headlines
# and paragraphs recombined, dated 1950–2019) written out as crawl files by `make-crawl`, loaded
# with `broadsheet import` as a new user loads a crawl, and served with the page cache off.
#
# For each size it prints:
#   - the import: files, MB, wall time, MB/s, articles/s, peak resident memory, archive size;
#   - wrk (one kind of page at a time, URLs drawn at random from the archive, page cache off):
#     requests/s, p50 and p99 for the home page, calendars, editions, articles, and the search
#     page (facets included) for 的, 中国, 发展 and a one-character query (国);
#   - the first search for 的 after the server starts (the per-revision arrays are read then);
#   - a soak mix of all of them for SOAK seconds, then the server's resident memory;
#   - the sitemap: files in the index and the most URLs in one file.
#
#   Benchmarks/scale-bench.sh                    # 200k and 1M
#   SIZES="200000" Benchmarks/scale-bench.sh     # one size
#
# Environment: OUT (default bench-out/scale: crawl files and archives, reused by the next run;
# about 6 GB at 1M), SCRATCH (release build folder, default .build-scale), BIN, DURATION (s per
# wrk run, default 15), CONNECTIONS (default 16), SOAK (s, default 120), REIMPORT=1 to import
# again, PORT (default 18400).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"200000 1000000"}
OUT=${OUT:-bench-out/scale}
SCRATCH=${SCRATCH:-.build-scale}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-16}
SOAK=${SOAK:-120}
PORT=${PORT:-18400}
CORPUS=${CORPUS:-../shared/corpus/rmrb-crawl}

[ -d "$CORPUS" ] || { echo "skipped: no corpus at $CORPUS"; exit 0; }
for p in wrk curl; do command -v $p >/dev/null || apt-get install -y -qq $p >/dev/null; done
if [ -z "${BIN:-}" ]; then
    swift build -c release --scratch-path "$SCRATCH" --product broadsheet 2>&1 | tail -1
    swift build -c release --scratch-path "$SCRATCH" --product make-crawl 2>&1 | tail -1
    BIN="$SCRATCH/release/broadsheet"
fi
MAKE_CRAWL=${MAKE_CRAWL:-$(dirname "$BIN")/make-crawl}
mkdir -p "$OUT"

SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null || true' EXIT

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# wrk over the URLs in a file (one path a line), drawn at random; prints req/s, p50, p99.
wrk_paths() {
    local label=$1 list=$2 seconds=$3
    cat >"$OUT/pick.lua" <<LUA
local paths = {}
for line in io.lines("$list") do paths[#paths + 1] = line end
math.randomseed(os.time())
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT %.1f %.1f %.1f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, non2xx))
end
LUA
    local line
    line=$(wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s -s "$OUT/pick.lua" "http://127.0.0.1:$PORT" | grep '^RESULT')
    read -r _ rps p50 p99 n bad <<<"$line"
    printf "  %-28s %8s req/s   p50 %7s ms   p99 %7s ms   (%s requests, %s not 2xx)\n" "$label" "$rps" "$p50" "$p99" "$n" "$bad"
}

for N in $SIZES; do
    echo "== $N articles"
    FILES="$OUT/crawl-$N"
    DB="$OUT/archive-$N.sqlite"
    if [ ! -d "$FILES" ]; then
        "$MAKE_CRAWL" "$N" "$FILES" | tail -1
    fi
    BYTES=$(find "$FILES/" -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }')
    COUNT=$(find "$FILES/" -name '*.txt' | wc -l)
    if [ ! -s "$DB" ] || [ "${REIMPORT:-0}" = 1 ]; then
        rm -f "$DB" "$DB-wal" "$DB-shm"
        /usr/bin/time -f "%e %M %U %S" -o "$OUT/import-$N.time" \
            "$BIN" import --db "$DB" --paper 人民日报 "$FILES" >"$OUT/import-$N.log" 2>"$OUT/import-$N.err"
        read -r wall peak user sys <"$OUT/import-$N.time"
        awk -v b="$BYTES" -v n="$COUNT" -v w="$wall" -v p="$peak" -v u="$user" -v s="$sys" 'BEGIN {
            printf "  import: %d files, %.1f MB in %.1f s: %.2f MB/s, %.0f articles/s; peak RSS %.0f MB; CPU %.0f s user + %.0f s sys\n",
                n, b / 1e6, w, b / 1e6 / w, n / w, p / 1024, u, s }'
    else
        echo "  import: reusing $DB (REIMPORT=1 to import again; the last import's figures: $(cat "$OUT/import-$N.time" 2>/dev/null || echo none))"
    fi
    SIZE=$(stat -c %s "$DB")
    awk -v d="$SIZE" -v b="$BYTES" 'BEGIN { printf "  archive: %.2f GB, %.1f× the files\n", d / 1e9, d / b }'

    "$BIN" serve --db "$DB" --port "$PORT" --page-cache 0 --log-level error >"$OUT/serve-$N.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -s -o /dev/null -w "  first search for 的 after start: %{time_total} s (the per-revision arrays are read here)\n" \
        "http://127.0.0.1:$PORT/search?q=%E7%9A%84"
    curl -s -o /dev/null -w "  first home page after start: %{time_total} s\n" "http://127.0.0.1:$PORT/"

    # URL lists from the archive itself (plain tables; python's sqlite3 reads them).
    python3 - "$DB" "$OUT" <<'PY'
import random, sqlite3, sys, urllib.parse
db, out = sys.argv[1], sys.argv[2]
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
random.seed(20191125)
n = c.execute("SELECT max(rowid) FROM article").fetchone()[0]
ids = []
while len(ids) < 2000:
    row = c.execute("SELECT id FROM article WHERE rowid = ?", (random.randint(1, n),)).fetchone()
    if row: ids.append(row[0])
dates = [r[0] for r in c.execute("SELECT date FROM edition WHERE paper = 'rmrb' ORDER BY random() LIMIT 2000")]
years = sorted({d[:4] for d in dates})
q = lambda s: urllib.parse.quote(s, safe="")
lists = {
    "home": ["/"],
    "calendar": ["/papers/rmrb"] + [f"/papers/rmrb?year={y}" for y in years],
    "edition": [f"/papers/rmrb/{d}" for d in dates],
    "article": [f"/articles/{q(i)}" for i in ids],
}
for term, name in [("的", "s-de"), ("中国", "s-zhongguo"), ("发展", "s-fazhan"), ("国", "s-guo")]:
    lists[name] = [f"/search?q={q(term)}"]
for name, paths in lists.items():
    with open(f"{out}/urls-{name}.txt", "w") as f: f.write("\n".join(paths) + "\n")
with open(f"{out}/urls-mix.txt", "w") as f:
    mix = lists["article"][:500] + lists["edition"][:300] + lists["calendar"] * 5 + ["/"] * 20
    mix += [f"/search?q={q(t)}" for t in ["的", "中国", "发展", "国", "改革开放", "长江", "乡村振兴", "一带一路"]] * 10
    mix += [f"/api/v1/articles/{q(i)}" for i in ids[500:700]] + [f"/api/v1/search?q={q(t)}" for t in ["中国", "人民"]] * 10
    f.write("\n".join(mix) + "\n")
PY
    echo "  wrk, page cache off, $CONNECTIONS connections, ${DURATION}s each:"
    wrk_paths "home /" "$OUT/urls-home.txt" "$DURATION"
    wrk_paths "calendar /papers/rmrb" "$OUT/urls-calendar.txt" "$DURATION"
    wrk_paths "edition (2,000 dates)" "$OUT/urls-edition.txt" "$DURATION"
    wrk_paths "article (2,000 ids)" "$OUT/urls-article.txt" "$DURATION"
    wrk_paths "search 的 (facets)" "$OUT/urls-s-de.txt" "$DURATION"
    wrk_paths "search 中国 (facets)" "$OUT/urls-s-zhongguo.txt" "$DURATION"
    wrk_paths "search 发展 (facets)" "$OUT/urls-s-fazhan.txt" "$DURATION"
    wrk_paths "search 国 (one character)" "$OUT/urls-s-guo.txt" "$DURATION"
    echo "  soak mix for ${SOAK}s (articles, editions, calendars, home, searches, API):"
    wrk_paths "mix" "$OUT/urls-mix.txt" "$SOAK"
    echo "  server resident memory after the mix: $(rss_mb $SERVER) MB"

    python3 - "$PORT" <<'PY'
import re, sys, urllib.request
port = sys.argv[1]
get = lambda p: urllib.request.urlopen(f"http://127.0.0.1:{port}{p}").read().decode()
index = get("/sitemap.xml")
children = re.findall(r"<loc>http://[^/]+(/[^<]+)</loc>", index)
most, total = 0, 0
for path in children:
    n = get(path).count("<url>")
    most, total = max(most, n), total + n
print(f"  sitemap: an index of {len(children)} files, {total} URLs, at most {most} in one file (limit 50,000)")
PY
    kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=
done
