#!/bin/sh
# v2ray's socks inbound (SOCKS4, 4a and 5; UDP ASSOCIATE on) on 127.0.0.1:PORT with a freedom outbound, in the
# foreground. Usage: start.sh PORT
# image-binaries: /usr/bin/v2ray
# SOCKSPEC_USER and SOCKSPEC_PASSWORD, both set, switch the inbound from "noauth" to "password".
# The config goes in on stdin so that nothing is written to disk (the image has no writable tools).
set -eu
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
# shellcheck source-path=SCRIPTDIR source=../lib/port.sh
. "$here/../lib/port.sh"
sockspec_port "${1:-}"
auth='"auth": "noauth"'
if [ -n "${SOCKSPEC_USER:-}" ] && [ -n "${SOCKSPEC_PASSWORD:-}" ]; then
    case $SOCKSPEC_USER$SOCKSPEC_PASSWORD in
        *[\"\\]*) echo "$0: SOCKSPEC_USER/SOCKSPEC_PASSWORD must not contain \" or \\" >&2; exit 2 ;;
    esac
    auth="\"auth\": \"password\", \"accounts\": [{\"user\": \"$SOCKSPEC_USER\", \"pass\": \"$SOCKSPEC_PASSWORD\"}]"
fi
exec v2ray -config stdin: <<JSON
{
  "log": { "loglevel": "${SOCKSPEC_V2RAY_LOGLEVEL:-warning}" },
  "inbounds": [{
    "listen": "127.0.0.1",
    "port": $PORT,
    "protocol": "socks",
    "settings": { $auth, "udp": true, "ip": "127.0.0.1" }
  }],
  "outbounds": [{ "protocol": "freedom", "settings": {} }]
}
JSON
