#!/usr/bin/env bash
# Budget check for hostile targets (issue 13 §4), benchmark-style: not a unit test, since it measures this machine.
#
#   scripts/hostile-budget.sh [BEHAVIOUR...]      (default: every behaviour of scripts/hostile_target.py)
#
# Builds nothing: like scripts/acceptance.sh it needs sockspec built in Release (or SOCKSPEC_DLL=path/sockspec.dll).
# For each behaviour it starts scripts/hostile_target.py on a free loopback port, runs a default `sockspec run` against
# it (the whole suite, every report: console, HTML, JSON, JUnit) under /usr/bin/time -v, and checks that the run
# exits 1, stays under 512 MiB of peak RSS and 60 s of wall time, and wrote all its reports. One line per target, then
# "N passed, N failed". Reports go to out/hostile/<behaviour>/.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/out/hostile
max_rss_kib=$((512 * 1024))
max_seconds=60
dll=${SOCKSPEC_DLL:-$root/engine/Sockspec.Cli/bin/Release/net10.0/sockspec.dll}
behaviours=("$@")
[ ${#behaviours[@]} -gt 0 ] || behaviours=(flood silent rst fin random trickle bnd-flood markup)

passed=0 failed=0
finish() { echo "$passed passed, $failed failed"; }
if [ ! -x /usr/bin/time ]; then echo "hostile-budget: /usr/bin/time is missing (apt-get install time)"; failed=1; finish; exit 1; fi
if [ ! -f "$dll" ]; then echo "hostile-budget: $dll not found: build engine/Sockspec.Cli in Release first"; failed=1; finish; exit 1; fi
command -v python3 >/dev/null || { echo "hostile-budget: python3 is missing"; failed=1; finish; exit 1; }

server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; return 0; }
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$out" && mkdir -p "$out"
for b in "${behaviours[@]}"; do
    dir=$out/$b
    mkdir -p "$dir"
    python3 scripts/hostile_target.py "$b" >"$dir/server.log" 2>&1 &
    server_pid=$!
    port=
    for _ in $(seq 50); do
        port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/server.log")
        [ -n "$port" ] && break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        echo "FAIL $b: the hostile server did not start: $(head -3 "$dir/server.log")"
        failed=$((failed + 1)); kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=; continue
    fi
    # The outer timeout only guards this script: a run that needs it has failed the 60 s budget anyway.
    timeout -k 5 180 /usr/bin/time -v -o "$dir/time.txt" dotnet "$dll" run --target "127.0.0.1:$port" \
        --out "$dir/html" --json "$dir/report.json" --junit "$dir/junit.xml" >"$dir/console.txt" 2>&1
    rc=$?
    kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=
    rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): \([0-9]*\)$/\1/p' "$dir/time.txt")
    wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): \(.*\)$/\1/p' "$dir/time.txt")
    # m:ss.ss or h:mm:ss -> seconds
    secs=$(awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }' <<<"${wall:-0:0}")
    problems=()
    [ "$rc" = 1 ] || problems+=("exit code $rc, not 1")
    [ -n "$rss" ] && [ "$rss" -lt "$max_rss_kib" ] || problems+=("peak RSS ${rss:-?} KiB, limit $max_rss_kib")
    awk -v s="$secs" -v m="$max_seconds" 'BEGIN { exit !(s < m) }' || problems+=("wall ${secs} s, limit ${max_seconds} s")
    for f in html/index.html report.json junit.xml; do [ -s "$dir/$f" ] || problems+=("no $f"); done
    finding=$(grep -m1 '^FINDING' "$dir/console.txt" || grep -m1 -E '^  (fail|error|blocked) ' "$dir/console.txt" || true)
    line=$(printf '%s: exit %s, peak RSS %s MiB, %s s' "$b" "$rc" "$(( ${rss:-0} / 1024 ))" "$secs")
    if [ ${#problems[@]} -eq 0 ]; then
        passed=$((passed + 1)); echo "ok   $line | ${finding:0:160}"
    else
        failed=$((failed + 1)); echo "FAIL $line: $(IFS=';'; echo "${problems[*]}") | ${finding:0:160}"
    fi
done
finish
[ "$failed" = 0 ]
