#!/usr/bin/env bash
# Builds sockspec's proxy images FROM scratch out of this host's Debian binaries: nothing is pulled, there is no base
# image. Needs a Docker engine (scripts/dockerd.sh start; DOCKER_HOST is taken from the environment, else the private
# daemon's socket) and the packages from scripts/setup.sh.
#
#   engine/targets/build-images.sh [NAME...]     default: every folder here with a Dockerfile, but sockspec
#
#   A folder with a start.sh and an "# image-binaries: PATH..." line in it needs nothing more: its image holds those
#   binaries and their libraries, with start.sh as entrypoint. The others have a layout_NAME function below and may
#   bring their own Dockerfile.
#
#   sockspec/microsocks   microsocks                           run: IMAGE PORT
#   sockspec/dante        danted, noauth or username config    run: IMAGE PORT [noauth|username]
#   sockspec/ssh          ssh -N -D with sshd -i as ProxyCommand   run: IMAGE PORT
#   sockspec/v2ray        v2ray socks inbound (noauth, udp)    run: IMAGE PORT
#   sockspec/testproxy    test fixture: microsocks for N seconds, then exit 3   run: IMAGE PORT SECONDS [listen|silent|dies-on]
#                         (dies-on: scripts/hostile_target.py, which exits 3 on the suite's rfc1928/4/cmd-7f)
#   sockspec/sockspec     sockspec itself, self-contained publish (only when named: a 1-3 minute publish)
#                         run: IMAGE run --target 127.0.0.1:PORT ...
#
# Every image listens on 127.0.0.1:PORT and is meant for `docker run --network host --init`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# The images are the folders that hold a start.sh or a Dockerfile (what runs in them is listed in roster.json, not
# here); sockspec itself is built only when named, as its publish takes minutes.
ALL=()
for folder in "$here"/*/; do
    name=$(basename "$folder")
    [ "$name" != sockspec ] && { [ -f "$folder/start.sh" ] || [ -f "$folder/Dockerfile" ]; } && ALL+=("$name")
done
root=$(cd "$here/../.." && pwd)
export DOCKER_HOST=${DOCKER_HOST:-unix:///run/sockspec-docker.sock}
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=$(command -v docker)
# The legacy builder: BuildKit needs its own components and may try to resolve things remotely.
export DOCKER_BUILDKIT=0

# shellcheck source-path=SCRIPTDIR source=lib/rootfs.sh
. "$here/lib/rootfs.sh"

layout_dante() {
    rootfs_binary /usr/sbin/danted
    # The username config checks passwords against the system database: the image's is the one account sockspec.
    cp --preserve=mode "$here/dante/passwd" "$ROOTFS/etc/passwd"
    cp --preserve=mode "$here/dante/shadow" "$ROOTFS/etc/shadow"
    printf 'root:x:0:\nnogroup:x:65534:\nsockspec:x:1000:\n' >"$ROOTFS/etc/group"
    rootfs_file /lib/x86_64-linux-gnu/libnss_files.so.2
    rootfs_file /lib/x86_64-linux-gnu/libnss_dns.so.2
}

layout_ssh() {
    rootfs_binary /usr/bin/ssh /usr/sbin/sshd
    rootfs_file /lib/x86_64-linux-gnu/libnss_files.so.2
    # Host and client keys are made now, for this image only.
    mkdir -p "$ROOTFS/etc"
    "$here/ssh/make-keys.sh" "$ROOTFS/etc/sockspec-ssh" >/dev/null
    # sshd: privilege separation user and its empty chroot; socks: the account ssh logs in as (key only).
    cat >>"$ROOTFS/etc/passwd" <<'PASSWD'
sshd:x:100:65534::/run/sshd:/bin/false
socks:x:1000:1000:sockspec ssh user:/nonexistent:/bin/sh
PASSWD
    printf 'root:*:20000:0:99999:7:::\nnobody:*:20000:0:99999:7:::\nsshd:*:20000:0:99999:7:::\nsocks:*:20000:0:99999:7:::\n' \
        >"$ROOTFS/etc/shadow"
    chmod 640 "$ROOTFS/etc/shadow"
    printf 'socks:x:1000:\n' >>"$ROOTFS/etc/group"
    mkdir -p "$ROOTFS/run/sshd"
    chmod 755 "$ROOTFS/run/sshd"
}

layout_testproxy() {
    rootfs_binary /usr/bin/microsocks /bin/sleep /usr/bin/python3.11
    ln -s python3.11 "$ROOTFS/usr/bin/python3"
    # The standard library the scripted dying proxy needs, without its tests, GUI and installer parts (~20 MB).
    mkdir -p "$ROOTFS/usr/lib"
    tar -C /usr/lib --exclude='python3.11/test' --exclude='python3.11/idlelib' --exclude='python3.11/tkinter' \
        --exclude='python3.11/ensurepip' --exclude='python3.11/lib2to3' --exclude='python3.11/pydoc_data' \
        --exclude='python3.11/dist-packages' --exclude='python3.11/site-packages' --exclude='__pycache__' \
        -cf - python3.11 | tar -C "$ROOTFS/usr/lib" -xf -
    cp --preserve=mode "$root/scripts/hostile_target.py" "$ROOTFS/sockspec/testproxy/"
}

layout_sockspec() {
    local app=$ROOTFS/opt/sockspec artifacts
    # A private artifacts path keeps the RID-specific restore out of the working tree's obj/ folders.
    artifacts=$(mktemp -d /tmp/sockspec-publish-XXXXXX)
    if ! dotnet publish "$root/engine/Sockspec.Cli" -c Release -r linux-x64 --self-contained \
        --artifacts-path "$artifacts" -o "$app" -nologo -v quiet -clp:NoSummary >"$artifacts.log" 2>&1; then
        tail -n 30 "$artifacts.log" >&2
        rm -rf "$artifacts" "$artifacts.log"
        return 1
    fi
    rm -rf "$artifacts" "$artifacts.log"
    local file lib
    for file in "$app/sockspec" "$app"/*.so; do
        for lib in $(ldd "$file" 2>/dev/null | grep -o '/[^ ]*'); do
            [ -e "$ROOTFS$lib" ] || rootfs_file "$lib"
        done
    done
    # Loaded with dlopen, so ldd does not list them: TLS and hashing in System.Security.Cryptography.
    rootfs_file /lib/x86_64-linux-gnu/libssl.so.3
    rootfs_file /lib/x86_64-linux-gnu/libcrypto.so.3
}

# The layout of a folder without a layout_NAME function: the binaries its start.sh names on an "# image-binaries:"
# line, with their libraries. A new proxy from a Debian package needs nothing else here.
layout_default() {
    local binaries
    binaries=$(sed -n 's/^# image-binaries: *//p' "$here/$1/start.sh")
    [ -n "$binaries" ] || { echo "build-images: $1/start.sh has no '# image-binaries: PATH...' line (or give build-images.sh a layout_$1)" >&2; return 2; }
    # shellcheck disable=SC2086
    rootfs_binary $binaries
}

build() {
    local name=$1 ctx start
    [ -f "$here/$name/start.sh" ] || [ -f "$here/$name/Dockerfile" ] || { echo "build-images: unknown image '$name' (known: ${ALL[*]})" >&2; return 2; }
    ctx=$(mktemp -d /tmp/sockspec-image-XXXXXX)
    # shellcheck disable=SC2064
    trap "rm -rf '$ctx'" RETURN
    ROOTFS=$ctx/rootfs
    mkdir -p "$ROOTFS"
    start=$SECONDS
    rootfs_base "$name"
    if declare -F "layout_$name" >/dev/null; then "layout_$name"; else layout_default "$name"; fi
    if [ -f "$here/$name/Dockerfile" ]; then
        cp "$here/$name/Dockerfile" "$ctx/Dockerfile"
    else
        # Every proxy image is the same shape: the laid-out files, and the folder's start.sh as entrypoint.
        printf 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/usr/sbin:/usr/bin:/sbin:/bin\nENTRYPOINT ["/bin/sh", "/sockspec/%s/start.sh"]\n' "$name" >"$ctx/Dockerfile"
    fi
    "$DOCKER" build --quiet --pull=false --label "sockspec.target=$name" -t "sockspec/$name:latest" "$ctx" >/dev/null
    printf 'built sockspec/%s (%s, %ss)\n' "$name" \
        "$("$DOCKER" image inspect --format '{{.Size}}' "sockspec/$name:latest" | awk '{printf "%.1f MB", $1/1e6}')" \
        $((SECONDS - start))
}

timeout 10 "$DOCKER" version >/dev/null 2>&1 || {
    echo "build-images: no Docker engine answers on $DOCKER_HOST (start one with scripts/dockerd.sh start)" >&2
    exit 2
}
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${ALL[@]}")
for n in "${names[@]}"; do build "$n"; done
# A rebuild leaves the previous image untagged; drop those (only ours, by label).
"$DOCKER" image prune -f --filter "label=sockspec.target" >/dev/null
