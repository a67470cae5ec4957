#!/usr/bin/env bash
# Installs what sockspec's build, tests, benchmarks and container targets need on Debian 12, as root, without
# questions. Idempotent: a package already installed is not touched, so a re-run only restores NuGet packages.
# Installing a daemon package (dante-server, openssh-server, v2ray) must not leave a system daemon listening on a
# port the tests use, so services are kept from starting while apt runs and stopped afterwards if one started anyway.
set -euo pipefail

cd "$(dirname "$0")/.."

PACKAGES=(
    curl ncat proxychains4 microsocks dante-server openssh-server openssh-client v2ray docker.io
    libclang-rt-14-dev clang-14 chromium tcpdump hyperfine iproute2 python3
)
DAEMON_SERVICES=(ssh danted v2ray docker containerd)

say() { printf 'setup.sh: %s\n' "$*"; }

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
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
    restore_policy
    trap - EXIT

    # Belt and braces: where an init system started a daemon anyway, stop it (by its own service script).
    for svc in "${DAEMON_SERVICES[@]}"; do
        if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
            if systemctl is-active --quiet "$svc" 2>/dev/null; then
                systemctl stop "$svc" && say "stopped system service $svc"
                systemctl disable --quiet "$svc" 2>/dev/null || true
            fi
        elif [ -x "/etc/init.d/$svc" ] && "/etc/init.d/$svc" status >/dev/null 2>&1; then
            "/etc/init.d/$svc" stop >/dev/null 2>&1 && say "stopped system service $svc"
        fi
    done
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
