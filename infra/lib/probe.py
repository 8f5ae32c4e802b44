#!/usr/bin/env python3
"""Readiness probes for the native dev/CI servers, standard library only.

  probe.py kafka HOST:PORT   Kafka Metadata request (v1); ready when >= 1 broker is listed
  probe.py mongo HOST:PORT   MongoDB OP_MSG {ping: 1, $db: "admin"}; ready when ok == 1
  probe.py kafka-cluster-id  print a new random Kafka cluster id (base64url UUID)

Exit 0 when the server answered as expected, 1 otherwise (reason on stderr).
"""

import base64
import socket
import struct
import sys
import uuid

TIMEOUT_S = 3.0


def recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed by server")
        buf += chunk
    return bytes(buf)


def split_addr(addr):
    host, _, port = addr.rpartition(":")
    return host or "127.0.0.1", int(port)


# ---------------------------------------------------------------- Kafka


def kafka_string(s):
    b = s.encode()
    return struct.pack(">h", len(b)) + b


def kafka_metadata(addr):
    """Send Metadata v1 (all topics) and return the list of (node_id, host, port)."""
    correlation_id = 7
    header = struct.pack(">hhi", 3, 1, correlation_id) + kafka_string("ctp-infra-probe")
    body = struct.pack(">i", -1)  # topics: null -> all topics
    payload = header + body
    with socket.create_connection(split_addr(addr), timeout=TIMEOUT_S) as sock:
        sock.sendall(struct.pack(">i", len(payload)) + payload)
        (size,) = struct.unpack(">i", recv_exact(sock, 4))
        data = recv_exact(sock, size)
    (got_id,) = struct.unpack_from(">i", data, 0)
    if got_id != correlation_id:
        raise ValueError(f"unexpected correlation id {got_id}")
    pos = 4
    (n_brokers,) = struct.unpack_from(">i", data, pos)
    pos += 4
    brokers = []
    for _ in range(max(n_brokers, 0)):
        (node_id, host_len) = struct.unpack_from(">ih", data, pos)
        pos += 6
        host = data[pos : pos + host_len].decode()
        pos += host_len
        (port, rack_len) = struct.unpack_from(">ih", data, pos)
        pos += 6 + max(rack_len, 0)
        brokers.append((node_id, host, port))
    return brokers


# ---------------------------------------------------------------- MongoDB

OP_MSG = 2013


def bson_cstring(s):
    return s.encode() + b"\x00"


def bson_ping_doc():
    db = b"admin\x00"
    elems = (
        b"\x10" + bson_cstring("ping") + struct.pack("<i", 1)
        + b"\x02" + bson_cstring("$db") + struct.pack("<i", len(db)) + db
    )
    return struct.pack("<i", 4 + len(elems) + 1) + elems + b"\x00"


# fixed sizes of BSON element types we may need to skip
BSON_FIXED = {0x01: 8, 0x07: 12, 0x08: 1, 0x09: 8, 0x0A: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16,
              0x7F: 0, 0xFF: 0}


def bson_top_level(doc):
    """Return {name: value} for the top-level numeric/bool/string fields of a BSON document."""
    out = {}
    pos = 4
    end = struct.unpack_from("<i", doc, 0)[0] - 1
    while pos < end:
        etype = doc[pos]
        pos += 1
        nul = doc.index(b"\x00", pos)
        name = doc[pos:nul].decode()
        pos = nul + 1
        if etype == 0x01:
            out[name] = struct.unpack_from("<d", doc, pos)[0]
        elif etype == 0x10:
            out[name] = struct.unpack_from("<i", doc, pos)[0]
        elif etype == 0x12:
            out[name] = struct.unpack_from("<q", doc, pos)[0]
        elif etype == 0x08:
            out[name] = doc[pos] == 1
        if etype in BSON_FIXED:
            pos += BSON_FIXED[etype]
        elif etype in (0x02, 0x0D, 0x0E):  # string, javascript, symbol
            (n,) = struct.unpack_from("<i", doc, pos)
            if etype == 0x02:
                out[name] = doc[pos + 4 : pos + 4 + n - 1].decode(errors="replace")
            pos += 4 + n
        elif etype in (0x03, 0x04, 0x0F):  # document, array, code_w_s
            pos += struct.unpack_from("<i", doc, pos)[0]
        elif etype == 0x05:  # binary
            pos += 4 + 1 + struct.unpack_from("<i", doc, pos)[0]
        else:
            break  # unknown type: stop, keep what we have
    return out


def mongo_ping(addr):
    doc = bson_ping_doc()
    body = struct.pack("<I", 0) + b"\x00" + doc  # flagBits, section kind 0
    msg = struct.pack("<iiii", 16 + len(body), 1, 0, OP_MSG) + body
    with socket.create_connection(split_addr(addr), timeout=TIMEOUT_S) as sock:
        sock.sendall(msg)
        (length, _req, _resp_to, opcode) = struct.unpack("<iiii", recv_exact(sock, 16))
        data = recv_exact(sock, length - 16)
    if opcode != OP_MSG:
        raise ValueError(f"unexpected reply opcode {opcode}")
    if data[4] != 0:
        raise ValueError("unexpected OP_MSG section kind")
    return bson_top_level(data[5:])


def main(argv):
    if len(argv) == 2 and argv[1] == "kafka-cluster-id":
        while True:
            cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
            if not cid.startswith("-"):
                print(cid)
                return 0
    if len(argv) != 3 or argv[1] not in ("kafka", "mongo"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    kind, addr = argv[1], argv[2]
    try:
        if kind == "kafka":
            brokers = kafka_metadata(addr)
            if not brokers:
                print(f"kafka {addr}: metadata lists no broker yet", file=sys.stderr)
                return 1
            print("kafka ok: brokers " + ", ".join(f"{n}@{h}:{p}" for n, h, p in brokers))
        else:
            reply = mongo_ping(addr)
            if reply.get("ok") not in (1, 1.0, True):
                print(f"mongo {addr}: ping answered {reply}", file=sys.stderr)
                return 1
            print("mongo ok: ping answered ok=1")
        return 0
    except (OSError, ValueError, struct.error, IndexError, UnicodeDecodeError) as exc:
        print(f"{kind} {addr}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
