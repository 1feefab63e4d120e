#!/usr/bin/env python3
"""A web server that stalls, for the remote cache tests.

stall-server.py PORT ROOT MODE
  MODE silent: accept connections and never answer.
  MODE midway: answer GET of files under ROOT, but send only the first half
               of any blob (a path under /blobs/) and then nothing more.
"""
import http.server
import os
import socket
import sys
import time

port, root, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]


def silent():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(16)
    held = []
    while True:
        conn, _ = s.accept()
        held.append(conn)  # kept open, never read or written


class Midway(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = os.path.join(root, self.path.lstrip("/"))
        if not os.path.isfile(path):
            self.send_error(404)
            return
        data = open(path, "rb").read()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if "/blobs/" in self.path:
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            time.sleep(3600)
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if mode == "silent":
    silent()
else:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Midway)
    server.daemon_threads = True
    server.serve_forever()
