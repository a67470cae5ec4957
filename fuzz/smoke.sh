#!/usr/bin/env bash
# A bounded fuzz run of every target (CI): fuzz/smoke.sh [SECONDS-per-target, default 30].
# Prints one line per target (executions, exec/s, outcome); exits 1 if any target found anything or failed to run.
set -uo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-30}"

"$fuzz/run.sh" --build || { echo "smoke: build failed" >&2; exit 2; }
mapfile -t targets < <("$fuzz/run.sh" --list)
[[ ${#targets[@]} -gt 0 ]] || { echo "smoke: no targets" >&2; exit 2; }

failed=0
for t in "${targets[@]}"; do
    log="$fuzz/work/$t/smoke.log"
    mkdir -p "$fuzz/work/$t"
    before=$(find "$fuzz/work/$t/crashes" -type f 2>/dev/null | wc -l)
    # Bounded twice: libFuzzer's -max_total_time, and a hard kill well after it should have ended.
    timeout --kill-after=10 $((seconds + 120)) "$fuzz/run.sh" "$t" "$seconds" >"$log" 2>&1
    rc=$?
    after=$(find "$fuzz/work/$t/crashes" -type f 2>/dev/null | wc -l)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    if [[ $rc -eq 0 && $after -eq $before ]]; then
        outcome="ok"
    else
        outcome="FINDING (exit $rc, $((after - before)) new file(s) in fuzz/work/$t/crashes; log: $log)"
        failed=1
    fi
    printf '%-18s execs=%-10s exec/s=%-8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$outcome"
done
exit $failed
