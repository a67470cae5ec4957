#!/usr/bin/env bash
# Re-records every vector under vectors/recorded/ from scratch, on loopback only: a local HTTP server (IPv4 and IPv6),
# every server entry of the roster (engine/targets/roster.json: the reference, microsocks, dante, OpenSSH ssh -D,
# v2ray, with and without username/password), each started by `sockspec roster start` (its local form) behind
# `sockspec record`, driven by real clients (curl, ncat, proxychains4, .NET HttpClient, the reference client). An entry
# without credentials gets the open cases, one with credentials the auth cases; its vectors go to recorded/<name>/.
# Then regenerates the invalid vectors from the new recorded set. Run as root (installs packages; dante's username
# mode needs a private mount namespace). Usage: vectors/record-all.sh [OUT-DIR] (default vectors/recorded).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="$(realpath -m "${1:-$here/recorded}")"
# The roster's paths (its local forms) are relative to the repository root.
cd "$repo"
invalid="$here/invalid"
# The open cases offer these to a server that wants none (a SOCKS4 USERID, unsolicited RFC 1929 credentials).
userid=sockspec
offered_pass=sockspec
say() { printf 'record-all: %s\n' "$*" >&2; }

# --- what it needs: the roster's packages and the clients (scripts/setup.sh, idempotent) -----------------------------
"$repo/scripts/setup.sh" >&2

# shellcheck source=../scripts/lib/roster-start.sh
. "$repo/scripts/lib/roster-start.sh"
work="$(mktemp -d /tmp/sockspec-record.XXXXXX)"
PIDS=()
trap 'roster_cleanup "$work"' EXIT

# Private build outputs, so that builds of other projects running meanwhile cannot swap assemblies under us.
# RECORD_BIN=DIR reuses DIR/cli and DIR/tool from an earlier run instead of building.
bin="${RECORD_BIN:-$work}"
if [ -z "${RECORD_BIN:-}" ]; then
    say "building sockspec and sockspec-vectors into $work"
    dotnet build "$repo/engine/Sockspec.Cli" -o "$work/cli" --nologo -v q -clp:ErrorsOnly >&2
    dotnet build "$repo/vectors/Sockspec.Vectors.Tool" -o "$work/tool" --nologo -v q -clp:ErrorsOnly >&2
fi
SOCKSPEC=(dotnet "$bin/cli/sockspec.dll")
tool=(dotnet "$bin/tool/sockspec-vectors.dll")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# wait_port PORT [HOST]: until something accepts there (10 s at most).
wait_port() {
    for _ in $(seq 100); do
        if python3 -c "import socket,sys; socket.create_connection(('${2:-127.0.0.1}', $1), 0.2).close()" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    say "nothing listening on ${2:-127.0.0.1}:$1"; return 1
}

# --- the destination: a small HTTP server on 127.0.0.1 and ::1 ------------------------------------------------------
mkdir -p "$work/www"
echo "hello from sockspec vectors" >"$work/www/hello.txt"
http=$(free_port)
python3 -m http.server "$http" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 & PIDS+=($!)
http6=$(free_port)
python3 -m http.server "$http6" --bind ::1 --directory "$work/www" >/dev/null 2>&1 & PIDS+=($!)
wait_port "$http"
wait_port "$http6" ::1
closed=$(free_port)   # nothing listens here: the "connection refused" cases
url="http://127.0.0.1:$http/hello.txt"
url_name="http://localhost:$http/hello.txt"
url6="http://[::1]:$http6/hello.txt"
udp_echo=$(free_port)

ver() { dpkg-query -W -f='${Version}' "$1"; }
curl_v="curl $(ver curl)"; ncat_v="ncat $(ver ncat)"; pc_v="proxychains4 $(ver proxychains4)"
dotnet_v=".NET $(dotnet --version) HttpClient"; ref_v="sockspec reference client (this checkout)"

# --- one recorded client run --------------------------------------------------------------------------------------
# rec IMPL IMPL-VERSION CASE CLIENT CLIENT-VERSION UPSTREAM-PORT COMMAND... ; the command's PROXY token is replaced by
# the recorder's address (HOST:PORT), and PROXYPORT by its port.
count=0
rec() {
    local impl=$1 impl_v=$2 case=$3 client=$4 client_v=$5 up=$6; shift 6
    local log="$work/rec.$count.log"
    local dest="live: the local HTTP server"
    case "$case" in
        *refused*) dest="closed: nothing listens on that port" ;;
        *bind*|*udp*) dest="none: BIND or UDP ASSOCIATE" ;;
    esac
    "${SOCKSPEC[@]}" record --listen 127.0.0.1:0 --upstream "127.0.0.1:$up" --out "$out" --label "$impl/$case" \
        --window 3 --count 1 --timeout 15 \
        --meta "implementation=$impl" --meta "implementation-version=$impl_v" \
        --meta "client=$client" --meta "client-version=$client_v" \
        --meta "roles=client $client, server $impl, recorder between them" --meta "destination=$dest" \
        --meta "command=$(printf '%s ' "$@" | sed "s#$work#<tmp>#g")" >"$log" 2>&1 &
    local rpid=$!
    local addr=""
    for _ in $(seq 100); do
        addr=$(sed -n 's/^listening on //p' "$log" 2>/dev/null || true)
        [ -n "$addr" ] && break
        sleep 0.1
    done
    if [ -z "$addr" ]; then say "recorder did not start for $impl/$case"; cat "$log" >&2; kill $rpid 2>/dev/null; return 1; fi
    local port=${addr##*:}
    local args=()
    for a in "$@"; do a=${a//PROXYPORT/$port}; args+=("${a//PROXY/$addr}"); done
    # The client's own verdict is not the point (failures are recorded on purpose); it only must not hang.
    local status=0
    timeout 20 "${args[@]}" >"$work/client.$count.out" 2>&1 </dev/null || status=$?
    if ! wait $rpid; then say "no connection recorded for $impl/$case (client exit $status)"; fi
    say "$impl/$case: client exit $status"
    count=$((count + 1))
}

# proxychains4 reads its proxy from a config file, written here for the recorder's port just before the run:
# pc-run TYPE PORT USER PASS COMMAND... (USER/PASS empty for none); proxy_dns sends host names to the proxy.
cat >"$work/pc-run" <<'PC'
#!/bin/sh
type=$1 port=$2 u=$3 p=$4; shift 4
conf=$(mktemp /tmp/sockspec-pc.XXXXXX)
printf 'strict_chain\nquiet_mode\nproxy_dns\ntcp_read_time_out 5000\ntcp_connect_time_out 5000\n[ProxyList]\n%s 127.0.0.1 %s %s %s\n' "$type" "$port" "$u" "$p" >"$conf"
proxychains4 -q -f "$conf" "$@"; status=$?
rm -f "$conf"
exit $status
PC
chmod +x "$work/pc-run"
pc_run="$work/pc-run"

curl_=(curl -sS -m 10 -o /dev/null -w '%{http_code}\n')
get_req=$'GET /hello.txt HTTP/1.0\r\n\r\n'

# An IPv4 client's UDP ASSOCIATE datagram to an IPv6 UDP echo and its answer, recorded at the client's UDP socket
# (no datagram crosses the TCP recorder): udp6 IMPL IMPL-VERSION PORT [USER PASS]. Tried on every server; the tool
# writes a vector only when the exchange worked, so a server without a UDP relay simply has none.
udp6() {
    local i=$1 v=$2 p=$3 status=0; shift 3
    timeout 20 "${tool[@]}" udp-exchange "127.0.0.1:$p" "$out" "$i/refclient-socks5-udp-ipv6" "$i" "$v" ipv6 "$@" \
        >"$work/udp6.$i.out" 2>&1 </dev/null || status=$?
    say "$i/refclient-socks5-udp-ipv6: exit $status"
}

# The cases every server gets without authentication.
open_cases() {
    local i=$1 v=$2 p=$3
    rec "$i" "$v" curl-socks4 curl "$curl_v" "$p" "${curl_[@]}" --socks4 PROXY "$url"
    rec "$i" "$v" curl-socks4a curl "$curl_v" "$p" "${curl_[@]}" --socks4a PROXY "$url_name"
    rec "$i" "$v" curl-socks4-userid curl "$curl_v" "$p" "${curl_[@]}" -x "socks4://$userid@PROXY" "$url"
    rec "$i" "$v" curl-socks4-refused curl "$curl_v" "$p" "${curl_[@]}" --socks4 PROXY "http://127.0.0.1:$closed/"
    rec "$i" "$v" curl-socks5 curl "$curl_v" "$p" "${curl_[@]}" --socks5 PROXY "$url"
    rec "$i" "$v" curl-socks5-hostname curl "$curl_v" "$p" "${curl_[@]}" --socks5-hostname PROXY "$url_name"
    rec "$i" "$v" curl-socks5-ipv6 curl "$curl_v" "$p" "${curl_[@]}" --socks5 PROXY "$url6"
    rec "$i" "$v" curl-socks5-refused curl "$curl_v" "$p" "${curl_[@]}" --socks5 PROXY "http://127.0.0.1:$closed/"
    rec "$i" "$v" curl-socks5h-refused curl "$curl_v" "$p" "${curl_[@]}" --socks5-hostname PROXY "http://localhost:$closed/"
    rec "$i" "$v" curl-socks5-offers-credentials curl "$curl_v" "$p" "${curl_[@]}" -x "socks5://$userid:$offered_pass@PROXY" "$url"
    rec "$i" "$v" ncat-socks4 ncat "$ncat_v" "$p" sh -c "printf '$get_req' | ncat --proxy PROXY --proxy-type socks4 127.0.0.1 $http"
    rec "$i" "$v" ncat-socks5 ncat "$ncat_v" "$p" sh -c "printf '$get_req' | ncat --proxy PROXY --proxy-type socks5 127.0.0.1 $http"
    rec "$i" "$v" ncat-socks5-remote-dns ncat "$ncat_v" "$p" sh -c "printf '$get_req' | ncat --proxy PROXY --proxy-type socks5 --proxy-dns remote localhost $http"
    rec "$i" "$v" proxychains-socks5 proxychains4 "$pc_v" "$p" "$pc_run" socks5 PROXYPORT "" "" "${curl_[@]}" "$url"
    rec "$i" "$v" proxychains-socks4 proxychains4 "$pc_v" "$p" "$pc_run" socks4 PROXYPORT "" "" "${curl_[@]}" "$url"
    rec "$i" "$v" proxychains-socks5-dns proxychains4 "$pc_v" "$p" "$pc_run" socks5 PROXYPORT "" "" "${curl_[@]}" "$url_name"
    rec "$i" "$v" dotnet-httpclient-socks5 dotnet-httpclient "$dotnet_v" "$p" "${tool[@]}" httpget "socks5://PROXY" "$url"
    rec "$i" "$v" dotnet-httpclient-socks4 dotnet-httpclient "$dotnet_v" "$p" "${tool[@]}" httpget "socks4://PROXY" "$url"
    rec "$i" "$v" dotnet-httpclient-socks4a dotnet-httpclient "$dotnet_v" "$p" "${tool[@]}" httpget "socks4a://PROXY" "$url_name"
    rec "$i" "$v" refclient-socks5-domain sockspec-client "$ref_v" "$p" "${tool[@]}" client PROXY socks5 connect localhost "$http"
    rec "$i" "$v" refclient-socks5-ipv6 sockspec-client "$ref_v" "$p" "${tool[@]}" client PROXY socks5 connect ::1 "$http6"
    rec "$i" "$v" refclient-socks5-bind sockspec-client "$ref_v" "$p" "${tool[@]}" client PROXY socks5 bind 127.0.0.1 0
    rec "$i" "$v" refclient-socks5-udp sockspec-client "$ref_v" "$p" "${tool[@]}" client PROXY socks5 udp 127.0.0.1 "$udp_echo"
    rec "$i" "$v" refclient-socks4-bind sockspec-client "$ref_v" "$p" "${tool[@]}" client PROXY socks4 bind 127.0.0.1 0
}

# The cases a server gets when it requires RFC 1929 username/password (the roster entry's credentials).
auth_cases() {
    local i=$1 v=$2 p=$3 user=$4 pass=$5
    rec "$i" "$v" auth-curl-socks5 curl "$curl_v" "$p" "${curl_[@]}" -x "socks5://$user:$pass@PROXY" "$url"
    rec "$i" "$v" auth-curl-socks5-hostname curl "$curl_v" "$p" "${curl_[@]}" -x "socks5h://$user:$pass@PROXY" "$url_name"
    rec "$i" "$v" auth-curl-socks5-wrong-password curl "$curl_v" "$p" "${curl_[@]}" -x "socks5://$user:wrong@PROXY" "$url"
    rec "$i" "$v" auth-curl-socks5-no-credentials curl "$curl_v" "$p" "${curl_[@]}" --socks5 PROXY "$url"
    rec "$i" "$v" auth-curl-socks4 curl "$curl_v" "$p" "${curl_[@]}" -x "socks4://$user@PROXY" "$url"
    rec "$i" "$v" auth-ncat-socks5 ncat "$ncat_v" "$p" sh -c "printf '$get_req' | ncat --proxy PROXY --proxy-type socks5 --proxy-auth $user:$pass 127.0.0.1 $http"
    rec "$i" "$v" auth-proxychains-socks5 proxychains4 "$pc_v" "$p" "$pc_run" socks5 PROXYPORT "$user" "$pass" "${curl_[@]}" "$url"
    rec "$i" "$v" auth-dotnet-httpclient-socks5 dotnet-httpclient "$dotnet_v" "$p" "${tool[@]}" httpget "socks5://$user:$pass@PROXY" "$url"
    rec "$i" "$v" auth-refclient-socks5 sockspec-client "$ref_v" "$p" "${tool[@]}" client PROXY socks5 connect 127.0.0.1 "$http" "$user" "$pass"
}

# --- the servers: every server entry of the roster, in its order ----------------------------------------------------
rm -rf "$out"
mkdir -p "$out"

# name, kind, how it runs, user, password, description (with the installed version); see `sockspec roster list --help`.
# Tabs become \037 because IFS would merge the tabs around an empty field (no credentials) into one.
"${SOCKSPEC[@]}" roster list --kind server | tr '\t' '\037' >"$work/servers.tsv"
while IFS=$'\037' read -r -u 3 name _ runs ruser rpass describe; do
    [ "$runs" = container ] && { say "$name: container only, skipped"; continue; }
    roster_start "$name" "$work/roster.$name.log"
    p=$ROSTER_PORT
    wait_port "$p"
    if [ -z "$ruser" ]; then
        open_cases "$name" "$describe" "$p"
        udp6 "$name" "$describe" "$p"
    else
        auth_cases "$name" "$describe" "$p" "$ruser" "$rpass"
        udp6 "$name" "$describe" "$p" "$ruser" "$rpass"
    fi
    roster_stop
done 3<"$work/servers.tsv"

# One more UDP exchange with the client on ::1 too (TCP and UDP over IPv6 end to end). The roster's servers all listen
# on 127.0.0.1, so this one is the reference served on ::1 (`sockspec serve`).
log="$work/serve6.log"
"${SOCKSPEC[@]}" serve --listen '[::1]:0' --quiet >"$log" 2>&1 & ROSTER_PID=$!; PIDS+=("$ROSTER_PID")
p=""
for _ in $(seq 100); do p=$(sed -n 's/^listening on \[::1\]://p' "$log" | head -1); [ -n "$p" ] && break; sleep 0.1; done
[ -n "$p" ] || { say "sockspec serve on ::1 did not start"; cat "$log" >&2; exit 1; }
status=0
timeout 20 "${tool[@]}" udp-exchange "[::1]:$p" "$out" reference/refclient-socks5-udp-ipv6-over-ipv6 reference \
    "$(awk -F'\037' '$1 == "reference" { print $6 }' "$work/servers.tsv")" ipv6 >"$work/udp6.over6.out" 2>&1 </dev/null || status=$?
say "reference/refclient-socks5-udp-ipv6-over-ipv6: exit $status"
roster_stop

say "recorded $count client runs; $(find "$out" -name '*.vector' | wc -l) vectors under $out"
"${tool[@]}" generate-invalid "$out" "$invalid" >&2
say "invalid vectors regenerated under $invalid"
