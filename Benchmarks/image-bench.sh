#!/usr/bin/env bash
# Page-image benchmark over the scan fixtures (../shared/fixtures/scans: 8 Deseret News PDF
# pages, 2 NDNP JPEG 2000 scans). Prints, measured side by side in one run:
#   - derivative generation: `broadsheet import` of both sets into an empty archive and media
#     folder (display sizes, thumbnail, IIIF tiles, plus parsing and the archive write) against
#     `vips` alone making the same derivatives of the same files, in pages per minute and as a ratio;
#   - media bytes per page: originals and derivatives;
#   - under wrk: the page view (cached), the page view opened from a search (words marked,
#     rendered every time) and IIIF tile requests, req/s and p50/p99.
#
#   Benchmarks/image-bench.sh
#   ROUNDS=5 DURATION=20 Benchmarks/image-bench.sh
#
# Environment: SCANS (default ../shared/fixtures/scans), ROUNDS (imports timed, default 3),
# DURATION (seconds per wrk run, default 15), CONNECTIONS (default 16), PORT (default 18750),
# WORK (scratch, default ./bench-out/images), SCRATCH (SwiftPM scratch path, default .build-images-rel).
set -euo pipefail
cd "$(dirname "$0")/.."

SCANS=${SCANS:-../shared/fixtures/scans}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18750}
WORK=${WORK:-./bench-out/images}
SCRATCH=${SCRATCH:-.build-images-rel}
BASE="http://127.0.0.1:$PORT"

[ -d "$SCANS" ] || { echo "no $SCANS (set SCANS=…)" >&2; exit 1; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v vips >/dev/null || missing+=(libvips-tools)
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "-- building (release)"
swift build -c release --product broadsheet --scratch-path "$SCRATCH" 2>&1 | tail -1
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/broadsheet"
rm -rf "$WORK" && mkdir -p "$WORK"

# The page images the import derives from: each page's image as the batches name it.
images=("$SCANS"/article-segmented/batch_deseret_news/pages/pdf/*.pdf "$SCANS"/ndnp/batch_local/sn85058233/17082901001/1935080201/*.jp2)
PAGES=${#images[@]}

now() { date +%s.%N; }
vips_alone() { # OUT: the derivatives Broadsheet makes, made by the vips commands alone
    local out=$1 n=0
    for f in "${images[@]}"; do
        n=$((n + 1)); mkdir -p "$out/$n"
        w=$(vipsheader -f width "$f"); h=$(vipsheader -f height "$f")
        for target in 2000:large 1000:medium 200:thumb; do
            tw=${target%%:*}; [ "$tw" -gt "$w" ] && tw=$w
            th=$(( (h * tw + w - 1) / w ))
            vips thumbnail "$f" "$out/$n/${target##*:}.webp[Q=80]" "$tw" --height "$th"
        done
        vips dzsave "$f" "$out/$n/iiif" --layout iiif3 --tile-size 512 --suffix '.jpg[Q=82]' --id broadsheet
    done
}

echo "-- derivative generation, $PAGES pages, $ROUNDS rounds (import and vips alone alternate)"
ours=(); theirs=()
for r in $(seq 1 "$ROUNDS"); do
    rm -rf "$WORK/a.sqlite"* "$WORK/a.media" "$WORK/vips"
    t0=$(now)
    "$BIN" import --db "$WORK/a.sqlite" --paper "The Deseret News" "$SCANS/article-segmented/batch_deseret_news" "$SCANS/ndnp/batch_local" >/dev/null 2>&1
    t1=$(now)
    vips_alone "$WORK/vips"
    t2=$(now)
    ours+=("$(echo "$t1 - $t0" | bc -l)"); theirs+=("$(echo "$t2 - $t1" | bc -l)")
    printf "  round %d: broadsheet import %.2f s, vips alone %.2f s\n" "$r" "${ours[-1]}" "${theirs[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mo=$(median "${ours[@]}"); mv_=$(median "${theirs[@]}")
printf "  median: broadsheet import %.2f s = %.1f pages/min; vips alone %.2f s = %.1f pages/min; import/vips time %.2fx\n" \
    "$mo" "$(echo "$PAGES * 60 / $mo" | bc -l)" "$mv_" "$(echo "$PAGES * 60 / $mv_" | bc -l)" "$(echo "$mo / $mv_" | bc -l)"

echo "-- media bytes per page"
orig=$(find "$WORK/a.media" -name 'original.*' -printf '%s\n' | awk '{s+=$1} END {print s}')
images_orig=$(find "$WORK/a.media" \( -name 'original.pdf' -o -name 'original.jp2' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
derived=$(find "$WORK/a.media" -path '*/derived/*' -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
tiles=$(find "$WORK/a.media" -path '*/derived/iiif/*' -type f | wc -l)
printf "  originals %.2f MB/page (page images and PDFs %.2f MB/page, OCR and METS the rest); derivatives %.2f MB/page (%d tiles in all); derivatives/original images %.2fx\n" \
    "$(echo "$orig / $PAGES / 1048576" | bc -l)" "$(echo "$images_orig / $PAGES / 1048576" | bc -l)" \
    "$(echo "$derived / $PAGES / 1048576" | bc -l)" "$tiles" "$(echo "$derived / $images_orig" | bc -l)"

echo "-- serving ($CONNECTIONS connections, $DURATION s each)"
"$BIN" serve --db "$WORK/a.sqlite" --port "$PORT" --log-level warning >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
# Every tile of every page, as the IIIF service names them.
find "$WORK/a.media" -path '*/derived/iiif/*' -name 'default.jpg' | sed "s|^$WORK/a.media/../\([0-9a-f]*\)/derived/iiif/|/iiif/image/\1/|" >"$WORK/tiles.txt"
cat >"$WORK/tiles.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/tiles.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
run() { # NAME URL [SCRIPT]
    local args=(-t 2 -c "$CONNECTIONS" -d "${DURATION}s" --latency)
    [ -n "${3:-}" ] && args+=(-s "$3")
    wrk "${args[@]}" "$2" >"$WORK/$1.wrk"
    local rps p50 p99 errors
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.wrk")
    p50=$(awk '$1 == "50%" {print $2}' "$WORK/$1.wrk")
    p99=$(awk '$1 == "99%" {print $2}' "$WORK/$1.wrk")
    errors=$(awk '/Non-2xx/ {print $4}' "$WORK/$1.wrk")
    printf "  %-34s %9s req/s  p50 %8s  p99 %8s  non-2xx %s\n" "$1" "$rps" "$p50" "$p99" "${errors:-0}"
}
run "page view (cached)" "$BASE/papers/the-deseret-news/1850-06-15/pages/1"
run "page view, search words marked" "$BASE/papers/the-park-record-park-city-ut/1935-08-02/pages/2?q=Eccles"
run "IIIF tiles ($(wc -l <"$WORK/tiles.txt") in rotation)" "$BASE" "$WORK/tiles.lua"
run "page thumbnail" "$BASE$(grep -o '/media/[0-9a-f]*/derived/thumb.webp' <(curl -s "$BASE/papers/the-deseret-news/1850-06-15/pages/1") | head -1)"
