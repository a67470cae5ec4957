#!/usr/bin/env bash
# End-to-end checks of the driver's crash paths with the hidden "selftest" target (see SelfTest/SelfTestTarget.cs):
# a managed exception, FailFast, a stack overflow and a hang must each be reported as a finding; a clean input must
# not; no shared-memory segment may outlive a run; the .NET child must die with a SIGKILLed driver.
# Usage: fuzz/driver/selftest.sh (after fuzz/run.sh --build). Prints one line per check and exits 1 on any failure.
set -uo pipefail
fuzz="$(cd "$(dirname "$0")/.." && pwd)"
driver="$fuzz/build/driver/sockspec-fuzz-driver"
app="$fuzz/build/app/Sockspec.Fuzz"
export SOCKSPEC_FUZZ_SELFTEST=1
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failed=0

check() {
    if [[ "$2" == 0 ]]; then echo "driver selftest: ok     $1"; else echo "driver selftest: FAILED $1"; failed=1; fi
}
segments() { ipcs -m | awk 'NR > 3 && NF > 0' | wc -l; }
run() { "$driver" --target_path="$app" --target_arg=selftest "$@" >"$tmp/out" 2>&1; }

before=$(segments)
for input in THROW FAILFAST RECURSE; do
    printf '%s' "$input" >"$tmp/$input"
    run -artifact_prefix="$tmp/" "$tmp/$input"
    rc=$?
    grep -q "deadly signal" "$tmp/out" && [[ $rc -ne 0 ]]
    check "$input is reported as a crash (exit $rc)" $?
done
printf 'HANG' >"$tmp/HANG"
run -timeout=2 -artifact_prefix="$tmp/" "$tmp/HANG"
rc=$?
grep -q "libFuzzer: timeout" "$tmp/out" && [[ $rc -ne 0 ]]
check "HANG is reported as a timeout (exit $rc)" $?
printf 'fine' >"$tmp/fine"
run "$tmp/fine"
check "a clean input passes" $?

# The map must reach libFuzzer as coverage: a real (instrumented) target's seeds must show features. Without this a
# driver that lost the map would still pass every check above.
"$driver" --target_path="$app" --target_arg=greeting -runs=0 "$fuzz/Corpora/greeting" >"$tmp/out" 2>&1
ft=$(sed -n 's/^#[0-9]*[[:space:]]*INITED ft: \([0-9]*\).*/\1/p' "$tmp/out" | head -1)
grep -q "Loaded 1 modules *(65536 inline 8-bit counters)" "$tmp/out" && [[ "${ft:-0}" -ge 20 ]]
check "the coverage map reaches libFuzzer (greeting's seeds: ft ${ft:-none})" $?

mkdir -p "$tmp/corpus"
printf 'x' >"$tmp/corpus/x"
# Started pinned: two drivers at once must each get a CPU of their own (when there are two), their children with them.
start_pinned() {
    # greeting, not selftest: an input without coverage would make libFuzzer exit at once ("no interesting inputs").
    "$driver" --pin_cpu=1 --target_path="$app" --target_arg=greeting -max_total_time=60 -artifact_prefix="$tmp/" \
        "$tmp/corpus" "$fuzz/Corpora/greeting" >/dev/null 2>&1 &
}
child_of() {
    local c=""
    for _ in $(seq 1 300); do
        c=$(pgrep -P "$1" | head -1)
        [[ -n "$c" ]] && grep -q "greeting" "/proc/$c/cmdline" 2>/dev/null && break
        sleep 0.1
    done
    echo "$c"
}
cpus_of() { sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null; }
start_pinned
pid=$!
start_pinned
pid2=$!
child=$(child_of "$pid")
child2=$(child_of "$pid2")
sleep 1
if [[ $(nproc) -ge 2 ]]; then
    a=$(cpus_of "$child") b=$(cpus_of "$child2")
    [[ "$a" =~ ^[0-9]+$ && "$b" =~ ^[0-9]+$ && "$a" != "$b" && "$(cpus_of "$pid")" == "$a" ]]
    check "two pinned drivers and their children run on CPUs of their own (${a:-?} and ${b:-?})" $?
fi
kill -9 "$pid" "$pid2" 2>/dev/null
wait "$pid" "$pid2" 2>/dev/null
gone=1
for _ in $(seq 1 50); do
    if [[ -n "$child" && -n "$child2" ]] && ! kill -0 "$child" 2>/dev/null && ! kill -0 "$child2" 2>/dev/null; then
        gone=0
        break
    fi
    sleep 0.1
done
check "the .NET children (pids ${child:-?} ${child2:-?}) die with their SIGKILLed drivers" $gone

after=$(segments)
[[ "$after" -le "$before" ]]
check "no shared-memory segment leaked ($before before, $after after)" $?
exit $failed
