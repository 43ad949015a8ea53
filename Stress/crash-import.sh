#!/usr/bin/env bash
# Crashes during import: kill -9 `broadsheet import` of the crawl corpus at a random moment,
# RUNS times, cycling through an empty archive (no file yet) and a non-empty one (one month
# imported first, then the other two), and two kinds of moment: anywhere in the import (reading,
# parsing, writing editions, indexing), or in its last stretch (after the last edition is written:
# FTS5's merge, the commit, the checkpoint), which a uniform draw rarely hits. After each kill: `PRAGMA integrity_check` (sqlite3) must
# say ok, `broadsheet verify` must find nothing (fixity and both search indexes), and the JSONL
# export must equal exactly the state before the import or the state after it.
#
#   Stress/crash-import.sh                       # RUNS=50, the corpus beside the checkout
#   RUNS=10 SEED=7 Stress/crash-import.sh
#
# Builds the release binary once (or takes BIN). Prints the figures; exits non-zero on any
# failure, keeping the failing archives under $WORK.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-50}
SEED=${SEED:-$$}
CORPUS=${CORPUS:-../shared/corpus/rmrb-crawl}
FIRST_MONTH=${FIRST_MONTH:-2019年2月}
WORK=${WORK:-$(mktemp -d /tmp/broadsheet-crash.XXXXXX)}
BIN=${BIN:-}

[ -d "$CORPUS" ] || { echo "skipped: no corpus at $CORPUS" >&2; exit 0; }
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 1; }
if [ -z "$BIN" ]; then
  swift build -c release --product broadsheet >&2
  BIN=$(swift build -c release --show-bin-path)/broadsheet
fi
RANDOM=$SEED
REST=()
for d in "$CORPUS"/*/; do [ "$(basename "$d")" = "$FIRST_MONTH" ] || REST+=("$d"); done

now() { date +%s.%N; }

# The reference states, computed once: empty, the first month, everything (the first month then
# the rest, as the non-empty runs do it).
echo "reference states in $WORK" >&2
"$BIN" import --db "$WORK/ref-month.sqlite" --paper 人民日报 "$CORPUS/$FIRST_MONTH" >/dev/null
"$BIN" export --db "$WORK/ref-month.sqlite" --format jsonl --output "$WORK/month.jsonl"
cp "$WORK/ref-month.sqlite" "$WORK/month.sqlite"   # the non-empty runs start from a copy of this
# Runs an import in the background with its progress in $2.stderr; sets T (seconds in all) and
# E (seconds from the "indexing for search and committing" line to the end).
timed_import() {
  local db=$1 log=$2; shift 2
  local t0 tline="" pid
  t0=$(now)
  "$BIN" import --db "$db" --paper 人民日报 "$@" >/dev/null 2>"$log" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    [ -z "$tline" ] && grep -q "committing" "$log" && tline=$(now)
    sleep 0.02
  done
  wait "$pid"
  T=$(echo "$(now) - $t0" | bc)
  E=$(echo "$(now) - ${tline:-$t0}" | bc)
}
timed_import "$WORK/ref-month.sqlite" "$WORK/ref-rest.stderr" "${REST[@]}"
T_REST=$T; E_REST=$E
"$BIN" export --db "$WORK/ref-month.sqlite" --format jsonl --output "$WORK/all-after-month.jsonl"
timed_import "$WORK/ref-all.sqlite" "$WORK/ref-all.stderr" "$CORPUS"
T_ALL=$T; E_ALL=$E
"$BIN" export --db "$WORK/ref-all.sqlite" --format jsonl --output "$WORK/all.jsonl"
: > "$WORK/empty.jsonl"
echo "import times: whole corpus into an empty archive ${T_ALL} s (last stretch ${E_ALL} s), the rest into the month ${T_REST} s (${E_REST} s)" >&2

before=0; after=0; failures=0; finished=0; end_kills=0; no_schema=0
declare -a fractions=()
for run in $(seq 1 "$RUNS"); do
  db="$WORK/run-$run.sqlite"
  if (( run % 2 == 1 )); then
    kind=empty; span=$T_ALL; end_span=$E_ALL; before_ref="$WORK/empty.jsonl"; after_ref="$WORK/all.jsonl"
    args=("$CORPUS")
  else
    kind=month; span=$T_REST; end_span=$E_REST; before_ref="$WORK/month.jsonl"; after_ref="$WORK/all-after-month.jsonl"
    args=("${REST[@]}")
    cp "$WORK/month.sqlite" "$db"
  fi
  # A moment drawn uniformly over 1.15 times the measured span (anywhere: the whole import; at
  # the end: from the "committing" line on), so imports that run slower are covered too.
  f=$(( RANDOM % 11500 ))
  fraction=$(printf '%d.%04d' $(( f / 10000 )) $(( f % 10000 )))
  "$BIN" import --db "$db" --paper 人民日报 "${args[@]}" >/dev/null 2>"$WORK/run-$run.stderr" &
  pid=$!
  if (( (run - 1) % 4 < 2 )); then
    moment=anywhere
  else
    moment="at the end"; span=$end_span
    while kill -0 "$pid" 2>/dev/null && ! grep -q "committing" "$WORK/run-$run.stderr"; do sleep 0.01; done
  fi
  delay=$(echo "$span * $fraction" | bc -l)
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    if [ "$moment" = anywhere ]; then fractions+=("$fraction"); else end_kills=$((end_kills + 1)); fi
  else
    wait "$pid" 2>/dev/null || true
    finished=$((finished + 1))   # it ended before the kill came
  fi

  problem=""
  if [ -e "$db" ]; then
    integrity=$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1 || true)
    [ "$integrity" = "ok" ] || problem="integrity_check: $integrity"
    if [ -z "$problem" ] && ! "$BIN" verify --db "$db" >"$WORK/run-$run.verify" 2>&1; then
      if [ "$kind" = empty ] && grep -q "no archive here" "$WORK/run-$run.verify"; then
        # Killed before the new archive's schema committed: a database with no tables, which
        # every command reads as no archive, as before the import.
        no_schema=$((no_schema + 1))
        : > "$WORK/run-$run.jsonl"
      else
        problem="verify: $(tail -1 "$WORK/run-$run.verify")"
      fi
    fi
    if [ -z "$problem" ] && [ ! -e "$WORK/run-$run.jsonl" ]; then
      "$BIN" export --db "$db" --format jsonl --output "$WORK/run-$run.jsonl" 2>"$WORK/run-$run.export-err" \
        || problem="export: $(cat "$WORK/run-$run.export-err")"
    fi
  else
    # Killed before the archive file was created: the state before, with nothing to check.
    [ "$kind" = empty ] || problem="the archive file is gone"
    : > "$WORK/run-$run.jsonl"
  fi
  state=""
  if [ -z "$problem" ]; then
    if cmp -s "$WORK/run-$run.jsonl" "$before_ref"; then state=before; before=$((before + 1))
    elif cmp -s "$WORK/run-$run.jsonl" "$after_ref"; then state=after; after=$((after + 1))
    else problem="export equals neither the state before nor after"
    fi
  fi
  if [ -n "$problem" ]; then
    failures=$((failures + 1))
    echo "run $run ($kind, $moment, kill at $fraction of ${span} s): FAILED: $problem" >&2
  else
    echo "run $run ($kind, $moment, kill at $fraction of ${span} s): $state" >&2
    rm -f "$db" "$db-wal" "$db-shm" "$WORK/run-$run".*
  fi
done

early=0; middle=0; late=0; past=0
for f in "${fractions[@]}"; do
  if (( $(echo "$f < 0.3333" | bc) )); then early=$((early + 1))
  elif (( $(echo "$f < 0.6667" | bc) )); then middle=$((middle + 1))
  elif (( $(echo "$f < 1" | bc) )); then late=$((late + 1))
  else past=$((past + 1)); fi
done
echo "crash-import: $RUNS runs (seed $SEED), $((RUNS - RUNS / 2)) into an empty archive, $((RUNS / 2)) into one holding $FIRST_MONTH"
echo "  killed anywhere: ${#fractions[@]} (in the first third of the measured import time: $early, the middle third: $middle, the last third: $late, past it: $past)"
echo "  killed in the last stretch (merge, commit, checkpoint): $end_kills; ended before the kill: $finished"
echo "  archive equal to the state before: $before (of which a new file with no schema yet, read as no archive: $no_schema), after: $after"
echo "  failures: $failures"
[ "$failures" -eq 0 ] && rm -rf "$WORK"
[ "$failures" -eq 0 ]
