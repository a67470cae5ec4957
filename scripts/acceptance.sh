#!/usr/bin/env bash
# Every implementation of the roster (engine/targets/roster.json) against its expected-results file, through sockspec
# itself: CI's guard against any verdict change. Shell does only what must be shell: building sockspec, starting the
# private dockerd and building the FROM-scratch images; `sockspec run --targets` and `sockspec clients --targets` do
# the runs, the comparisons and the counting.
#
#   scripts/acceptance.sh                  compare every roster entry with its expected file
#   scripts/acceptance.sh --write-expect   rewrite those files from this run instead (read every new FAIL before committing)
#
# Three runs: the server entries as containers on the private dockerd, the server entries that have a "local" form as
# local processes (the same binaries and configs, so they must agree verdict for verdict with the containers, and they
# keep CI honest where no container can run), and the client entries against the scripted server. A roster entry
# passes when it ran without a finding and every verdict equals its file (an unexpected pass is a difference too).
# Reports (HTML matrix, JSON and JUnit per entry) go to out/acceptance/{servers,local,clients}/. SOCKSPEC_DLL=path
# skips the build. The last line is "N passed, N failed", summed over the three runs. Containers, and a dockerd this
# script started, are stopped on exit, also on failure or Ctrl-C.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/out/acceptance
roster=engine/targets/roster.json
run_limit=${SOCKSPEC_ACCEPTANCE_RUN_LIMIT:-900}

write=()
case ${1:-} in
    --write-expect) write=(--update-expect) ;;
    '') ;;
    *) echo "usage: $0 [--write-expect]" >&2; exit 2 ;;
esac

passed=0 failed=0
say() { printf 'acceptance: %s\n' "$*"; }
finish() { echo "$passed passed, $failed failed"; }

started_dockerd=0
cleanup() {
    if [ -n "${DOCKER_HOST:-}" ] && scripts/dockerd.sh status 2>/dev/null; then
        # Containers sockspec created (label sockspec.target) that a killed run may have left behind.
        local left
        left=$(timeout 20 /usr/bin/docker ps -aq --filter label=sockspec.target 2>/dev/null || true)
        # shellcheck disable=SC2086
        [ -z "$left" ] || { say "removing leftover containers: ${left//$'\n'/ }"; timeout 60 /usr/bin/docker rm -f $left >/dev/null 2>&1; }
    fi
    [ "$started_dockerd" = 1 ] && scripts/dockerd.sh stop >/dev/null 2>&1
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$out" && mkdir -p "$out"
start_all=$SECONDS

if [ -n "${SOCKSPEC_DLL:-}" ]; then
    sockspec=(dotnet "$SOCKSPEC_DLL")
else
    say "building sockspec (Release)"
    if ! dotnet build engine/Sockspec.Cli -c Release -nologo -v quiet -clp:NoSummary >"$out/build.log" 2>&1; then
        grep -E "error|warning" "$out/build.log" | sort -u | head -20
        failed=1; finish; exit 1
    fi
    sockspec=(dotnet "$root/engine/Sockspec.Cli/bin/Release/net10.0/sockspec.dll")
fi

if ! scripts/dockerd.sh status 2>/dev/null; then
    scripts/dockerd.sh start && started_dockerd=1
fi
eval "$(scripts/dockerd.sh env)"
say "building the proxy images"
# A failed image build is not counted here: the entries that need it cannot start, and sockspec fails each of them.
if engine/targets/build-images.sh >"$out/images.log" 2>&1; then sed 's/^/  /' "$out/images.log"; else cat "$out/images.log"; fi

# roster NAME sockspec-arguments...: one roster run; its closing "N passed, N failed" line is added to the totals.
roster() {
    local name=$1 rc start p f
    shift
    mkdir -p "$out/$name"
    start=$SECONDS
    timeout -k 15 "$run_limit" "${sockspec[@]}" "$@" --targets "$roster" --out "$out/$name" "${write[@]}" >"$out/$name/run.log" 2>&1
    rc=$?
    read -r p f < <(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out/$name/run.log" | tail -1 | sed -E 's/^([0-9]+) passed, ([0-9]+) failed$/\1 \2/')
    if [ -z "${f:-}" ]; then
        say "FAIL $name: sockspec exited $rc without a summary ($((SECONDS - start)) s); log: $out/$name/run.log"
        tail -n 20 "$out/$name/run.log" | sed 's/^/    /'
        p=0 f=1
    elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        say "FAIL $name: sockspec exited $rc but counted no failed entry"
        f=1
    fi
    passed=$((passed + p)) failed=$((failed + f))
    say "$name: $p passed, $f failed ($((SECONDS - start)) s)"
    grep -E '^[A-Za-z0-9._-]+: (.*[0-9]+ cases in|not run|skipped)|^expect |^sockspec |^FINDING|verdict\(s\) differ|first run differs|second run' \
        "$out/$name/run.log" | head -60 | sed 's/^/    /'
}

roster servers run
[ ${#write[@]} -eq 0 ] && roster local run --local
roster clients clients --timeout 3 --concurrency 4

say "total $((SECONDS - start_all)) s"
finish
[ "$failed" -eq 0 ]
