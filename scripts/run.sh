#!/usr/bin/env bash
# The README's main job: build sockspec and run the whole conformance suite against the embedded reference proxy,
# writing the HTML report to out/report/index.html (plus JSON and JUnit beside it). Extra arguments go to
# `sockspec run`, e.g. `scripts/run.sh --target 127.0.0.1:1080` or `scripts/run.sh --user u --password p`.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out/report
dotnet build engine/Sockspec.Cli -c Release -nologo -v quiet -clp:NoSummary
exec dotnet engine/Sockspec.Cli/bin/Release/net10.0/sockspec.dll run \
  --out out/report --json out/report/results.json --junit out/report/junit.xml "$@"
