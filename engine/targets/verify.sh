#!/usr/bin/env bash
# Smoke test of every real-proxy target: starts it on a free loopback port, fetches a page from a local
# python3 http.server through it with curl (SOCKS5 CONNECT; for the username variant also a wrong password, which
# must be refused), relays BIND and UDP ASSOCIATE where the proxy supports them (lib/socks_check.py), stops it.
#
#   engine/targets/verify.sh docker [NAME...]   the images (build them first with build-images.sh)
#   engine/targets/verify.sh local [NAME...]    the start.sh scripts as local processes
#
# NAME: microsocks dante dante-username ssh v2ray (default: all). Exit 0 only when every target worked.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-}
shift || true
case $mode in docker|local) ;; *) echo "usage: $0 docker|local [NAME...]" >&2; exit 2 ;; esac
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(microsocks dante dante-username ssh v2ray)
export DOCKER_HOST=${DOCKER_HOST:-unix:///run/sockspec-docker.sock}
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=$(command -v docker)

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_port() { # PORT SECONDS
    local deadline=$((SECONDS + $2))
    until python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),1).close()' "$1" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.2
    done
}

workdir=$(mktemp -d /tmp/sockspec-verify-XXXXXX)
pids=()
containers=()
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
    local p c
    for c in "${containers[@]}"; do "$DOCKER" rm -f "$c" >/dev/null 2>&1 || true; done
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$workdir"
}
trap cleanup EXIT

echo "sockspec verify page" >"$workdir/index.html"
http_port=$(free_port)
python3 -m http.server "$http_port" --bind 127.0.0.1 --directory "$workdir" >/dev/null 2>&1 &
pids+=($!)
wait_port "$http_port" 10 || { echo "verify: http.server did not start" >&2; exit 1; }

failed=0
for name in "${names[@]}"; do
    target=$name args=() auth="" creds=() extra=()
    case $name in
        dante) args=(noauth) extra=(bind udp) ;;
        dante-username) target=dante args=(username) auth="sockspec:sockspec@" creds=(sockspec sockspec) extra=(bind udp) ;;
        v2ray) extra=(udp) ;;
        microsocks|ssh) ;;
        *) echo "verify: unknown target $name" >&2; failed=1; continue ;;
    esac
    port=$(free_port)
    log=$workdir/$name.log
    started=$SECONDS
    if [ "$mode" = docker ]; then
        cname=sockspec-verify-$name-$$
        "$DOCKER" run -d --name "$cname" --network host --init "sockspec/$target" "$port" "${args[@]}" >/dev/null
        containers+=("$cname")
    else
        "$here/$target/start.sh" "$port" "${args[@]}" >"$log" 2>&1 &
        pids+=($!)
    fi
    ok=1
    if ! wait_port "$port" 20; then
        ok=0
        echo "FAIL $name: port $port never accepted"
    elif ! body=$(curl -sS --max-time 10 --socks5 "${auth}127.0.0.1:$port" "http://127.0.0.1:$http_port/index.html" 2>&1) \
        || [ "$body" != "sockspec verify page" ]; then
        ok=0
        echo "FAIL $name: curl through 127.0.0.1:$port: $body"
    fi
    if [ -n "$auth" ] && [ $ok = 1 ] && curl -sS --max-time 10 --socks5 "sockspec:wrong@127.0.0.1:$port" \
        "http://127.0.0.1:$http_port/index.html" >/dev/null 2>&1; then
        ok=0
        echo "FAIL $name: a wrong password was accepted"
    fi
    for check in "${extra[@]}"; do
        [ $ok = 1 ] || break
        if ! out=$(timeout 30 python3 "$here/lib/socks_check.py" "$port" "$check" "${creds[@]}" 2>&1); then
            ok=0
            echo "FAIL $name: $out"
        fi
    done
    if [ $ok = 1 ]; then
        echo "ok   $name ($mode, port $port, connect${extra[*]:+ ${extra[*]}}, $((SECONDS - started))s)"
    else
        failed=1
        if [ "$mode" = docker ]; then "$DOCKER" logs --tail 20 "$cname" 2>&1 | sed 's/^/     | /'; else tail -n 20 "$log" | sed 's/^/     | /'; fi
    fi
    if [ "$mode" = docker ]; then
        "$DOCKER" rm -f "$cname" >/dev/null 2>&1 || true
    else
        kill "${pids[-1]}" 2>/dev/null || true
        wait "${pids[-1]}" 2>/dev/null || true
    fi
done
exit $failed
