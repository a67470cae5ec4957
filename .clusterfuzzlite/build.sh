#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build: one fuzzer per sockspec target in $OUT.
# Each fuzzer is a small script (OSS-Fuzz finds fuzzers by the LLVMFuzzerTestOneInput marker, as it does for its JVM
# and Python projects) that runs the libFuzzer driver against a self-contained .NET app in $OUT/sockspec-app: the
# runner image has no .NET runtime, so the runtime ships with the app. Only the assemblies under test are
# instrumented. Inputs: $SRC, $OUT, $CC, $CFLAGS, $LIB_FUZZING_ENGINE (set by the OSS-Fuzz builder).
repo="${SOCKSPEC_SRC:-$SRC/sockspec}"
app="$OUT/sockspec-app"

CC="$CC" CFLAGS="$CFLAGS" LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" \
    "$repo/fuzz/driver/build.sh" "$OUT/sockspec-fuzz-driver"

rm -rf "$app"
(cd "$repo" && dotnet tool restore)
dotnet publish "$repo/fuzz/Sockspec.Fuzz/Sockspec.Fuzz.csproj" -c Release -r linux-x64 --self-contained true \
    -p:UseAppHost=true -o "$app" --nologo
for dll in Sockspec.Codec.dll Sockspec.Proxy.dll; do
    (cd "$repo" && dotnet tool run sharpfuzz "$app/$dll")
done

for target in $("$app/Sockspec.Fuzz" --list); do
    # The server target needs a loopback-only network namespace, which the OSS-Fuzz runners do not give.
    [[ "$target" == server-handshake ]] && continue
    cat >"$OUT/$target" <<SCRIPT
#!/bin/bash
# LLVMFuzzerTestOneInput -- marker for OSS-Fuzz's fuzzer detection; the driver is the real libFuzzer binary.
here="\$(cd "\$(dirname "\$0")" && pwd)"
exec "\$here/sockspec-fuzz-driver" --target_path="\$here/sockspec-app/Sockspec.Fuzz" --target_arg=$target \
    -max_len=$("$app/Sockspec.Fuzz" max-len "$target") "\$@"
SCRIPT
    chmod +x "$OUT/$target"
    [[ -f "$repo/fuzz/Dictionaries/$target.dict" ]] && cp "$repo/fuzz/Dictionaries/$target.dict" "$OUT/$target.dict"
    seeds=$(mktemp -d)
    for d in "$repo/fuzz/Corpora/$target" "$repo/fuzz/Regressions/$target"; do
        [[ -d "$d" ]] && find "$d" -type f ! -name '*.md' -exec cp {} "$seeds/" \;
    done
    (cd "$seeds" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
    rm -rf "$seeds"
done
