#!/usr/bin/env python3
"""tests/qemu/dnsserve.py: a DNS server for tests/qemu/t-livehttp.sh on
127.0.0.1:53 (UDP), which the guest reaches as 10.0.2.2 through qemu's
user-mode network. Answers an A query for NAME (argv[1]) with ADDR
(argv[2]), any other name with NXDOMAIN; prints READY once bound, and one
line per query."""
import socket
import struct
import sys

name, addr = sys.argv[1].lower().rstrip("."), socket.inet_aton(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
print("READY", flush=True)
while True:
    q, peer = s.recvfrom(512)
    if len(q) < 12:
        continue
    p, labels = 12, []
    while p < len(q) and q[p]:
        labels.append(q[p + 1:p + 1 + q[p]].decode(errors="replace"))
        p += 1 + q[p]
    p += 1
    qname, (qtype,) = ".".join(labels).lower(), struct.unpack(">H", q[p:p + 2])
    question = q[12:p + 4]
    hit = qname == name and qtype == 1
    print("QUERY %s type %d -> %s" % (qname, qtype, "A" if hit else "NXDOMAIN"), flush=True)
    flags = 0x8180 if hit else 0x8183
    head = q[:2] + struct.pack(">HHHHH", flags, 1, 1 if hit else 0, 0, 0)
    ans = (b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + addr) if hit else b""
    s.sendto(head + question + ans, peer)
