#!/usr/bin/env bash
# Builds the libFuzzer driver (fuzz/driver/driver.c) into fuzz/build/driver/sockspec-fuzz-driver.
# Usage: fuzz/driver/build.sh [OUTPUT]
# CC, CFLAGS and LIB_FUZZING_ENGINE (default -fsanitize=fuzzer) may be overridden, as OSS-Fuzz/ClusterFuzzLite do.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../build/driver/sockspec-fuzz-driver}"
cc="${CC:-clang-14}"
mkdir -p "$(dirname "$out")"
# -fsanitize=fuzzer links libFuzzer's main; the driver itself has no coverage worth tracing (the .NET map is the
# coverage), so no -fsanitize-coverage flags beyond what -fsanitize=fuzzer implies.
# shellcheck disable=SC2086
"$cc" ${CFLAGS:--O2 -g} -std=c11 -Wall -Wextra -Werror "$here/driver.c" ${LIB_FUZZING_ENGINE:--fsanitize=fuzzer} -o "$out"
echo "$out"
