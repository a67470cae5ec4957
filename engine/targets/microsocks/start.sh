#!/bin/sh
# microsocks (SOCKS5 only) on 127.0.0.1:PORT, in the foreground. Usage: start.sh PORT
# image-binaries: /usr/bin/microsocks
# SOCKSPEC_USER and SOCKSPEC_PASSWORD, both set, turn on RFC 1929 username/password authentication.
set -eu
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
# shellcheck source-path=SCRIPTDIR source=../lib/port.sh
. "$here/../lib/port.sh"
sockspec_port "${1:-}"
if [ -n "${SOCKSPEC_USER:-}" ] && [ -n "${SOCKSPEC_PASSWORD:-}" ]; then
    exec microsocks -i 127.0.0.1 -p "$PORT" -u "$SOCKSPEC_USER" -P "$SOCKSPEC_PASSWORD"
fi
exec microsocks -i 127.0.0.1 -p "$PORT"
