#!/bin/sh
# Test fixture for the container-target tests, not a proxy under test: a target that dies by itself.
# Usage: start.sh PORT SECONDS [listen|silent|dies-on]
#   listen   serves SOCKS5 (microsocks) on 127.0.0.1:PORT for SECONDS, then exits with status 3 ("crashed").
#   silent   never opens PORT; exits with status 3 after SECONDS.
#   dies-on  a scripted SOCKS5 CONNECT proxy (hostile_target.py) that exits with status 3 on a request whose CMD is
#            X'7F' (one case of the suite sends it: a death that case causes); SECONDS is ignored.
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
    dies-on) exec python3 "$here/hostile_target.py" dies-on --port "$PORT" --kill-cmd 127 ;;
    *) echo "$0: third argument must be listen, silent or dies-on" >&2; exit 2 ;;
esac
echo "testproxy: port $PORT, exiting in ${seconds}s"
sleep "$seconds"
echo "testproxy: exiting with status 3"
exit 3
