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

mkdir -p "$tmp/corpus"
printf 'x' >"$tmp/corpus/x"
"$driver" --target_path="$app" --target_arg=selftest -max_total_time=60 -artifact_prefix="$tmp/" "$tmp/corpus" >/dev/null 2>&1 &
pid=$!
child=""
for _ in $(seq 1 300); do
    child=$(pgrep -P "$pid" | head -1)
    [[ -n "$child" ]] && grep -q "selftest" "/proc/$child/cmdline" 2>/dev/null && break
    sleep 0.1
done
sleep 1
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
gone=1
for _ in $(seq 1 50); do
    if [[ -n "$child" ]] && ! kill -0 "$child" 2>/dev/null; then gone=0; break; fi
    sleep 0.1
done
check "the .NET child (pid ${child:-?}) dies with a SIGKILLed driver" $gone

after=$(segments)
[[ "$after" -le "$before" ]]
check "no shared-memory segment leaked ($before before, $after after)" $?
exit $failed
