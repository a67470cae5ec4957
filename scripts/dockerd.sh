#!/usr/bin/env bash
# A private Docker engine for sockspec's container targets: its own socket, data root and pid file, vfs storage
# (works on any filesystem, also inside a VM or container), no bridge and no iptables (every sockspec container runs
# with host networking, and the machine's firewall must stay untouched).
#
#   scripts/dockerd.sh start   start the daemon (no-op when it already answers), wait until it answers
#   scripts/dockerd.sh stop    remove every container of this daemon, stop the daemon (always exits 0)
#   scripts/dockerd.sh env     print `export DOCKER_HOST=...` for eval
#   scripts/dockerd.sh status  exit 0 when the daemon answers
#
# Overridable: SOCKSPEC_DOCKERD_TIMEOUT (seconds to wait for the daemon, default 60),
# SOCKSPEC_DOCKERD_LOG (default /var/log/sockspec-dockerd.log).
set -euo pipefail

SOCK=/run/sockspec-docker.sock
HOST_URI="unix://$SOCK"
PIDFILE=/run/sockspec-docker.pid
DATA_ROOT=/var/lib/sockspec-docker
EXEC_ROOT=/run/sockspec-docker
LOG=${SOCKSPEC_DOCKERD_LOG:-/var/log/sockspec-dockerd.log}
TIMEOUT=${SOCKSPEC_DOCKERD_TIMEOUT:-60}

# The Debian client speaks the API of the Debian daemon; any other docker on PATH may be newer than the daemon.
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=$(command -v docker || true)

log() { printf 'dockerd.sh: %s\n' "$*" >&2; }

answers() {
    [ -n "$DOCKER" ] && [ -S "$SOCK" ] && timeout 5 "$DOCKER" -H "$HOST_URI" version >/dev/null 2>&1
}

daemon_pid() {
    local pid
    [ -f "$PIDFILE" ] || return 1
    pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s\n' "$pid"
}

start() {
    if answers; then
        log "already running ($HOST_URI)"
        return 0
    fi
    command -v dockerd >/dev/null || { log "dockerd not found: run scripts/setup.sh (package docker.io)"; exit 2; }
    [ -n "$DOCKER" ] || { log "docker client not found: run scripts/setup.sh (package docker.io)"; exit 2; }
    if [ "$(id -u)" != 0 ]; then log "must run as root"; exit 2; fi

    # A daemon left behind by a killed run holds the pid file and socket: clear it before starting a new one.
    stop_daemon
    mkdir -p "$DATA_ROOT" "$EXEC_ROOT" "$(dirname "$LOG")"
    : >"$LOG"
    log "starting dockerd, log $LOG"
    # setsid: the daemon must not die with the shell that started it (and must not get its Ctrl-C).
    setsid dockerd \
        --storage-driver=vfs --iptables=false --ip6tables=false --bridge=none \
        --data-root "$DATA_ROOT" --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE" \
        -H "$HOST_URI" </dev/null >>"$LOG" 2>&1 &
    local launched=$! deadline=$((SECONDS + TIMEOUT))
    until answers; do
        if ! kill -0 "$launched" 2>/dev/null; then
            log "dockerd exited during start-up; last log lines:"
            tail -n 30 "$LOG" >&2
            exit 1
        fi
        if [ $SECONDS -ge $deadline ]; then
            log "dockerd did not answer on $HOST_URI within ${TIMEOUT}s; last log lines:"
            tail -n 30 "$LOG" >&2
            kill "$launched" 2>/dev/null || true
            for _ in $(seq 1 40); do kill -0 "$launched" 2>/dev/null || break; sleep 0.25; done
            if kill -0 "$launched" 2>/dev/null; then kill -9 "$launched" 2>/dev/null || true; fi
            exit 1
        fi
        sleep 0.5
    done
    log "ready: $("$DOCKER" -H "$HOST_URI" version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}')"
}

stop_daemon() {
    local pid
    pid=$(daemon_pid) || { rm -f "$PIDFILE"; return 0; }
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "dockerd $pid ignored SIGTERM for 10s, killing it"
        kill -9 "$pid" 2>/dev/null || true
        # A SIGKILLed daemon leaves its containerd and the containers' processes behind; end exactly those, by the pid
        # files in this daemon's private exec root (a shim exits with its container's init), checking each pid is still
        # such a process and not a reused number.
        local f p
        while IFS= read -r f; do
            p=$(cat "$f" 2>/dev/null || true)
            case $p in ''|*[!0-9]*) continue ;; esac
            if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -e containerd -e docker-init; then
                kill -9 "$p" 2>/dev/null || true
            fi
        done < <(find "$EXEC_ROOT" -name init.pid 2>/dev/null; echo "$EXEC_ROOT/containerd/containerd.pid")
    fi
    rm -f "$PIDFILE" "$SOCK"
}

stop() {
    if answers; then
        local ids
        ids=$(timeout 20 "$DOCKER" -H "$HOST_URI" ps -aq 2>/dev/null || true)
        if [ -n "$ids" ]; then
            log "removing containers: ${ids//$'\n'/ }"
            # shellcheck disable=SC2086
            timeout 60 "$DOCKER" -H "$HOST_URI" rm -f $ids >/dev/null 2>&1 || log "some containers could not be removed"
        fi
    fi
    stop_daemon
    log "stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop || true; exit 0 ;;
    env) echo "export DOCKER_HOST=$HOST_URI" ;;
    status) answers ;;
    *) echo "usage: $0 start|stop|env|status" >&2; exit 2 ;;
esac
