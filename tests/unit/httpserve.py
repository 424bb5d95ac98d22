#!/usr/bin/env python3
"""tests/unit/httpserve.py: an HTTP server for tests/unit/t-httpget.sh that
misbehaves on purpose, one way per path, on 127.0.0.1 (a free port, printed
as "PORT n" on stdout). The body of the good answers is FILE (argv[1]).
  /ok        200, Content-Length, the whole file
  /ok.verity 200, the file again (the suffix path)
  /split     the same, the head and body written a few bytes at a time
  /short     Content-Length says the file's size, half of it sent, closed
  /chunked   Transfer-Encoding: chunked
  /nolength  200 without Content-Length, closed after the body
  /silent    nothing sent for 30 s
  /huge      the head of a 1 GiB file, then nothing until the client
             closes (at most 60 s): for tests/qemu/t-livehttp.sh's too-big
             image, whose body a guest that refuses it must not be flooded with
  /garbage   not HTTP at all
  anything else: 404
"""
import socket
import sys
import threading
import time

body = open(sys.argv[1], "rb").read()


def answer(conn, path):
    head = "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
    if path in ("/ok", "/ok.verity"):
        conn.sendall(head.encode() + body)
    elif path == "/split":
        data = head.encode() + body
        for i in range(0, 201, 3):
            conn.sendall(data[i:i + 3])
            time.sleep(0.002)
        conn.sendall(data[201:])
    elif path == "/short":
        conn.sendall(head.encode() + body[: len(body) // 2])
    elif path == "/chunked":
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nhsqs\r\n0\r\n\r\n")
    elif path == "/nolength":
        conn.sendall(b"HTTP/1.0 200 OK\r\n\r\n" + body)
    elif path == "/silent":
        time.sleep(30)
    elif path == "/huge":
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n")
        conn.settimeout(60)
        conn.recv(1)
    elif path == "/garbage":
        conn.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n\r\n")
    else:
        conn.sendall(b"HTTP/1.0 404 File not found\r\nContent-Length: 0\r\n\r\n")


def serve(conn):
    try:
        req = b""
        while b"\r\n\r\n" not in req:
            got = conn.recv(4096)
            if not got:
                return
            req += got
        path = req.split(b" ")[1].decode()
        answer(conn, path)
    except OSError:
        pass
    finally:
        conn.close()


s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
print("PORT %d" % s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
