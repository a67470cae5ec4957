#!/usr/bin/env python3
"""A deliberately hostile or broken "SOCKS server" for sockspec's own robustness checks (scripts/hostile-budget.sh, the
runner's exec-target tests). Never a conformance target: each behaviour is one way a target can try to hurt the runner.

    hostile_target.py BEHAVIOUR [--port N] [--kill-port P] [--die-after S] [--overlap-ports A,B] [--kill-cmd C]

Listens on 127.0.0.1 (port 0 unless --port), prints "listening on 127.0.0.1:PORT" (the line `sockspec run --exec`
understands) and serves every connection with BEHAVIOUR until killed:

    flood      random bytes endlessly, at full speed
    silent     accept and never speak
    rst        accept and reset at once
    fin        accept and close at once
    random     4 KiB of random bytes, then silence
    trickle    one byte every 2 seconds, forever
    bnd-flood  SOCKS5 no-auth; every request answered with success and a 255-octet domain BND, then endless data
    markup     SOCKS5/SOCKS4 that puts markup and script in every field it sends, then closes
    dies-on    a minimal working SOCKS5 no-auth CONNECT proxy that exits (status 3) on a CONNECT to --kill-port,
               and also --die-after seconds after it started, when given (a death no case causes); with
               --overlap-ports A,B a CONNECT to A or B is held for a second before its REP 05, and the proxy exits
               only when CONNECTs to A and to B are held at once (a death that takes two cases together); with
               --kill-cmd C it also exits on a request whose CMD is C (the suite's rfc1928/4/cmd-7f sends 127)
    hangs-on   dies-on's proxy, except that a CONNECT to --kill-port does not kill it but makes it deaf: it keeps
               accepting connections and never answers one again (a deadlocked or spinning server)
"""
import argparse
import os
import socket
import struct
import sys
import threading
import time

MARKUP = b"<script>alert('sockspec')</script><img src=x onerror=alert(1)>\"'&"


def recv_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def read_socks5_request(conn):
    """Greeting then request; returns (cmd, port) or raises. Answers the greeting with 05 00."""
    ver, n = recv_exact(conn, 2)
    recv_exact(conn, n)
    conn.sendall(b"\x05\x00")
    ver, cmd, _rsv, atyp = recv_exact(conn, 4)
    if atyp == 1:
        recv_exact(conn, 4)
    elif atyp == 4:
        recv_exact(conn, 16)
    elif atyp == 3:
        recv_exact(conn, recv_exact(conn, 1)[0])
    else:
        raise ConnectionError("bad atyp")
    (port,) = struct.unpack(">H", recv_exact(conn, 2))
    return cmd, port


def flood(conn):
    chunk = os.urandom(65536)
    while True:
        conn.sendall(chunk)


def silent(conn):
    while conn.recv(4096):
        pass


def rst(conn):
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def fin(conn):
    pass


def random_bytes(conn):
    conn.sendall(os.urandom(4096))
    silent(conn)


def trickle(conn):
    while True:
        conn.sendall(os.urandom(1))
        time.sleep(2)


def bnd_flood(conn):
    first = conn.recv(1, socket.MSG_PEEK)
    if first == b"\x05":
        read_socks5_request(conn)
        conn.sendall(b"\x05\x00\x00\x03\xff" + b"a" * 255 + b"\x04\x38")
    flood(conn)


def markup(conn):
    first = conn.recv(1, socket.MSG_PEEK)
    if first == b"\x05":
        read_socks5_request(conn)
        name = (MARKUP * 4)[:255]
        conn.sendall(b"\x05\x00\x00\x03" + bytes([len(name)]) + name + b"\x00\x50")
    else:
        conn.recv(4096)
        conn.sendall(b"\x00\x5a\x00\x50\x7f\x00\x00\x01")
    conn.sendall(MARKUP * 8)


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


HELD = set()
HELD_LOCK = threading.Lock()
DEAF = threading.Event()
DEAF_HOLD = 600  # seconds a deaf server holds a connection before letting go (the suite gives up long before)


def hold_overlap(conn, port, overlap):
    """A CONNECT to one of the overlap ports: held a second, then refused; both held at once kills the proxy."""
    with HELD_LOCK:
        HELD.add(port)
        if HELD >= set(overlap):
            sys.stdout.write(f"CONNECTs to ports {overlap[0]} and {overlap[1]} at once: dying\n")
            sys.stdout.flush()
            os._exit(3)
    try:
        time.sleep(1.0)
        conn.sendall(b"\x05\x05\x00\x01\x00\x00\x00\x00\x00\x00")
    finally:
        with HELD_LOCK:
            HELD.discard(port)


def dies_on(conn, kill_port, overlap, kill_cmd, hang=False):
    cmd, port = read_socks5_request(conn)
    if cmd == 1 and port == kill_port and hang:
        sys.stdout.write(f"CONNECT to port {kill_port}: going deaf\n")
        sys.stdout.flush()
        DEAF.set()
        time.sleep(DEAF_HOLD)
        return
    if cmd == 1 and port == kill_port:
        sys.stdout.write(f"CONNECT to port {kill_port}: dying\n")
        sys.stdout.flush()
        os._exit(3)
    if cmd == kill_cmd:
        sys.stdout.write(f"request with CMD {kill_cmd}: dying\n")
        sys.stdout.flush()
        os._exit(3)
    if cmd == 1 and port in overlap:
        hold_overlap(conn, port, overlap)
        return
    if cmd != 1:
        conn.sendall(b"\x05\x07\x00\x01\x00\x00\x00\x00\x00\x00")
        return
    # Only the suite's own loopback fixtures are ever relayed to.
    try:
        out = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        conn.sendall(b"\x05\x05\x00\x01\x00\x00\x00\x00\x00\x00")
        return
    host, bport = out.getsockname()[:2]
    conn.sendall(b"\x05\x00\x00\x01" + socket.inet_aton(host) + struct.pack(">H", bport))
    t = threading.Thread(target=pump, args=(out, conn), daemon=True)
    t.start()
    pump(conn, out)
    t.join(10)
    out.close()


BEHAVIOURS = {
    "flood": flood, "silent": silent, "rst": rst, "fin": fin, "random": random_bytes, "trickle": trickle,
    "bnd-flood": bnd_flood, "markup": markup, "dies-on": None, "hangs-on": None,
}


def serve(conn, behaviour, kill_port, overlap, kill_cmd):
    try:
        with conn:
            if DEAF.is_set():
                time.sleep(DEAF_HOLD)
            elif behaviour in ("dies-on", "hangs-on"):
                dies_on(conn, kill_port, overlap, kill_cmd, hang=behaviour == "hangs-on")
            else:
                BEHAVIOURS[behaviour](conn)
    except OSError:
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("behaviour", choices=sorted(BEHAVIOURS))
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--kill-port", type=int, default=9)
    parser.add_argument("--die-after", type=float, default=None)
    parser.add_argument("--kill-cmd", type=int, default=None, help="dies on a request with this CMD")
    parser.add_argument("--overlap-ports", default="", help="A,B: dies only when CONNECTs to both are held at once")
    args = parser.parse_args()
    overlap = tuple(int(p) for p in args.overlap_ports.split(",") if p)
    if overlap and len(overlap) != 2:
        parser.error("--overlap-ports takes two ports, A,B")
    if args.die_after is not None:
        threading.Timer(args.die_after, lambda: os._exit(3)).start()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(128)
    print(f"listening on 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn, args.behaviour, args.kill_port, overlap, args.kill_cmd), daemon=True).start()


if __name__ == "__main__":
    main()
