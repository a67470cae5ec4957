#!/bin/sh
# OpenSSH dynamic forwarding as a SOCKS proxy: `ssh -N -D 127.0.0.1:PORT` logged in to an sshd, in the foreground.
# Usage: start.sh PORT
# The sshd is not a listening daemon: ssh starts it as its ProxyCommand in inetd mode (`sshd -i`) and talks to it over
# a pipe, so the proxy needs exactly one port (PORT) and nothing else is exposed. The SOCKS side (SOCKS4, 4a and 5,
# CONNECT only, no authentication) is ssh's; sshd opens the outbound connections (direct-tcpip).
# Keys: $SOCKSPEC_SSH_KEYS (the image ships keys generated when it was built); on a host they are generated on first
# use in ~/.cache/sockspec-ssh. The login user is $SOCKSPEC_SSH_USER, by default the current user.
set -eu
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
# shellcheck source-path=SCRIPTDIR source=../lib/port.sh
. "$here/../lib/port.sh"
sockspec_port "${1:-}"
keys=${SOCKSPEC_SSH_KEYS:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/sockspec-ssh}
user=${SOCKSPEC_SSH_USER:-$(id -un)}

if [ ! -f "$keys/client_ed25519" ]; then
    "$here/make-keys.sh" "$keys"
fi
# sshd's privilege-separation directory; /run is a tmpfs on most hosts, so it may be gone after a reboot.
[ -d /run/sshd ] || mkdir -p /run/sshd

# ssh itself prefixes the ProxyCommand with exec.
sshd=/usr/sbin/sshd
exec ssh -N -F /dev/null -T \
    -D "127.0.0.1:$PORT" \
    -l "$user" \
    -i "$keys/client_ed25519" \
    -o IdentitiesOnly=yes -o BatchMode=yes \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$keys/known_hosts" -o HostKeyAlias=sockspec-sshd \
    -o ExitOnForwardFailure=yes -o ServerAliveInterval=15 -o ServerAliveCountMax=3 \
    -o LogLevel=ERROR \
    -o ProxyCommand="$sshd -i -e -f /dev/null \
        -o HostKey=$keys/host_ed25519 \
        -o AuthorizedKeysFile=$keys/authorized_keys \
        -o StrictModes=no -o UsePAM=no -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no \
        -o PermitRootLogin=prohibit-password -o AllowTcpForwarding=local -o PermitTTY=no -o X11Forwarding=no \
        -o UseDNS=no -o LogLevel=ERROR" \
    sockspec-sshd
