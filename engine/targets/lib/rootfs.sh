# shellcheck shell=bash
# Sourced by build-images.sh: lays out a FROM-scratch root filesystem from this host's files. Nothing is downloaded;
# every file in an image is a copy of a file installed here by Debian packages (scripts/setup.sh).
# ROOTFS must be set to the directory being filled.

# rootfs_file SRC [DEST]: copies SRC (symlinks resolved) to DEST (default: the same path) inside ROOTFS, keeping its mode.
rootfs_file() {
    local src=$1 dest=${2:-$1}
    [ -e "$src" ] || { echo "build-images: $src not found on this host (run scripts/setup.sh)" >&2; return 1; }
    mkdir -p "$ROOTFS$(dirname "$dest")"
    cp -L --preserve=mode "$src" "$ROOTFS$dest"
}

# rootfs_binary PATH...: copies each executable and every shared library ldd says it loads (the dynamic loader too).
rootfs_binary() {
    local bin lib
    for bin in "$@"; do
        rootfs_file "$bin"
        # ldd prints "name => /path (addr)" and "/lib64/ld-linux... (addr)"; only the absolute paths matter.
        for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
            [ -e "$ROOTFS$lib" ] || rootfs_file "$lib"
        done
    done
}

# rootfs_base NAME: what every sockspec image has: /bin/sh (dash) to run the shared start.sh, an empty /tmp, the
# NSS configuration (files only: no host lookups leak in), and the target's own folder under /sockspec.
rootfs_base() {
    local name=$1 targets
    targets=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    rootfs_binary /bin/dash
    mkdir -p "$ROOTFS/bin" "$ROOTFS/tmp" "$ROOTFS/etc" "$ROOTFS/sockspec/lib" "$ROOTFS/root"
    mv "$ROOTFS/bin/dash" "$ROOTFS/bin/sh"
    chmod 1777 "$ROOTFS/tmp"
    chmod 700 "$ROOTFS/root"
    printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' >"$ROOTFS/etc/nsswitch.conf"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$ROOTFS/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$ROOTFS/etc/group"
    rootfs_file /etc/protocols
    rootfs_file /etc/services
    cp --preserve=mode "$targets/lib/port.sh" "$ROOTFS/sockspec/lib/"
    mkdir -p "$ROOTFS/sockspec/$name"
    find "$targets/$name" -maxdepth 1 -type f ! -name Dockerfile -exec cp --preserve=mode {} "$ROOTFS/sockspec/$name/" \;
}
