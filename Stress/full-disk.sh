#!/usr/bin/env bash
# Full disk: an archive holding one month of the crawl, on a small file system of its own (a
# tmpfs with size=, else a loop-mounted ext4 file; needs root), takes an import of the other
# months, which fills the file system in the middle. Checks: the import exits non-zero with a
# clear "disk full" message naming the archive, the archive is unchanged (JSONL export equal to
# before, integrity_check ok, verify clean) and usable (stats, a search, and an import that fits).
#
#   sudo Stress/full-disk.sh              # SIZE=40m, the corpus beside the checkout
#
# Builds the release binary once (or takes BIN). Prints the figures; exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${SIZE:-48m}
CORPUS=${CORPUS:-../shared/corpus/rmrb-crawl}
FIRST_MONTH=${FIRST_MONTH:-2019年2月}
WORK=$(mktemp -d /tmp/broadsheet-full.XXXXXX)
MNT="$WORK/mnt"
BIN=${BIN:-}

[ -d "$CORPUS" ] || { echo "skipped: no corpus at $CORPUS" >&2; exit 0; }
[ "$(id -u)" -eq 0 ] || { echo "skipped: mounting a small file system needs root" >&2; exit 0; }
if [ -z "$BIN" ]; then
  swift build -c release --product broadsheet >&2
  BIN=$(swift build -c release --show-bin-path)/broadsheet
fi
REST=()
for d in "$CORPUS"/*/; do [ "$(basename "$d")" = "$FIRST_MONTH" ] || REST+=("$d"); done

mkdir -p "$MNT"
cleanup() { umount "$MNT" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
if mount -t tmpfs -o size="$SIZE" tmpfs "$MNT" 2>/dev/null; then
  fs="tmpfs, size=$SIZE"
else
  truncate -s "$SIZE" "$WORK/disk.img"
  mkfs.ext4 -q "$WORK/disk.img"
  mount -o loop "$WORK/disk.img" "$MNT"
  fs="loop-mounted ext4, $SIZE"
fi
DB="$MNT/archive.sqlite"

# The month is imported beside, then copied in: importing it there would need room for its
# write-ahead log as well (30 MB beside the 21 MB archive until the import closes).
"$BIN" import --db "$WORK/month.sqlite" --paper 人民日报 "$CORPUS/$FIRST_MONTH" >/dev/null 2>&1
cp "$WORK/month.sqlite" "$DB"
"$BIN" export --db "$DB" --format jsonl --output "$WORK/before.jsonl"
kb_before=$(( $(stat -c %s "$DB") / 1024 ))
avail_before=$(df -k --output=avail "$MNT" | tail -1)
echo "file system: $fs; archive with $FIRST_MONTH: $kb_before KB, $((avail_before / 1024)) MB free" >&2

failures=0
fail() { echo "FAILED: $*"; failures=$((failures + 1)); }

# Watch the file system fill while the import runs: the most it used, and when.
( peak=0; start=$(date +%s.%N)
  while [ ! -e "$WORK/import.done" ]; do
    used=$(df -k --output=used "$MNT" | tail -1)
    if (( used > peak )); then peak=$used; echo "$peak $(echo "$(date +%s.%N) - $start" | bc)" > "$WORK/peak"; fi
    sleep 0.05
  done ) &
watcher=$!
t0=$(date +%s.%N)
set +e
"$BIN" import --db "$DB" --paper 人民日报 "${REST[@]}" >"$WORK/import.out" 2>"$WORK/import.err"
status=$?
set -e
seconds=$(echo "$(date +%s.%N) - $t0" | bc)
touch "$WORK/import.done"; wait "$watcher" || true
read -r peak peak_at < "$WORK/peak"
total=$(df -k --output=size "$MNT" | tail -1)
echo "import of the rest: exit $status; its error:"
grep -v '^reading\|^writing' "$WORK/import.err" | sed 's/^/  /'
[ "$status" -ne 0 ] || fail "the import succeeded: the file system did not fill (make SIZE smaller)"
grep -q "disk full" "$WORK/import.err" || fail "no \"disk full\" in the error"
grep -qF "$DB" "$WORK/import.err" || fail "the error does not name the archive"

files_after=$(cd "$MNT" && ls -s --block-size=K | tr '\n' ' ')
integrity=$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1 || true)
[ "$integrity" = ok ] || fail "integrity_check: $integrity"
"$BIN" export --db "$DB" --format jsonl --output "$WORK/after.jsonl" || fail "export after the failed import"
cmp -s "$WORK/before.jsonl" "$WORK/after.jsonl" || fail "the archive changed"
"$BIN" verify --db "$DB" >"$WORK/verify.out" 2>&1 || fail "verify: $(tail -3 "$WORK/verify.out")"
"$BIN" stats --db "$DB" >/dev/null || fail "stats"
"$BIN" search --db "$DB" 人民 >"$WORK/search.out" || fail "search"
hits=$(head -1 "$WORK/search.out")
# Usable for writing too: an import that fits (the sample edition) lands.
"$BIN" import --db "$DB" Samples/ >/dev/null 2>"$WORK/small.err" || fail "a small import after the full disk: $(cat "$WORK/small.err")"
articles_before=$(wc -l < "$WORK/before.jsonl")
echo "full-disk ($fs): archive of $FIRST_MONTH $kb_before KB with $((avail_before / 1024)) MB free; the import of the rest used up to $((peak / 1024)) of $((total / 1024)) MB at ${peak_at} s and ended after ${seconds} s"
echo "  import exit $status, \"disk full\" named the archive: $(grep -qF "$DB" "$WORK/import.err" && grep -q 'disk full' "$WORK/import.err" && echo yes || echo no)"
echo "  archive unchanged: $(cmp -s "$WORK/before.jsonl" "$WORK/after.jsonl" && echo "yes ($articles_before articles, export identical)" || echo no); integrity_check: $integrity; verify: $(tail -1 "$WORK/verify.out" | sed 's/^ *//')"
echo "  usable afterwards: stats, search, and an import of Samples/ $( [ "$failures" -eq 0 ] && echo ok || echo '(see above)')"
echo "  after the failed import the file system holds: $files_after"
echo "  failures: $failures"
[ "$failures" -eq 0 ]
