#!/usr/bin/env python3
"""Checks that a SOCKS5 proxy on 127.0.0.1 relays BIND and UDP ASSOCIATE to loopback (verify.sh uses it for the
proxies that claim them). Every socket has a timeout; only 127.0.0.1 is ever contacted.

usage: socks_check.py PORT bind|udp [USER PASSWORD]
"""
import socket
import struct
import sys

TIMEOUT = 5.0


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise RuntimeError(f"proxy closed after {data.hex()} (wanted {n} bytes)")
        data += chunk
    return data


def handshake(port, user, password):
    s = socket.create_connection(("127.0.0.1", port), TIMEOUT)
    s.settimeout(TIMEOUT)
    method = 2 if user else 0
    s.sendall(bytes([5, 1, method]))
    if recv_exact(s, 2) != bytes([5, method]):
        raise RuntimeError("method not accepted")
    if user:
        u, p = user.encode(), password.encode()
        s.sendall(bytes([1, len(u)]) + u + bytes([len(p)]) + p)
        if recv_exact(s, 2)[1] != 0:
            raise RuntimeError("login refused")
    return s


def read_reply(s):
    head = recv_exact(s, 4)
    if head[1] != 0:
        raise RuntimeError(f"request refused: REP {head[1]}")
    if head[3] != 1:
        raise RuntimeError(f"reply ATYP {head[3]}, expected IPv4")
    addr = socket.inet_ntoa(recv_exact(s, 4))
    (port,) = struct.unpack("!H", recv_exact(s, 2))
    return addr, port


def check_udp(port, user, password):
    echo = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    echo.bind(("127.0.0.1", 0))
    echo.settimeout(TIMEOUT)
    client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    client.bind(("127.0.0.1", 0))
    client.settimeout(TIMEOUT)
    s = handshake(port, user, password)
    caddr, cport = client.getsockname()
    s.sendall(bytes([5, 3, 0, 1]) + socket.inet_aton(caddr) + struct.pack("!H", cport))
    raddr, rport = read_reply(s)
    if raddr == "0.0.0.0":
        raddr = "127.0.0.1"
    eaddr, eport = echo.getsockname()
    header = bytes([0, 0, 0, 1]) + socket.inet_aton(eaddr) + struct.pack("!H", eport)
    client.sendto(header + b"udp-ping", (raddr, rport))
    data, peer = echo.recvfrom(2048)
    if data != b"udp-ping":
        raise RuntimeError(f"relayed datagram was {data!r}")
    echo.sendto(b"udp-pong", peer)
    data, _ = client.recvfrom(2048)
    if not data.endswith(b"udp-pong") or data[3] != 1:
        raise RuntimeError(f"reply datagram was {data.hex()}")
    s.close()


def check_bind(port, user, password):
    s = handshake(port, user, password)
    # DST is the peer expected to connect back: ourselves on loopback.
    s.sendall(bytes([5, 2, 0, 1]) + socket.inet_aton("127.0.0.1") + struct.pack("!H", 0))
    baddr, bport = read_reply(s)
    if baddr == "0.0.0.0":
        baddr = "127.0.0.1"
    peer = socket.create_connection((baddr, bport), TIMEOUT)
    peer.settimeout(TIMEOUT)
    read_reply(s)
    peer.sendall(b"bind-ping")
    if recv_exact(s, 9) != b"bind-ping":
        raise RuntimeError("BIND relay lost data")
    s.sendall(b"bind-pong")
    if recv_exact(peer, 9) != b"bind-pong":
        raise RuntimeError("BIND relay lost data back")
    s.close()
    peer.close()


def main():
    if len(sys.argv) not in (3, 5) or sys.argv[2] not in ("bind", "udp"):
        print(__doc__, file=sys.stderr)
        return 2
    port = int(sys.argv[1])
    user, password = (sys.argv[3], sys.argv[4]) if len(sys.argv) == 5 else (None, None)
    try:
        (check_bind if sys.argv[2] == "bind" else check_udp)(port, user, password)
    except (OSError, RuntimeError) as e:
        print(f"{sys.argv[2]}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
