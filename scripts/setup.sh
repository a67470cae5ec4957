#!/usr/bin/env bash
# Installs what sockspec's build, tests, benchmarks and container targets need on Debian 12, as root, without
# questions. Idempotent: a package already installed is not touched, so a re-run only restores NuGet packages.
# Installing a daemon package (dante-server, openssh-server, v2ray, docker.io) must not leave a system daemon
# listening: a policy-rc.d that denies every start is in place while apt runs (an existing one is kept as it is).
set -euo pipefail

cd "$(dirname "$0")/.."

PACKAGES=(
    curl ncat proxychains4 microsocks dante-server openssh-server openssh-client v2ray docker.io
    libclang-rt-14-dev clang-14 chromium tcpdump hyperfine iproute2 python3 time
)

say() { printf 'setup.sh: %s\n' "$*"; }

# One line per listening socket: "ADDRESS:PORT PROCESS".
listeners() {
    ss -Hltunp 2>/dev/null | sed -nE 's/^[a-z]+ +[A-Z]+ +[0-9]+ +[0-9]+ +([^ ]+) .*users:\(\("([^"]+)".*/\1 \2/p' | sort -u
}

installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

missing=()
for p in "${PACKAGES[@]}"; do
    installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
    say "all ${#PACKAGES[@]} apt packages already installed"
else
    if [ "$(id -u)" != 0 ]; then
        say "missing packages (${missing[*]}) and not root: cannot install"
        exit 2
    fi
    say "installing: ${missing[*]}"
    # policy-rc.d exit 101 = "do not start services": the Debian maintainer scripts honour it.
    policy=/usr/sbin/policy-rc.d
    own_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        own_policy=1
    fi
    restore_policy() { [ "$own_policy" = 1 ] && rm -f "$policy"; return 0; }
    trap restore_policy EXIT
    listeners_before=$(listeners)
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
    restore_policy
    trap - EXIT

    # policy-rc.d is what Debian's maintainer scripts (invoke-rc.d, deb-systemd-invoke) obey, so nothing should have
    # started. Say so if a daemon socket appeared anyway, without stopping anything: on a shared machine a new listener
    # may just as well be a test's own proxy.
    while read -r addr proc; do
        case $proc in sshd|danted|v2ray|dockerd|containerd)
            say "warning: $proc now listens on $addr; if that is the system service, stop it before running the tests" ;;
        esac
    done < <(comm -13 <(printf '%s\n' "$listeners_before") <(listeners))
    for p in "${missing[@]}"; do
        installed "$p" || { say "package $p is still not installed"; exit 1; }
    done
    say "installed ${#missing[@]} package(s)"
fi

# sshd refuses to start without its privilege-separation directory; the package creates it only at boot.
mkdir -p /run/sshd

if command -v dotnet >/dev/null; then
    say "restoring NuGet packages"
    dotnet restore Conformance.sln --verbosity quiet
    say "NuGet packages restored"
else
    say "dotnet not found: the .NET 10 SDK must be on PATH"
    exit 2
fi
