#!/usr/bin/env bash
# Regenerates the published matrices of the roster's implementations (engine/targets/roster.json):
#   out/matrix/     the HTML matrix of the servers (index.html: targets x cases, cases/*.html with the wire traces),
#                   <name>.json and <name>.junit.xml per target                       (generated, not committed)
#   out/clients/    the same for the clients                                          (generated, not committed)
#   reports/MATRIX.md, reports/CLIENTS.md   per implementation: verdict counts and every FAIL with its hand-checked
#                   explanation from reports/notes.tsv (a FAIL no note explains is flagged as UNCHECKED)
#
#   scripts/matrix.sh
#
# Needs what scripts/setup.sh installs. Uses the private dockerd (scripts/dockerd.sh; started and stopped here if it
# is not running), builds the FROM-scratch images (engine/targets/build-images.sh) and sockspec (Release;
# SOCKSPEC_DLL=path/sockspec.dll uses an existing build). About two and a half minutes. The Markdown files are replaced
# only when every implementation matched its expected file: a matrix that disagrees with CI is not published.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf 'matrix: %s\n' "$*"; }

started_dockerd=0
cleanup() {
    [ "$started_dockerd" = 1 ] && scripts/dockerd.sh stop >/dev/null 2>&1
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${SOCKSPEC_DLL:-}" ]; then
    sockspec=(dotnet "$SOCKSPEC_DLL")
else
    say "building sockspec (Release)"
    dotnet build engine/Sockspec.Cli -c Release -nologo -v quiet -clp:NoSummary >/dev/null
    sockspec=(dotnet "$root/engine/Sockspec.Cli/bin/Release/net10.0/sockspec.dll")
fi
if ! scripts/dockerd.sh status 2>/dev/null; then
    scripts/dockerd.sh start
    started_dockerd=1
fi
eval "$(scripts/dockerd.sh env)"
say "building the proxy images"
engine/targets/build-images.sh

rm -rf out/matrix out/clients && mkdir -p out/matrix out/clients
rc=0
say "servers"
"${sockspec[@]}" run --targets engine/targets/roster.json --out out/matrix \
    --markdown out/matrix/MATRIX.md --notes reports/notes.tsv --changes reports/changes.md | tee out/matrix/run.log || rc=$?
say "clients"
"${sockspec[@]}" clients --targets engine/targets/roster.json --timeout 3 --concurrency 4 --out out/clients \
    --markdown out/clients/CLIENTS.md --notes reports/notes.tsv 2>out/clients/cases.log | tee out/clients/run.log || rc=$?
if [ "$rc" -ne 0 ]; then
    say "a run exited $rc; reports/MATRIX.md and reports/CLIENTS.md left as they were (logs: out/matrix/run.log, out/clients/run.log)"
    exit "$rc"
fi
cp out/matrix/MATRIX.md reports/MATRIX.md
cp out/clients/CLIENTS.md reports/CLIENTS.md
say "wrote out/matrix/index.html, out/clients/index.html, reports/MATRIX.md and reports/CLIENTS.md"
