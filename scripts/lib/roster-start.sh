# shellcheck shell=bash
# Sourced by the scripts that need roster servers running as local processes (vectors/record-all.sh, the dissector's
# engine/Sockspec.Dissector.Tests/Captures/capture.sh). The caller sets SOCKSPEC (the sockspec command as an array)
# and PIDS (an array its EXIT trap hands to roster_cleanup).

# roster_start NAME LOG: `sockspec roster start NAME` in the background, its output in LOG; waits (30 s at most) for
# its "listening on 127.0.0.1:PORT" line and sets ROSTER_PORT and ROSTER_PID. Returns 1, with the log on stderr, when
# the entry did not start.
roster_start() {
    local name=$1 log=$2
    "${SOCKSPEC[@]}" roster start "$name" >"$log" 2>&1 &
    ROSTER_PID=$!
    PIDS+=("$ROSTER_PID")
    ROSTER_PORT=""
    for _ in $(seq 300); do
        ROSTER_PORT=$(sed -n 's/^listening on 127\.0\.0\.1://p' "$log" | head -1)
        [ -n "$ROSTER_PORT" ] && return 0
        kill -0 "$ROSTER_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "roster entry $name did not start:" >&2
    cat "$log" >&2
    return 1
}

# roster_stop: stops the entry roster_start started last (SIGTERM: a container is removed too) and waits for it.
roster_stop() {
    kill "$ROSTER_PID" 2>/dev/null || true
    wait "$ROSTER_PID" 2>/dev/null || true
}

# roster_cleanup DIR: stops everything in PIDS, waits for it, removes DIR (the caller's scratch folder).
roster_cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$1"
}
