#!/usr/bin/env bash
# Coverage-guided fuzzing of sockspec's parsers: libFuzzer (fuzz/driver) driving a SharpFuzz-instrumented .NET child.
#
#   fuzz/run.sh TARGET [SECONDS]            fuzz TARGET (default 60 s); crashes go to fuzz/work/TARGET/crashes/
#   fuzz/run.sh --list                      target names, one a line
#   fuzz/run.sh --replay TARGET FILE|DIR    run inputs without libFuzzer and print any .NET exception
#   fuzz/run.sh --minimize TARGET CRASH     shrink a crashing input (libFuzzer -minimize_crash=1)
#   fuzz/run.sh --build                     only build (driver, publish, instrument)
# Extra libFuzzer flags can be given in LIBFUZZER_FLAGS (e.g. LIBFUZZER_FLAGS="-seed=1 -jobs=2"); SOCKSPEC_FUZZ_WORK
# moves fuzz/work (new corpus inputs, crashes) elsewhere; SOCKSPEC_FUZZ_PIN=0 leaves every target unpinned.
set -euo pipefail

fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$fuzz/.." && pwd)"
build="$fuzz/build"
app="$build/app"
driver="$build/driver/sockspec-fuzz-driver"
work_root="${SOCKSPEC_FUZZ_WORK:-$fuzz/work}"
# The assemblies under test; the harness (Sockspec.Fuzz.dll) and SharpFuzz stay uninstrumented.
instrumented=(Sockspec.Codec.dll Sockspec.Proxy.dll)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { echo "fuzz: $*" >&2; }

# Everything a build depends on, hashed; an unchanged tree reuses fuzz/build.
source_hash() {
    (cd "$root" && find fuzz/driver fuzz/Sockspec.Fuzz engine/Sockspec.Codec engine/Sockspec.Proxy \
        Directory.Build.props Directory.Packages.props dotnet-tools.json \
        -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.c' -o -name '*.sh' -o -name '*.json' \) \
        -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -d' ' -f1
}

build_all() {
    mkdir -p "$build"
    # One build at a time when several runs start together (smoke.sh, parallel campaigns).
    exec 9>"$build/.lock"
    flock 9
    local hash
    hash="$(source_hash)"
    if [[ -x "$driver" && -x "$app/Sockspec.Fuzz" && "$(cat "$build/.stamp" 2>/dev/null)" == "$hash" ]]; then
        flock -u 9
        return
    fi
    if ! build_fresh; then
        # Outside CI a half-edited tree (another project mid-change) should not stop a campaign that has a build.
        if [[ "${CI:-}" != "true" && -x "$app/Sockspec.Fuzz" && -x "$driver" ]]; then
            log "build failed; using the previous build in $app"
        else
            log "build failed"
            exit 2
        fi
    fi
    flock -u 9
}

# Publishes into a clean folder, instruments there, and only then swaps it in: a failed build leaves the last good one.
build_fresh() {
    local next="$build/app.next" hash
    hash="$(source_hash)"
    log "building driver"
    "$fuzz/driver/build.sh" "$driver.next" >/dev/null || return 1
    log "publishing Sockspec.Fuzz into a clean $next"
    # Clean every time: instrumenting an already instrumented assembly would corrupt it.
    rm -rf "$next"
    (cd "$root" && dotnet tool restore >/dev/null) || return 1
    dotnet publish "$fuzz/Sockspec.Fuzz/Sockspec.Fuzz.csproj" -c Release -o "$next" -p:UseAppHost=true --nologo -v quiet >&2 || return 1
    for dll in "${instrumented[@]}"; do
        log "instrumenting $dll"
        (cd "$root" && dotnet tool run sharpfuzz "$next/$dll") >&2 || return 1
    done
    mv "$driver.next" "$driver"
    rm -rf "$app.old"
    [[ -d "$app" ]] && mv "$app" "$app.old"
    mv "$next" "$app"
    rm -rf "$app.old"
    echo "$hash" >"$build/.stamp"
}

# The fuzzer runs in a fresh network namespace with only loopback up when the system allows it (root, or unprivileged
# user namespaces): the proxy targets can make the reference server resolve fuzzed names, and traffic must stay on
# loopback. Those targets refuse to run without it; the codec targets do not care.
isolation() {
    if unshare --net true 2>/dev/null; then
        isolate=(unshare --net sh -c 'ip link set lo up && exec "$0" "$@"')
    else
        log "unshare --net is not available: targets that need an isolated network will refuse to run"
        isolate=()
    fi
}

target_exists() {
    "$app/Sockspec.Fuzz" --list | grep -qx -- "$1" || { log "unknown target '$1' (fuzz/run.sh --list)"; exit 2; }
}

libfuzzer_args() {
    local target="$1"
    local work="$work_root/$target"
    mkdir -p "$work/corpus" "$work/crashes"
    local args=(
        "--target_path=$app/Sockspec.Fuzz" "--target_arg=$target"
        "-max_len=$("$app/Sockspec.Fuzz" max-len "$target")"
        "-artifact_prefix=$work/crashes/"
        "-timeout=10" "-rss_limit_mb=2048" "-print_final_stats=1"
    )
    [[ -f "$fuzz/Dictionaries/$target.dict" ]] && args+=("-dict=$fuzz/Dictionaries/$target.dict")
    # Every target but the server one runs driver and child on one CPU (1.4x the exec/s here, and reproducible
    # coverage; see the driver's pin_to_free_cpu). The server target's sessions run on the thread pool over loopback
    # sockets and need the other CPU. SOCKSPEC_FUZZ_PIN=0: never.
    if [[ "${SOCKSPEC_FUZZ_PIN:-1}" != 0 ]] && ! "$app/Sockspec.Fuzz" --list-isolated | grep -qx -- "$target"; then
        args+=("--pin_cpu=1")
    fi
    printf '%s\n' "${args[@]}"
}

case "${1:-}" in
    --list)
        build_all
        "$app/Sockspec.Fuzz" --list
        ;;
    --build)
        build_all
        ;;
    --replay)
        [[ $# -ge 3 ]] || { log "usage: fuzz/run.sh --replay TARGET FILE|DIR..."; exit 2; }
        build_all
        target_exists "$2"
        isolation
        exec "${isolate[@]}" "$app/Sockspec.Fuzz" replay "$2" "${@:3}"
        ;;
    --minimize)
        [[ $# -eq 3 ]] || { log "usage: fuzz/run.sh --minimize TARGET CRASHFILE"; exit 2; }
        build_all
        target_exists "$2"
        mapfile -t args < <(libfuzzer_args "$2")
        out="$work_root/$2/minimized"
        mkdir -p "$out"
        isolation
        # -runs bounds the number of attempts; each attempt runs the target in a fresh driver + .NET child.
        "${isolate[@]}" "$driver" "${args[@]}" -minimize_crash=1 -runs="${MINIMIZE_RUNS:-2000}" \
            -exact_artifact_path="$out/$(basename "$3").min" ${LIBFUZZER_FLAGS:-} "$3"
        log "minimized input: $out/$(basename "$3").min"
        ;;
    ""|-*)
        sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
        exit 2
        ;;
    *)
        target="$1"
        seconds="${2:-60}"
        build_all
        target_exists "$target"
        mapfile -t args < <(libfuzzer_args "$target")
        corpora=("$work_root/$target/corpus")
        # The committed seeds and regression inputs are read, never written: new inputs go to fuzz/work.
        for d in "$fuzz/Corpora/$target" "$fuzz/Regressions/$target"; do [[ -d "$d" ]] && corpora+=("$d"); done
        isolation
        # shellcheck disable=SC2086
        exec "${isolate[@]}" "$driver" "${args[@]}" -max_total_time="$seconds" ${LIBFUZZER_FLAGS:-} "${corpora[@]}"
        ;;
esac
