#!/usr/bin/env bash
# The README's test command: installs what the tests need (apt packages, NuGet packages), starts a private dockerd,
# builds everything with warnings as errors, runs every test project, the fuzz smoke run and the real-proxy
# acceptance runs, and ends with one line "N passed, N failed" summing them all. Exit 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$root/out/test"
rm -rf "$out" && mkdir -p "$out"

passed=0 failed=0
count() { passed=$((passed + $1)); failed=$((failed + $2)); }
step() { printf '\n== %s\n' "$*"; }

step "setup"
scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

if [ -x scripts/dockerd.sh ]; then
  step "private dockerd"
  # Stop the daemon at the end only if this run started it (on CI it always does; a developer's stays up).
  if scripts/dockerd.sh status >/dev/null 2>&1; then started_dockerd=no; else started_dockerd=yes; fi
  scripts/dockerd.sh start && eval "$(scripts/dockerd.sh env)"
  [ "$started_dockerd" = yes ] && trap 'scripts/dockerd.sh stop >/dev/null 2>&1' EXIT
fi

step "build"
if ! dotnet build Conformance.sln -c Release -nologo -clp:NoSummary -warnaserror > "$out/build.log" 2>&1; then
  grep -E "error|warning" "$out/build.log" | sort -u | head -50
  echo "0 passed, 1 failed"
  exit 1
fi

step "unit, property and end-to-end tests"
# shellcheck source=lib/dotnet-test-gate.sh
source scripts/lib/dotnet-test-gate.sh
mapfile -t test_projects < <(sln_test_projects Conformance.sln)
echo "${#test_projects[@]} test projects in Conformance.sln"
# A test project the solution forgot would never run: each is a failure of its own.
gate_unlisted_projects "$root" "${test_projects[@]}"
count 0 "$gate_unlisted"
# One test assembly at a time: many tests time network behaviour on loopback, and two cores shared by parallel
# test hosts make deadlines flaky. A test that runs 10 minutes is hung: its host is killed and the run says which
# test it was (no dump: the name is what CI needs, and a dump of a test host is hundreds of MB).
dotnet test Conformance.sln -c Release --no-build -nologo -m:1 \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  --logger "console;verbosity=minimal" --logger "trx" --results-directory "$out/trx" 2>&1 | tee "$out/dotnet-test.log"
dotnet_test_rc=${PIPESTATUS[0]}
# Fails on a non-zero exit, an assembly that did not report or ran no test, an aborted or hung host; one line each.
gate_dotnet_test "$out/dotnet-test.log" "$dotnet_test_rc" "${test_projects[@]}"
count "$gate_passed" "$gate_failed"

for extra in scripts/dotnet-test-gate.test.sh fuzz/smoke.sh scripts/acceptance.sh scripts/hostile-budget.sh; do
  [ -x "$extra" ] || continue
  step "$extra"
  # Each prints its own closing "N passed, N failed" line.
  "$extra" 2>&1 | tee "$out/$(basename "$extra").log"
  extra_rc=${PIPESTATUS[0]}
  p='' f=''
  read -r p f < <(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/$(basename "$extra").log" | tail -1 |
    sed -E 's/^([0-9]+) passed, ([0-9]+) failed.*/\1 \2/')
  if [ -z "$f" ]; then
    echo "test gate: FAIL: $extra printed no closing \"N passed, N failed\" line (exit $extra_rc)"
    f=1
  elif [ "$extra_rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "test gate: FAIL: $extra exited with code $extra_rc but reported no failure"
    f=1
  fi
  count "${p:-0}" "$f"
done

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
