#!/bin/sh
# Dante (danted) on 127.0.0.1:PORT, in the foreground. Usage: start.sh PORT [noauth|username]
# The mode may also come from SOCKSPEC_DANTE_MODE. "username" accepts user sockspec, password sockspec.
# The config is assembled from this folder's files and handed over on stdin (builtins only: this script is also the
# entrypoint of the FROM-scratch image).
set -eu
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
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

# danted needs a regular config file (it refuses a pipe as "empty"). One file per port and mode, overwritten on each
# start, so repeated runs do not pile up files; exec then leaves no shell behind to clean it.
conf=${TMPDIR:-/tmp}/sockspec-danted-$PORT-$mode.conf
umask 077
config >"$conf"
# -N 2: two connection-handling processes at start is enough for a conformance run and keeps start-up quick.
if [ "$mode" = username ] && [ "${SOCKSPEC_IN_IMAGE:-}" != 1 ]; then
    # On a host, the account exists only in this private mount namespace: the host's files are never changed.
    if [ "$(id -u)" != 0 ]; then echo "$0: username mode outside the image needs root (unshare + bind mount)" >&2; exit 2; fi
    exec unshare --mount --propagation private sh -c '
        mount --bind "$1/passwd" /etc/passwd && mount --bind "$1/shadow" /etc/shadow || exit 2
        exec danted -N 2 -f "$2"' sh "$here" "$conf"
fi
exec danted -N 2 -f "$conf"
