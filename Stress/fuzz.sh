#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets of Fuzzing/ (one per input format and the query
# language) with AddressSanitizer, and runs each from its seeds with a 1 s hang limit. A trap
# (a crash, a failed precondition, a broken round trip), a sanitizer report, a leak, or an input
# that takes over 1 s is a finding: libFuzzer stops that target and saves the input.
#
#   Stress/fuzz.sh                          # every target, 1,000,000 executions each
#   Stress/fuzz.sh --runs 200000 query      # some targets, N executions each
#   Stress/fuzz.sh --seconds 60 crawl jsonl # S seconds each
#   Stress/fuzz.sh --ci                     # every target for 20 s (CI_SECONDS), as CI runs it
#
# Seeds: Fuzzing/Corpus/<target>/ (committed), plus for the crawl target a handful of files of
# ../shared/corpus/rmrb-crawl where that is beside the checkout (read in place: that corpus is
# not ours to commit). Fuzzing/Dictionaries/<target>.dict and Fuzzing/Flags/<target>.flags are
# used where present. New inputs, findings (artifacts/), the log and the slowest input
# (slowest-unit) go to Fuzzing/.build/runs/<target>/ (WORK), made afresh each run. Prints per
# target: executions, exec/s, crashes, sanitizer reports, hangs, the slowest unit; then a table
# of all of them. Exits non-zero on any finding. Fuzzing/README.md says more.
#
# JOBS (default 2) is the build's parallelism; CONFIG (debug) the build configuration, release
# for 2 to 10 times the executions a second (Swift keeps its bounds, overflow and exclusivity
# checks at -O); SEED fixes libFuzzer's seed.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=1000000
DURATION=""
TARGETS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; DURATION=""; shift 2 ;;
        --seconds) DURATION=$2; shift 2 ;;
        --ci) DURATION=${CI_SECONDS:-20}; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
        *) TARGETS+=("${1#fuzz-}"); shift ;;
    esac
done

ALL=$(cd Fuzzing/Sources && ls -d fuzz-* | sed 's/^fuzz-//')
[ ${#TARGETS[@]} -gt 0 ] || read -r -a TARGETS <<< "$(echo $ALL)"
for t in "${TARGETS[@]}"; do
    grep -qx "$t" <<< "$ALL" || { echo "no fuzz target “$t” (there are: $(echo $ALL))" >&2; exit 2; }
done

JOBS=${JOBS:-2}
WORK=${WORK:-Fuzzing/.build/runs}
CORPUS=${CORPUS:-../shared/corpus/rmrb-crawl}
# `--sanitize fuzzer` makes SwiftPM link libFuzzer's main in place of the targets' own (they are
# compiled as libraries). The compiler keeps only the last `-sanitize=` it is given, so
# `--sanitize fuzzer --sanitize address` would build without coverage: the one flag below, last,
# asks for both.
BUILD=(swift build --package-path Fuzzing -c "${CONFIG:-debug}" --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address)

echo "== build: ${BUILD[*]} -j $JOBS" >&2
# gold warns about every AddressSanitizer helper it cannot export; those lines say nothing.
"${BUILD[@]}" -j "$JOBS" 2>&1 | { grep -v "Cannot export local symbol" || true; } >&2
BIN=$("${BUILD[@]}" --show-bin-path)

if [ -n "$DURATION" ]; then LIMIT=(-max_total_time="$DURATION"); else LIMIT=(-runs="$RUNS"); fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=suppressions=$PWD/Fuzzing/lsan.supp
# Scan targets write each input to a file beside the files it names: in memory where possible.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    export TMPDIR=$(mktemp -d /dev/shm/broadsheet-fuzz.XXXXXX)
    trap 'rm -rf "$TMPDIR"' EXIT
fi
# Swift's own crash backtracer reads the crashed thread's stack from another thread, which
# AddressSanitizer reports as an overflow of its own; libFuzzer prints the stack instead.
export SWIFT_BACKTRACE=enable=no

rows=()
failed=0
for t in "${TARGETS[@]}"; do
    dir="$WORK/$t"
    rm -rf "$dir"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    seeds=("Fuzzing/Corpus/$t")
    if [ "$t" = crawl ] && [ -d "$CORPUS" ]; then
        # Every 500th file in name order: 13 files across the three months.
        mkdir -p "$dir/real-seeds"
        find "$CORPUS" -name '*.txt' | LC_ALL=C sort | awk 'NR % 500 == 1' | while read -r f; do
            cp "$f" "$dir/real-seeds/"
        done
        seeds+=("$dir/real-seeds")
    fi
    args=(-timeout=1 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "${LIMIT[@]}")
    [ ! -f "Fuzzing/Dictionaries/$t.dict" ] || args+=(-dict="Fuzzing/Dictionaries/$t.dict")
    [ ! -f "Fuzzing/Flags/$t.flags" ] || while read -r flag; do args+=("$flag"); done < <(grep -v '^#' "Fuzzing/Flags/$t.flags" | grep .)
    [ -z "${SEED:-}" ] || args+=(-seed="$SEED")
    echo "== $t: $BIN/fuzz-$t ${args[*]} $dir/corpus ${seeds[*]}" >&2
    start=$(date +%s)
    status=0
    FUZZ_SLOWEST_UNIT="$dir/slowest-unit" "$BIN/fuzz-$t" "${args[@]}" "$dir/corpus" "${seeds[@]}" > "$dir/log" 2>&1 || status=$?
    took=$(( $(date +%s) - start ))

    stat() { sed -n "s/^stat::$1: *//p" "$dir/log" | tail -1; }
    executions=$(stat number_of_executed_units); executions=${executions:-0}
    rate=$(stat average_exec_per_sec); rate=${rate:-0}
    added=$(stat new_units_added); added=${added:-0}
    slowest=$(sed -n 's/^slowest unit: //p' "$dir/log" | tail -1); slowest=${slowest:--}
    warm=$(sed -n 's/^warm-up: //p' "$dir/log" | tail -1)
    crashes=$(find "$dir/artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'oom-*' \) | wc -l)
    hangs=$(find "$dir/artifacts" -type f -name 'timeout-*' | wc -l)
    reports=$(grep -c -E '^==[0-9]+==ERROR: (AddressSanitizer|LeakSanitizer)' "$dir/log" || true)
    seedcount=$(find "${seeds[@]}" -type f | wc -l)
    result=ok
    if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ] || [ "$reports" -gt 0 ]; then
        result="FAILED (exit $status; log $dir/log)"
        failed=1
        grep -E 'ERROR|Fatal error|property broken|deadly signal|ALARM|Test unit written' "$dir/log" | head -5 >&2 || true
    fi
    printf '%s: %s executions at %s exec/s from %s seeds (%s new units) in %s s; crashes %s, sanitizer reports %s, hangs over 1 s %s; slowest unit %s (warm-up %s); %s\n' \
        "$t" "$executions" "$rate" "$seedcount" "$added" "$took" "$crashes" "$reports" "$hangs" "$slowest" "${warm:--}" "$result"
    rows+=("$t|$executions|$rate|$crashes|$reports|$hangs|$slowest|$took s|$result")
done

echo
printf '| %-12s | %10s | %7s | %7s | %17s | %14s | %-22s | %7s | %s\n' target executions exec/s crashes "sanitizer reports" "hangs over 1 s" "slowest unit" time result
for row in "${rows[@]}"; do
    IFS='|' read -r t e r c s h w took res <<< "$row"
    printf '| %-12s | %10s | %7s | %7s | %17s | %14s | %-22s | %7s | %s\n' "$t" "$e" "$r" "$c" "$s" "$h" "$w" "$took" "$res"
done
exit $failed
