#!/usr/bin/env bash
# Captures real SOCKS handshakes on loopback for the dissector tests: curl and ncat through microsocks, dante and
# v2ray (the roster's entries, engine/targets/roster.json, started by `sockspec roster start`), to a local HTTP server,
# each dialog through a small recording relay. Writes one NAME.txt per dialog next to this script.
# Needs root (dante's username mode uses a private mount namespace), python3, curl, ncat and the roster's packages
# (scripts/setup.sh). Traffic stays on 127.0.0.1 and ::1. Usage: sudo engine/Sockspec.Dissector.Tests/Captures/capture.sh
set -euo pipefail

OUT="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$OUT/../../.." && pwd)"
cd "$REPO"   # the roster's local forms are relative to the repository root
# shellcheck source=../../../scripts/lib/roster-start.sh
. "$REPO/scripts/lib/roster-start.sh"
WORK="$(mktemp -d)"
PIDS=()
trap 'roster_cleanup "$WORK"' EXIT

dotnet build engine/Sockspec.Cli -o "$WORK/cli" --nologo -v q -clp:ErrorsOnly >&2
SOCKSPEC=(dotnet "$WORK/cli/sockspec.dll")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }
version() { dpkg-query -W -f='${Version}' "$1"; }

# The recording relay: accepts one connection, relays it to the proxy, and writes each direction's first 512 bytes
# (more than any handshake) as hex, one line per direction. Every socket operation has a deadline.
cat > "$WORK/relay.py" <<'PY'
import selectors, socket, sys, time
listen_port_file, upstream_port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1); srv.settimeout(20)
open(listen_port_file, "w").write(str(srv.getsockname()[1]))
cli, _ = srv.accept()
up = socket.create_connection(("127.0.0.1", upstream_port), timeout=5)
data = {cli: bytearray(), up: bytearray()}
peer = {cli: up, up: cli}
open_ends = {cli, up}
sel = selectors.DefaultSelector()
for s in open_ends: sel.register(s, selectors.EVENT_READ)
deadline = time.time() + 15
while open_ends and time.time() < deadline:
    for key, _ in sel.select(timeout=1):
        s = key.fileobj
        try: chunk = s.recv(65536)
        except OSError: chunk = b""
        if not chunk:
            sel.unregister(s); open_ends.discard(s)
            try: peer[s].shutdown(socket.SHUT_WR)
            except OSError: pass
            continue
        if len(data[s]) < 512: data[s] += chunk[: 512 - len(data[s])]
        try: peer[s].sendall(chunk)
        except OSError: open_ends.clear()
with open(out, "w") as f:
    f.write("client: " + data[cli].hex(" ") + "\n")
    f.write("server: " + data[up].hex(" ") + "\n")
PY

HTTP_PORT=$(free_port)
mkdir -p "$WORK/www" && echo "hello from the capture server" > "$WORK/www/index.html"
python3 -m http.server --bind 127.0.0.1 --directory "$WORK/www" "$HTTP_PORT" >/dev/null 2>&1 & PIDS+=($!)
python3 -m http.server --bind ::1 --directory "$WORK/www" "$HTTP_PORT" >/dev/null 2>&1 & PIDS+=($!)
wait_port "$HTTP_PORT"

roster_start microsocks "$WORK/roster.microsocks.log"; MS_PORT=$ROSTER_PORT
roster_start microsocks-username "$WORK/roster.microsocks-username.log"; MSA_PORT=$ROSTER_PORT
roster_start dante-noauth "$WORK/roster.dante-noauth.log"; DA_PORT=$ROSTER_PORT
roster_start dante-username "$WORK/roster.dante-username.log"; DAU_PORT=$ROSTER_PORT
# v2ray for SOCKS4a: dante 1.4.2 does not implement it (it dials 0.0.0.1 itself and answers CD 91).
roster_start v2ray "$WORK/roster.v2ray.log"; V2_PORT=$ROSTER_PORT
for p in "$MS_PORT" "$MSA_PORT" "$DA_PORT" "$DAU_PORT" "$V2_PORT"; do wait_port "$p"; done
# The username entries' credentials, and each entry's description with its installed version, from the roster.
entry() { "${SOCKSPEC[@]}" roster list --kind server | awk -F'\t' -v n="$1" -v f="$2" '$1 == n { print $f }'; }
CAP_USER=$(entry microsocks-username 4)
CAP_PASS=$(entry microsocks-username 5)
[ "$CAP_USER:$CAP_PASS" = "$(entry dante-username 4):$(entry dante-username 5)" ] || { echo "microsocks-username and dante-username differ in credentials" >&2; exit 1; }

URL="http://127.0.0.1:$HTTP_PORT/"
URL_NAME="http://localhost:$HTTP_PORT/"
# capture NAME IMPLEMENTATION PROXY_PORT CLIENT_COMMAND (PROXY is replaced by the relay's address)
capture() {
  local name=$1 impl=$2 port=$3 cmd=$4
  rm -f "$WORK/relay.port"
  python3 "$WORK/relay.py" "$WORK/relay.port" "$port" "$WORK/$name.hex" & local relay=$!
  for _ in $(seq 50); do [ -s "$WORK/relay.port" ] && break; sleep 0.1; done
  local run=${cmd//PROXY/127.0.0.1:$(cat "$WORK/relay.port")}
  bash -c "$run" >/dev/null 2>&1 || echo "note: '$run' exited non-zero" >&2
  wait "$relay"
  {
    echo "# implementation: $impl"
    local client=curl; [[ $cmd == *ncat* ]] && client=ncat
    echo "# client: $client $(version "$client")"
    echo "# command: $cmd   (PROXY = the recording relay in front of the proxy)"
    echo "# date: $(date -u +%Y-%m-%d)"
    echo "# captured by capture.sh: bytes client to server and server to client, first 512 of each"
    cat "$WORK/$name.hex"
  } > "$OUT/$name.txt"
  echo "captured $name"
}

MS=$(entry microsocks 6)
DANTE=$(entry dante-noauth 6)
MSU=$(entry microsocks-username 6)
DANTEU=$(entry dante-username 6)
CURL="curl -s --max-time 5"
capture curl-socks5-microsocks "$MS" "$MS_PORT" "$CURL --socks5 PROXY $URL"
capture curl-socks5h-microsocks "$MS" "$MS_PORT" "$CURL --socks5-hostname PROXY $URL_NAME"
capture curl-socks5-userpass-microsocks "$MSU" "$MSA_PORT" "$CURL --socks5 PROXY -U $CAP_USER:$CAP_PASS $URL"
capture curl-socks5h-userpass-url-microsocks "$MSU" "$MSA_PORT" "$CURL -x socks5h://$CAP_USER:$CAP_PASS@PROXY $URL_NAME"
capture curl-socks5-wrongpass-microsocks "$MSU" "$MSA_PORT" "$CURL --socks5 PROXY -U $CAP_USER:wrong $URL"
capture curl-socks4-dante "$DANTE" "$DA_PORT" "$CURL --socks4 PROXY $URL"
capture curl-socks4-userid-dante "$DANTE" "$DA_PORT" "$CURL --socks4 PROXY -U alice: $URL"
# dante 1.4.2 does not implement SOCKS4a: it dials 0.0.0.1 and answers CD 91, a well-formed reject.
capture curl-socks4a-rejected-dante "$DANTE" "$DA_PORT" "$CURL --socks4a PROXY $URL_NAME"
V2=$(entry v2ray 6)
capture curl-socks4a-v2ray "$V2" "$V2_PORT" "$CURL --socks4a PROXY $URL_NAME"
capture curl-socks4a-userid-v2ray "$V2" "$V2_PORT" "$CURL --socks4a PROXY -U alice: $URL_NAME"
capture curl-socks5h-v2ray "$V2" "$V2_PORT" "$CURL --socks5-hostname PROXY $URL_NAME"
capture curl-socks5-dante "$DANTE" "$DA_PORT" "$CURL --socks5 PROXY $URL"
capture curl-socks5h-dante "$DANTE" "$DA_PORT" "$CURL --socks5-hostname PROXY $URL_NAME"
capture curl-socks5-userpass-dante "$DANTEU" "$DAU_PORT" "$CURL --socks5 PROXY -U $CAP_USER:$CAP_PASS $URL"
capture curl-socks5h-userpass-url-dante "$DANTEU" "$DAU_PORT" "$CURL -x socks5h://$CAP_USER:$CAP_PASS@PROXY $URL_NAME"
NCAT_REQ="printf 'GET / HTTP/1.0\r\n\r\n' | ncat -w 5 --proxy PROXY"
capture ncat-socks5-microsocks "$MS" "$MS_PORT" "$NCAT_REQ --proxy-type socks5 127.0.0.1 $HTTP_PORT"
capture ncat-socks5-userpass-microsocks "$MSU" "$MSA_PORT" "$NCAT_REQ --proxy-type socks5 --proxy-auth $CAP_USER:$CAP_PASS 127.0.0.1 $HTTP_PORT"
capture ncat-socks5-hostname-dante "$DANTE" "$DA_PORT" "$NCAT_REQ --proxy-type socks5 localhost $HTTP_PORT"
capture ncat-socks4-dante "$DANTE" "$DA_PORT" "$NCAT_REQ --proxy-type socks4 127.0.0.1 $HTTP_PORT"
capture ncat-socks4-userid-dante "$DANTE" "$DA_PORT" "$NCAT_REQ --proxy-type socks4 --proxy-auth alice 127.0.0.1 $HTTP_PORT"
