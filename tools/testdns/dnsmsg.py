"""Raw DNS messages for the testdns tests: queries dig will not send
(hostile ones), and replies read byte by byte. Python standard library only."""
import random
import socket
import struct

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28}


def name_wire(name):
    """A name as wire labels: text split at dots, or a list of bytes labels
    (which may hold dots and any other byte)."""
    if isinstance(name, list):
        labels = name
    elif isinstance(name, bytes):
        labels = name.split(b".") if name else []
    else:
        labels = [l.encode() for l in name.split(".")] if name else []
    return b"".join(bytes([len(l)]) + l for l in labels) + b"\0"


def query(name, qtype="A", qid=0x1234, rd=True, qclass=1):
    qt = TYPES[qtype] if isinstance(qtype, str) else qtype
    hdr = struct.pack(">HHHHHH", qid, 0x0100 if rd else 0, 1, 0, 0, 0)
    return hdr + name_wire(name) + struct.pack(">HH", qt, qclass)


def header(msg):
    qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", msg[:12])
    return {"id": qid, "qr": flags >> 15 & 1, "opcode": flags >> 11 & 15,
            "aa": flags >> 10 & 1, "tc": flags >> 9 & 1, "rd": flags >> 8 & 1,
            "ra": flags >> 7 & 1, "rcode": flags & 15,
            "qd": qd, "an": an, "ns": ns, "ar": ar}


def udp_socket(port, host="127.0.0.1", timeout=5):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    s.connect((host, port))
    return s


def udp_ask(port, msg, timeout=2):
    """The reply, or None when none came within timeout."""
    s = udp_socket(port, timeout=timeout)
    try:
        s.send(msg)
        return s.recv(65535)
    except socket.timeout:
        return None
    finally:
        s.close()


def tcp_frame(msg):
    return struct.pack(">H", len(msg)) + msg


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def tcp_read(s):
    """One length-prefixed reply, or None at end of stream."""
    ln = recv_exact(s, 2)
    if ln is None:
        return None
    return recv_exact(s, struct.unpack(">H", ln)[0])


def tcp_connect(port, host="127.0.0.1", timeout=5):
    s = socket.create_connection((host, port), timeout=timeout)
    return s


def garbage(rng, valid):
    """A random hostile datagram: noise, or a valid query with damage."""
    kind = rng.randrange(6)
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
    m = bytearray(valid)
    if kind == 1:
        for _ in range(rng.randrange(1, 8)):
            m[rng.randrange(len(m))] = rng.randrange(256)
    elif kind == 2:
        m = m[:rng.randrange(len(m))]
    elif kind == 3:
        m[12] = 0xc0 | rng.randrange(64)     # a pointer as the first label
        m[13] = rng.randrange(256)
    elif kind == 4:
        m[12] = rng.choice([0x3f, 0x40, 0x80, 0xff])
    else:
        m += bytes(rng.randrange(256) for _ in range(rng.randrange(600)))
    if len(m) > 2:
        m[2] &= 0x7f    # a query, or the server is right to ignore it
    return bytes(m)


def rng(seed):
    return random.Random(seed)
