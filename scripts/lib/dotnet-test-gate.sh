# shellcheck shell=bash
# Sourced by scripts/test.sh (and its self-test, scripts/dotnet-test-gate.test.sh): reads the log of one
# `dotnet test` run of the whole solution and decides how many tests passed and how many failures to count, so that
# a run that lost an assembly, ran nothing, hung or crashed can never look green.

# Test projects of a solution, one name a line (e.g. Sockspec.Codec.Tests). The repository finds test projects by
# name (Directory.Build.props: a project whose name ends in .Tests), and a project may also say so itself.
sln_test_projects() {
    local sln="$1" dir proj
    dir="$(dirname "$sln")"
    dotnet sln "$sln" list | grep -E '\.csproj$' | while read -r proj; do
        proj="${proj//\\//}"
        if [[ "$(basename "$proj" .csproj)" == *.Tests ]] ||
            grep -qiE '<IsTestProject>[[:space:]]*true' "$dir/$proj" 2>/dev/null; then
            basename "$proj" .csproj
        fi
    done | LC_ALL=C sort -u
}

# gate_dotnet_test LOG EXIT_CODE PROJECT...
# Prints one "test gate: FAIL: ..." line per reason and sets gate_passed and gate_failed (failures to count: the
# failed tests, plus one per reason that no failed test already explains). Reasons:
#   - dotnet test exited non-zero;
#   - a test project printed no summary line (its host never ran, or died before it reported);
#   - an assembly reported Total: 0, or said it has no test;
#   - the run was aborted (a crashed host, or one killed by --blame-hang-timeout), or a hang was detected.
# Each assembly prints "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T, Duration: D - NAME.dll (net10.0)"
# (or "Failed!  - ..."). After an abort that line still appears with the counts of what finished.
gate_dotnet_test() {
    local log="$1" rc="$2"
    shift 2
    local summaries p f reasons=0 name line
    gate_passed=0 gate_failed=0
    summaries="$(grep -E '^[[:space:]]*(Passed|Failed)! +- Failed:' "$log" || true)"
    if [[ -n "$summaries" ]]; then
        read -r p f < <(sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+).*/\2 \1/' <<<"$summaries" |
            awk '{p+=$1; f+=$2} END {print p+0, f+0}')
        gate_passed=$p gate_failed=$f
    fi
    # No project to expect means the solution could not be listed: nothing could then be checked.
    [[ $# -gt 0 ]] || gate_reason "no test project to expect (could the solution be listed?)"
    local missing=() reported=0
    [[ -z "$summaries" ]] || reported=$(grep -c . <<<"$summaries")
    for name in "$@"; do
        grep -qE "^[[:space:]]*(Passed|Failed)! +- .* - ${name//./\\.}\.dll( |$)" <<<"$summaries" || missing+=("$name")
    done
    if [[ ${#missing[@]} -gt 0 || $reported -lt $# ]]; then
        gate_reason "$reported test assemblies reported a summary, the solution has $# test projects;" \
            "no summary from: ${missing[*]:-?} (a test host that did not run, or did not run to the end)"
    fi
    while IFS= read -r line; do
        [[ -n "$line" ]] && gate_reason "an assembly ran no test: ${line#"${line%%[![:space:]]*}"}"
    done < <(grep -E '^[[:space:]]*(Passed|Failed)! +- .*Total: *0,' <<<"$summaries" || true)
    while IFS= read -r line; do
        [[ -n "$line" ]] && gate_reason "no test ran: $line"
    done < <(grep -E 'No test is available in|No test matches the given testcase filter' "$log" || true)
    if grep -qiE 'Test Run Aborted|test run was aborted' "$log"; then
        gate_reason "a test host was aborted (crash, or killed by the hang timeout):"
        # Why, and which test was running (VSTest names it on the line after this one).
        grep -ioE 'test run was aborted\. Reason: .*' "$log" | sed 's/^/    /' | LC_ALL=C sort -u | head -10
        grep -A1 'The test running when the crash occurred' "$log" | grep -vE 'The test running when|^--$' |
            sed 's/^/    running when its host died: /' | head -10
    fi
    if grep -qE 'Blame: Creating hang dump|The specified inactivity time of' "$log"; then
        gate_reason "a test hung past the hang timeout"
    fi
    if [[ "$rc" -ne 0 ]]; then
        gate_reason "dotnet test exited with code $rc"
    fi
    # Every reason is one failure more, but a non-zero exit is already counted by the failed tests that explain it.
    local extra=$reasons
    if [[ "$rc" -ne 0 && $gate_failed -gt 0 ]]; then extra=$((extra - 1)); fi
    gate_failed=$((gate_failed + extra))
}

# One reason line; counted by gate_dotnet_test (bash's dynamic scope: `reasons` is its local).
gate_reason() { echo "test gate: FAIL: $*"; reasons=$((reasons + 1)); }

# gate_unlisted_projects ROOT PROJECT...
# A test project on disk that the solution does not list would never run, and `dotnet test Conformance.sln` could not
# notice: prints one "test gate: FAIL:" line naming each such project and sets gate_unlisted to their count.
gate_unlisted_projects() {
    local root="$1" name reasons=0
    shift
    gate_unlisted=0
    while IFS= read -r name; do
        [[ -n "$name" ]] || continue
        if ! printf '%s\n' "$@" | grep -qxF "$name"; then
            gate_reason "test project $name is on disk but not in the solution, so it never runs"
            gate_unlisted=$((gate_unlisted + 1))
        fi
    done < <(find "$root" \( -name bin -o -name obj -o -name out -o -name node_modules -o -name .git -o -path "$root/fuzz/build" \) -prune \
        -o -name '*.Tests.csproj' -print 2>/dev/null | xargs -r -n1 basename | sed 's/\.csproj$//' | LC_ALL=C sort -u)
}
