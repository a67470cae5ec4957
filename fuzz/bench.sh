#!/usr/bin/env bash
# libFuzzer exec/s for one target: fuzz/bench.sh TARGET [SECONDS, default 45] [RUNS, default 3].
# Each run starts from the committed seeds only (a fresh corpus folder), so runs are comparable; prints every run's
# exec/s with the load average at its end, then the median.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
target="${1:?usage: fuzz/bench.sh TARGET [SECONDS] [RUNS]}"
seconds="${2:-45}"
runs="${3:-3}"
"$fuzz/run.sh" --build
rates=()
for i in $(seq 1 "$runs"); do
    work="$(mktemp -d)"
    log="$work/log"
    # A throwaway work folder: each run starts from the committed seeds, and nothing is written into fuzz/work.
    SOCKSPEC_FUZZ_WORK="$work" LIBFUZZER_FLAGS="-seed=$i" "$fuzz/run.sh" "$target" "$seconds" >"$log" 2>&1 || true
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "run $i: ${execs:-?} execs, ${rate:-?} exec/s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    rates+=("${rate:-0}")
    rm -rf "$work"
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "$target: median $median exec/s over $runs run(s) of $seconds s"
