#!/bin/sh
# Test fixture for the container-target tests, not a proxy under test: a target that dies by itself.
# Usage: start.sh PORT SECONDS [listen|silent]
#   listen  serves SOCKS5 (microsocks) on 127.0.0.1:PORT for SECONDS, then exits with status 3 ("crashed").
#   silent  never opens PORT; exits with status 3 after SECONDS.
set -eu
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
# shellcheck source-path=SCRIPTDIR source=../lib/port.sh
. "$here/../lib/port.sh"
sockspec_port "${1:-}"
seconds=${2:-5}
case $seconds in ''|*[!0-9]*) echo "$0: SECONDS must be a whole number" >&2; exit 2 ;; esac
case ${3:-listen} in
    listen) microsocks -i 127.0.0.1 -p "$PORT" & ;;
    silent) ;;
    *) echo "$0: third argument must be listen or silent" >&2; exit 2 ;;
esac
echo "testproxy: port $PORT, exiting in ${seconds}s"
sleep "$seconds"
echo "testproxy: exiting with status 3"
exit 3
