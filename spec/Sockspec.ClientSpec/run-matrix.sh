#!/usr/bin/env bash
# Runs the published SOCKS client matrix (curl socks4/4a/5/5h/5h+credentials, ncat socks5/socks4, proxychains4 and
# .NET HttpClient socks4/4a/5/5+credentials) against the scripted server and compares every verdict with
# spec/Sockspec.ClientSpec/expected/<client>.expect. Writes the HTML matrix and a Markdown summary (matrix.md)
# to reports/clients/ (or $SOCKSPEC_CLIENT_REPORTS).
#
#   spec/Sockspec.ClientSpec/run-matrix.sh            compare; exit 1 when any verdict differs from its file
#   spec/Sockspec.ClientSpec/run-matrix.sh --write    refresh the expected-results files instead (review the diff!)
#
# Needs curl, ncat and proxychains4 (scripts/setup.sh installs them). Loopback only.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${SOCKSPEC_CLIENT_REPORTS:-$ROOT/reports/clients}
CLIENTS=(curl-socks4 curl-socks4a curl-socks5 curl-socks5h curl-socks5h-userpass ncat-socks5 ncat-socks4
         proxychains4-socks5 httpclient-socks5 httpclient-socks5-userpass httpclient-socks4 httpclient-socks4a)

dotnet build "$ROOT/engine/Sockspec.Cli" -nologo -v q >/dev/null
SOCKSPEC="$ROOT/engine/Sockspec.Cli/bin/Debug/net10.0/sockspec"

args=()
for c in "${CLIENTS[@]}"; do args+=(--client "$c"); done
mkdir -p "$OUT"
if [ "${1:-}" = "--write" ]; then
    exec "$SOCKSPEC" clients "${args[@]}" --timeout 3 --concurrency 4 --out "$OUT" \
        --summary "$OUT/matrix.md" --write-expect-dir "$HERE/expected"
fi
exec "$SOCKSPEC" clients "${args[@]}" --timeout 3 --concurrency 4 --out "$OUT" \
    --summary "$OUT/matrix.md" --expect-dir "$HERE/expected"
