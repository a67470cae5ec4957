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
# One test assembly at a time: many tests time network behaviour on loopback, and two cores shared by parallel
# test hosts make deadlines flaky.
dotnet test Conformance.sln -c Release --no-build -nologo -m:1 \
  --logger "console;verbosity=minimal" --logger "trx" --results-directory "$out/trx" 2>&1 | tee "$out/dotnet-test.log"
# Each test assembly prints "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T ..." (or "Failed! ...").
read -r p f < <(grep -E '^(Passed|Failed)! +- Failed:' "$out/dotnet-test.log" |
  sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+).*/\2 \1/' | awk '{p+=$1; f+=$2} END {print p+0, f+0}')
assemblies=$(grep -cE '^(Passed|Failed)! +- Failed:' "$out/dotnet-test.log")
# A test host that crashes prints no summary line: count it as a failure rather than losing it.
if grep -qE 'Test Run Aborted|The active test run was aborted' "$out/dotnet-test.log"; then f=$((f + 1)); fi
[ "$assemblies" -gt 0 ] || f=$((f + 1))
count "$p" "$f"

for extra in fuzz/smoke.sh scripts/acceptance.sh; do
  [ -x "$extra" ] || continue
  step "$extra"
  # Each prints its own closing "N passed, N failed" line.
  "$extra" 2>&1 | tee "$out/$(basename "$extra").log"
  read -r p f < <(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/$(basename "$extra").log" | tail -1 |
    sed -E 's/^([0-9]+) passed, ([0-9]+) failed.*/\1 \2/')
  count "${p:-0}" "${f:-1}"
done

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
