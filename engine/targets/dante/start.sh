#!/bin/sh
# Dante (danted) on 127.0.0.1:PORT, in the foreground. Usage: start.sh PORT [noauth|username]
# The mode may also come from SOCKSPEC_DANTE_MODE. "username" accepts user sockspec, password sockspec.
# The config is assembled from this folder's files and handed over on stdin (builtins only: this script is also the
# entrypoint of the FROM-scratch image).
set -eu
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
# shellcheck source-path=SCRIPTDIR source=../lib/port.sh
. "$here/../lib/port.sh"
sockspec_port "${1:-}"
mode=${2:-${SOCKSPEC_DANTE_MODE:-noauth}}
case $mode in
    noauth|username) ;;
    *) echo "$0: mode must be noauth or username, not '$mode'" >&2; exit 2 ;;
esac

emit() {
    while IFS= read -r line || [ -n "$line" ]; do printf '%s\n' "$line"; done <"$1"
}
config() {
    printf 'internal: 127.0.0.1 port = %s\n' "$PORT"
    # As root, dante drops to nobody where it can; a non-root user cannot switch, so then the line must be absent.
    if [ "${SOCKSPEC_IN_IMAGE:-}" = 1 ] || [ "$(id -u)" = 0 ]; then
        printf 'user.unprivileged: nobody\n'
    fi
    emit "$here/$mode.conf"
    emit "$here/rules.conf"
}

# danted needs a regular config file (it refuses a pipe as "empty"): one per port and mode. exec leaves no shell to
# delete it afterwards, so on a host each start removes the files of earlier instances that are gone (older than a
# minute, so that a neighbour still starting up keeps its own).
tmp=${TMPDIR:-/tmp}
conf=$tmp/sockspec-danted-$PORT-$mode.conf
pidfile=$tmp/sockspec-danted-$PORT.pid
if [ "${SOCKSPEC_IN_IMAGE:-}" != 1 ]; then
    find "$tmp" -maxdepth 1 -name 'sockspec-danted-*.conf' -mmin +1 2>/dev/null | while IFS= read -r old; do
        stem=${old%-*.conf}
        pid=$(cat "$stem.pid" 2>/dev/null || true)
        if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then rm -f "$old" "$stem.pid"; fi
    done
fi
umask 077
config >"$conf"
# -N 2: two connection-handling processes at start is enough for a conformance run and keeps start-up quick.
if [ "$mode" = username ] && [ "${SOCKSPEC_IN_IMAGE:-}" != 1 ]; then
    # On a host, the account exists only in this private mount namespace: the host's files are never changed.
    if [ "$(id -u)" != 0 ]; then echo "$0: username mode outside the image needs root (unshare + bind mount)" >&2; exit 2; fi
    # shellcheck disable=SC2016  # expanded by the inner sh
    exec unshare --mount --propagation private sh -c '
        mount --bind "$1/passwd" /etc/passwd && mount --bind "$1/shadow" /etc/shadow || exit 2
        exec danted -N 2 -p "$3" -f "$2"' sh "$here" "$conf" "$pidfile"
fi
exec danted -N 2 -p "$pidfile" -f "$conf"
