#!/usr/bin/env bash
# Regenerates the published conformance matrix of real proxies (issue 5 §4):
#   reports/matrix/            the HTML matrix (index.html: targets x cases, cases/*.html with the wire traces), and
#                              <name>.json + <name>.junit.xml per target, from one `sockspec run --targets` run
#   reports/MATRIX.md          per proxy: verdict counts and its deviations (each FAIL with its hand-checked
#                              explanation from reports/matrix/notes.tsv; a FAIL without one is flagged as unchecked)
#
#   scripts/matrix.sh
#
# Needs what scripts/setup.sh installs. Uses the private dockerd (scripts/dockerd.sh; started and stopped here if it
# is not running), builds the FROM-scratch images (engine/targets/build-images.sh) and sockspec (Release;
# SOCKSPEC_DLL=path/sockspec.dll uses an existing build). Takes about a minute and a half.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
matrix=reports/matrix
say() { printf 'matrix: %s\n' "$*"; }

started_dockerd=0
cleanup() {
    [ "$started_dockerd" = 1 ] && scripts/dockerd.sh stop >/dev/null 2>&1
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${SOCKSPEC_DLL:-}" ]; then
    dll=$SOCKSPEC_DLL
else
    say "building sockspec (Release)"
    dotnet build engine/Sockspec.Cli -c Release -nologo -v quiet -clp:NoSummary >/dev/null
    dll=$root/engine/Sockspec.Cli/bin/Release/net10.0/sockspec.dll
fi
if ! scripts/dockerd.sh status 2>/dev/null; then
    scripts/dockerd.sh start
    started_dockerd=1
fi
eval "$(scripts/dockerd.sh env)"
say "building the proxy images"
engine/targets/build-images.sh microsocks dante ssh v2ray

version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown; }

# The run writes into a fresh folder that replaces reports/matrix only when it succeeded; the notes are kept.
final=$matrix
mkdir -p "$root/out"
matrix=$(mktemp -d "$root/out/.matrix-XXXXXX")
trap 'rm -rf "$matrix"; cleanup' EXIT
cp "$final/notes.tsv" "$matrix/notes.tsv" 2>/dev/null || : >"$matrix/notes.tsv"
cp "$final/changes.md" "$matrix/changes.md" 2>/dev/null || true

# The embedded reference proxy is the baseline column: `sockspec serve` on a free port, as a local process.
cat >"$matrix/targets.json" <<JSON
{
  "targets": [
    { "name": "reference", "exec": "dotnet $dll serve --listen 127.0.0.1:{port}" },
    { "name": "microsocks", "docker": { "image": "sockspec/microsocks", "cmd": ["{port}"] },
      "expect": "reports/expected/microsocks.expect" },
    { "name": "dante-noauth", "docker": { "image": "sockspec/dante", "cmd": ["{port}", "noauth"] },
      "expect": "reports/expected/dante-noauth.expect" },
    { "name": "dante-username", "docker": { "image": "sockspec/dante", "cmd": ["{port}", "username"] },
      "user": "sockspec", "password": "sockspec", "expect": "reports/expected/dante-username.expect" },
    { "name": "ssh", "docker": { "image": "sockspec/ssh", "cmd": ["{port}"] },
      "expect": "reports/expected/ssh.expect" },
    { "name": "v2ray", "docker": { "image": "sockspec/v2ray", "cmd": ["{port}"] },
      "expect": "reports/expected/v2ray.expect" },
    { "name": "microsocks-username", "docker": { "image": "sockspec/microsocks", "cmd": ["{port}"],
      "env": ["SOCKSPEC_USER=sockspec", "SOCKSPEC_PASSWORD=sockspec"] },
      "user": "sockspec", "password": "sockspec", "expect": "reports/expected/microsocks-username.expect" },
    { "name": "v2ray-username", "docker": { "image": "sockspec/v2ray", "cmd": ["{port}"],
      "env": ["SOCKSPEC_USER=sockspec", "SOCKSPEC_PASSWORD=sockspec"] },
      "user": "sockspec", "password": "sockspec", "expect": "reports/expected/v2ray-username.expect" }
  ]
}
JSON

printf 'reference\tsockspec serve (embedded reference proxy)\tlocal process\n' >"$matrix/versions.tsv"
printf 'microsocks\tmicrosocks %s\tcontainer\n' "$(version microsocks)" >>"$matrix/versions.tsv"
printf 'dante-noauth\tdante-server %s, no authentication\tcontainer\n' "$(version dante-server)" >>"$matrix/versions.tsv"
printf 'dante-username\tdante-server %s, username/password\tcontainer\n' "$(version dante-server)" >>"$matrix/versions.tsv"
printf 'ssh\tOpenSSH %s, ssh -N -D\tcontainer\n' "$(version openssh-client)" >>"$matrix/versions.tsv"
printf 'v2ray\tv2ray %s, socks inbound\tcontainer\n' "$(version v2ray)" >>"$matrix/versions.tsv"
printf 'microsocks-username\tmicrosocks %s, username/password\tcontainer\n' "$(version microsocks)" >>"$matrix/versions.tsv"
printf 'v2ray-username\tv2ray %s, socks inbound, username/password\tcontainer\n' "$(version v2ray)" >>"$matrix/versions.tsv"

say "running the suite against every target"
start=$SECONDS
set +e
dotnet "$dll" run --targets "$matrix/targets.json" --out "$matrix" | tee "$matrix/run.log"
rc=${PIPESTATUS[0]}
set -e
elapsed=$((SECONDS - start))
# The targets file names this machine's build path; the committed copy says what to run instead.
sed -i "s#dotnet $dll#sockspec#" "$matrix/targets.json" "$matrix/run.log"
# 2: a target did not run. 1: the reference failed a case, or a proxy's verdicts differ from the expected files that CI
# checks (scripts/acceptance.sh): a matrix that disagrees with CI is not published.
if [ "$rc" -ne 0 ]; then
    mkdir -p "$root/out" && cp "$matrix/run.log" "$root/out/matrix-failed-run.log" 2>/dev/null || true
    say "sockspec run exited $rc; reports/matrix and reports/MATRIX.md left as they were (log: out/matrix-failed-run.log)"
    exit "$rc"
fi

python3 scripts/matrix_md.py "$matrix" "$elapsed" "$final" >"$matrix/MATRIX.md"
sed -i "s#$matrix#$final#g" "$matrix/run.log"
mv "$matrix/MATRIX.md" reports/MATRIX.md
rm -rf "$final"
mv "$matrix" "$final"
say "wrote $final/index.html and reports/MATRIX.md in ${elapsed} s"
