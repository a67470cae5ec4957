#!/bin/sh
# Generates the key material for start.sh into DIR: an ed25519 host key for sshd, an ed25519 client key for ssh,
# authorized_keys (the client key, allowed to forward only) and known_hosts (the host key under the alias that
# start.sh uses). Usage: make-keys.sh DIR
# The keys are made in a scratch folder and renamed into place, so two proxies started at once on a fresh machine
# never see half a set: the first rename wins, the other set is discarded.
set -eu
dir=${1:?usage: make-keys.sh DIR}
[ -f "$dir/client_ed25519" ] && exit 0
mkdir -p "$(dirname "$dir")"
tmp=$(mktemp -d "$dir.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
ssh-keygen -q -t ed25519 -N '' -C sockspec-sshd -f "$tmp/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -C sockspec-client -f "$tmp/client_ed25519"
printf 'restrict,port-forwarding %s\n' "$(cat "$tmp/client_ed25519.pub")" >"$tmp/authorized_keys"
printf 'sockspec-sshd %s\n' "$(cut -d' ' -f1,2 "$tmp/host_ed25519.pub")" >"$tmp/known_hosts"
chmod 600 "$tmp/host_ed25519" "$tmp/client_ed25519"
chmod 644 "$tmp/authorized_keys" "$tmp/known_hosts"
# rename(2) of a directory onto a missing name is atomic; onto an existing one it fails, and the winner's set stays.
mv -T "$tmp" "$dir" 2>/dev/null || [ -f "$dir/client_ed25519" ]
