#!/usr/bin/env bash
# Self-test of the gate scripts/test.sh puts on `dotnet test` (scripts/lib/dotnet-test-gate.sh): synthetic logs of
# the shapes dotnet test prints (all green, failed tests, a lost assembly, an assembly that ran nothing, a crashed or
# hung host, a non-zero exit with nothing else wrong, an empty log) must each come out with the right counts and a
# reason line. A gate that cannot fail proves nothing, so CI runs this too. Ends with "N passed, N failed".
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib/dotnet-test-gate.sh
source "$here/lib/dotnet-test-gate.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

ok=0 bad=0
# expect NAME RC WANT_PASSED WANT_FAILED WANT_REASON_REGEX(empty: no reason line) < LOG
expect() {
    local name="$1" rc="$2" want_p="$3" want_f="$4" want_reason="$5" out
    cat >"$tmp/log"
    out="$(gate_dotnet_test "$tmp/log" "$rc" A.Tests B.Tests; echo "counts $gate_passed $gate_failed")"
    local counts="${out##*counts }" reasons
    reasons="$(grep '^test gate: FAIL:' <<<"$out" || true)"
    if [[ "$counts" == "$want_p $want_f" ]] &&
        { [[ -z "$want_reason" && -z "$reasons" ]] || { [[ -n "$want_reason" ]] && grep -qE "$want_reason" <<<"$reasons"; }; }; then
        ok=$((ok + 1)); echo "ok - $name"
    else
        bad=$((bad + 1)); echo "NOT OK - $name: got counts '$counts', want '$want_p $want_f'; reasons:"; sed 's/^/    /' <<<"$reasons"
    fi
}

green() {
    echo "Passed!  - Failed:     0, Passed:    10, Skipped:     0, Total:    10, Duration: 1 s - A.Tests.dll (net10.0)"
    echo "Passed!  - Failed:     0, Passed:     5, Skipped:     1, Total:     6, Duration: 2 s - B.Tests.dll (net10.0)"
}

expect "all assemblies green, exit 0" 0 15 0 "" < <(green)

expect "failed tests explain the non-zero exit (not counted twice)" 1 13 2 "exited with code 1" < <(
  echo "Failed!  - Failed:     2, Passed:     8, Skipped:     0, Total:    10, Duration: 1 s - A.Tests.dll (net10.0)"
  green | tail -1)

expect "non-zero exit with every summary green" 1 15 1 "dotnet test exited with code 1" < <(green)

expect "an assembly without a summary" 0 10 1 "1 test assemblies reported a summary, the solution has 2 test projects;.*no summary from: B\.Tests" < <(green | head -1)

expect "an assembly that ran no test" 0 10 1 "an assembly ran no test: Passed!.*B\.Tests\.dll" < <(
  green | head -1
  echo "Passed!  - Failed:     0, Passed:     0, Skipped:     0, Total:     0, Duration: 0 s - B.Tests.dll (net10.0)")

expect "no test available in an assembly (and so no summary)" 0 10 2 "no test ran: No test is available" < <(
  green | head -1
  echo "No test is available in /repo/B.Tests/bin/Release/net10.0/B.Tests.dll. Make sure that test discoverer & executors are registered")

expect "a crashed host (its summary shows only what finished)" 1 8 2 "a test host was aborted" < <(
  echo "The active test run was aborted. Reason: Test host process crashed : Stack overflow."
  echo "Test Run Aborted."
  echo "Failed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 1 s - A.Tests.dll (net10.0)"
  green | tail -1)

expect "a host killed by the hang timeout" 1 8 3 "a test hung past the hang timeout" < <(
  echo "Blame: Creating hang dump of process testhost (1234)"
  echo "The active Test Run was aborted because the host process exited unexpectedly."
  echo "The test running when the crash occurred:"
  echo "A.Tests.Slow.Never_returns"
  echo "Failed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 10 m - A.Tests.dll (net10.0)"
  green | tail -1)

expect "an empty log with exit 0" 0 0 1 "0 test assemblies reported a summary" </dev/null

out_none="$(gate_dotnet_test <(green) 0; echo "counts $gate_passed $gate_failed")"
if grep -q 'no test project to expect' <<<"$out_none" && [[ "${out_none##*counts }" == "15 1" ]]; then
    ok=$((ok + 1)); echo "ok - an empty list of test projects fails"
else
    bad=$((bad + 1)); echo "NOT OK - an empty list of test projects passed: $out_none"
fi

# The crash context (which test was running) is shown under the reason line.
{ echo "The active Test Run was aborted because the host process exited unexpectedly."
  echo "The test running when the crash occurred:"
  echo "A.Tests.Crashy.Boom"
  green; } >"$tmp/crash.log"
# (Output captured first: grep -q would stop reading early, and pipefail would count the writer's SIGPIPE.)
crash_out="$(gate_dotnet_test "$tmp/crash.log" 1 A.Tests B.Tests)"
if grep -q '^    running when its host died: A\.Tests\.Crashy\.Boom$' <<<"$crash_out"; then
    ok=$((ok + 1)); echo "ok - the test running at the crash is named"
else
    bad=$((bad + 1)); echo "NOT OK - the test running at the crash is not named"
fi

# A real log (fixtures/dotnet-test-gate/crash-hang-empty.log, the stack trace cut short): four test projects, one
# green, one whose host crashed (FailFast), one with no test, one killed by --blame-hang-timeout. dotnet test exited 1.
real="$(gate_dotnet_test "$here/fixtures/dotnet-test-gate/crash-hang-empty.log" 1 Crash.Tests Empty.Tests Good.Tests Hang.Tests
        echo "counts $gate_passed $gate_failed")"
if [[ "${real##*counts }" == "1 5" ]] &&
    grep -q 'no summary from: Crash.Tests Empty.Tests Hang.Tests' <<<"$real" &&
    grep -q 'no test ran: No test is available in .*Empty.Tests.dll' <<<"$real" &&
    grep -q 'running when its host died: Crashy.Boom' <<<"$real" &&
    grep -q 'running when its host died: Slow.Never_returns' <<<"$real" &&
    grep -q 'a test hung past the hang timeout' <<<"$real"; then
    ok=$((ok + 1)); echo "ok - a real log of a crash, a hang and an empty assembly"
else
    bad=$((bad + 1)); echo "NOT OK - a real log of a crash, a hang and an empty assembly:"; sed 's/^/    /' <<<"$real"
fi

# A test project on disk that the solution does not list is named and counted.
mkdir -p "$tmp/repo/A.Tests" "$tmp/repo/Planted.Tests" "$tmp/repo/A.Tests/bin/Old.Tests"
touch "$tmp/repo/A.Tests/A.Tests.csproj" "$tmp/repo/Planted.Tests/Planted.Tests.csproj" "$tmp/repo/A.Tests/bin/Old.Tests/Old.Tests.csproj"
unlisted="$(gate_unlisted_projects "$tmp/repo" A.Tests; echo "count $gate_unlisted")"
if [[ "${unlisted##*count }" == "1" ]] && grep -q 'test project Planted.Tests is on disk but not in the solution' <<<"$unlisted"; then
    ok=$((ok + 1)); echo "ok - a test project missing from the solution is a failure"
else
    bad=$((bad + 1)); echo "NOT OK - a test project missing from the solution:"; sed 's/^/    /' <<<"$unlisted"
fi
listed="$(gate_unlisted_projects "$tmp/repo" A.Tests Planted.Tests; echo "count $gate_unlisted")"
if [[ "${listed##*count }" == "0" ]] && ! grep -q 'FAIL' <<<"$listed"; then
    ok=$((ok + 1)); echo "ok - every test project listed: no failure"
else
    bad=$((bad + 1)); echo "NOT OK - every test project listed:"; sed 's/^/    /' <<<"$listed"
fi

echo "$ok passed, $bad failed"
[[ $bad -eq 0 ]]
