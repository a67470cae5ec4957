#!/usr/bin/env bash
# Real proxies against the conformance suite, and CI's guard against any verdict change (issues 4 §7 and 5 §3).
#
#   scripts/acceptance.sh                  run every target, compare with reports/expected/<name>.expect
#   scripts/acceptance.sh --write-expect   run every target and (re)write those files instead
#
# Targets: microsocks, dante and v2ray (each without and with username/password), OpenSSH `ssh -D` as containers built FROM scratch out of
# this machine's Debian binaries (engine/targets/build-images.sh, nothing pulled), run by `sockspec run --docker` on
# the private dockerd (scripts/dockerd.sh); then microsocks (both configurations) and dante again as local processes (`sockspec run --exec`),
# compared with the same expected files, since the binary and config are the same. A target counts as passed when the run
# completes and every verdict equals its expected file (an unexpected pass is a difference too). Reports go to
# out/acceptance/<name>/. SOCKSPEC_DLL=path/sockspec.dll skips the build. The last line is "N passed, N failed". Containers, and a dockerd this script started, are
# stopped on exit, also on failure or Ctrl-C.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/out/acceptance
expected=$root/reports/expected
per_run_limit=${SOCKSPEC_ACCEPTANCE_RUN_LIMIT:-180}

write=0
case ${1:-} in
    --write-expect) write=1 ;;
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

# SOCKSPEC_DLL: an already built sockspec.dll (skips the build).
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

docker_ok=1
if ! scripts/dockerd.sh status 2>/dev/null; then
    if scripts/dockerd.sh start; then started_dockerd=1; else docker_ok=0; fi
fi
eval "$(scripts/dockerd.sh env)"
if [ "$docker_ok" = 1 ]; then
    say "building the proxy images"
    if ! engine/targets/build-images.sh microsocks dante ssh v2ray >"$out/images.log" 2>&1; then
        cat "$out/images.log"
        docker_ok=0
    else
        sed 's/^/  /' "$out/images.log"
    fi
fi

# run NAME EXPECT-NAME sockspec-run-arguments...
run() {
    local name=$1 expect=$2 rc start diffs
    shift 2
    mkdir -p "$out/$name"
    local args=(run "$@" --out "$out/$name" --json "$out/$name/results.json" --junit "$out/$name/junit.xml")
    if [ "$write" = 1 ]; then
        args+=(--write-expect "$expected/$expect.expect")
    else
        args+=(--expect "$expected/$expect.expect")
    fi
    start=$SECONDS
    timeout -k 15 "$per_run_limit" "${sockspec[@]}" "${args[@]}" >"$out/$name/run.log" 2>&1
    rc=$?
    diffs=$(grep -c '^expect: ' "$out/$name/run.log")
    if { [ "$write" = 1 ] && [ -s "$expected/$expect.expect" ] && [ $rc -le 1 ]; } || { [ "$write" = 0 ] && [ $rc -eq 0 ]; }; then
        passed=$((passed + 1))
        say "PASS $name ($((SECONDS - start)) s): $(grep -m1 -E ' cases in ' "$out/$name/run.log")"
    else
        failed=$((failed + 1))
        say "FAIL $name (exit $rc, $diffs verdict difference(s), $((SECONDS - start)) s); log: $out/$name/run.log"
        grep -E '^(expect: |sockspec run: )' "$out/$name/run.log" | head -40 | sed 's/^/    /'
        [ $rc -eq 124 ] && say "  $name did not finish within ${per_run_limit} s"
    fi
}

mkdir -p "$expected"
if [ "$docker_ok" = 1 ]; then
    run microsocks microsocks --docker sockspec/microsocks --docker-cmd '{port}'
    run dante-noauth dante-noauth --docker sockspec/dante --docker-cmd '{port}' noauth
    run dante-username dante-username --docker sockspec/dante --docker-cmd '{port}' username --user sockspec --password sockspec
    run ssh ssh --docker sockspec/ssh --docker-cmd '{port}'
    run v2ray v2ray --docker sockspec/v2ray --docker-cmd '{port}'
    # microsocks and v2ray switch to RFC 1929 when SOCKSPEC_USER and SOCKSPEC_PASSWORD are set (their start.sh).
    run microsocks-username microsocks-username --docker sockspec/microsocks --docker-cmd '{port}' \
        --docker-env SOCKSPEC_USER=sockspec --docker-env SOCKSPEC_PASSWORD=sockspec --user sockspec --password sockspec
    run v2ray-username v2ray-username --docker sockspec/v2ray --docker-cmd '{port}' \
        --docker-env SOCKSPEC_USER=sockspec --docker-env SOCKSPEC_PASSWORD=sockspec --user sockspec --password sockspec
else
    say "FAIL no Docker engine: the seven container targets did not run"
    failed=$((failed + 7))
fi

# The same binaries as local processes: CI keeps them honest where no container can run, and here they must agree with
# the containers verdict for verdict.
if [ "$write" = 0 ]; then
    run microsocks-local microsocks --exec "engine/targets/microsocks/start.sh {port}"
    run dante-noauth-local dante-noauth --exec "engine/targets/dante/start.sh {port} noauth"
    run dante-username-local dante-username --exec "engine/targets/dante/start.sh {port} username" --user sockspec --password sockspec
    run microsocks-username-local microsocks-username \
        --exec "env SOCKSPEC_USER=sockspec SOCKSPEC_PASSWORD=sockspec engine/targets/microsocks/start.sh {port}" --user sockspec --password sockspec
fi

say "total $((SECONDS - start_all)) s"
finish
[ "$failed" -eq 0 ]
