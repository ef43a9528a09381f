#!/usr/bin/env python3
"""A webhook receiver for Galley's tests and benchmark, verifying every delivery with the official
Standard Webhooks package (standardwebhooks, from PyPI).

    receiver.py FOLDER [--port N]

It listens on loopback (port 0 picks one; it prints "listening on PORT" first) and serves POST /NAME for any
NAME. For each request it reads FOLDER/NAME.secret (one or more whsec_ secrets, one a line: a receiver that
holds any of them accepts), verifies the signature, and appends one JSON line to FOLDER/NAME.log:
{"id", "timestamp", "type", "story", "verified", "error", "answered", "received_at", "body_bytes"}.

How it answers is FOLDER/NAME.mode, read at each request (absent: "ok"):
  ok                     200
  status CODE [AFTER]    CODE, with Retry-After: AFTER when given
  hang                   never answers (holds the connection until the sender gives up)
A request that fails verification is answered 400 and logged with verified false.
"""

import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

FOLDER = sys.argv[1]
LOCK = threading.Lock()


def read(name, suffix, default=""):
    try:
        with open(os.path.join(FOLDER, name + suffix), encoding="utf-8") as handle:
            return handle.read().strip()
    except FileNotFoundError:
        return default


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        name = self.path.strip("/").split("?")[0] or "root"
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        received = time.time()
        headers = {key.lower(): value for key, value in self.headers.items()}
        record = {
            "id": headers.get("webhook-id"),
            "timestamp": headers.get("webhook-timestamp"),
            "received_at": received,
            "body_bytes": len(body),
        }
        verified, error, payload = False, None, None
        for secret in [line for line in read(name, ".secret").splitlines() if line.strip()]:
            try:
                payload = Webhook(secret.strip()).verify(body, headers)
                verified, error = True, None
                break
            except Exception as failure:  # the package raises its own WebhookVerificationError
                error = str(failure) or type(failure).__name__
        record["verified"] = verified
        record["error"] = error
        if payload:
            record["type"] = payload.get("type")
            data = payload.get("data") or {}
            record["story"] = (data.get("uri") or "").rsplit(":", 1)[-1]
            record["embargoed"] = data.get("embargoed")
            record["url"] = data.get("url")
        mode = read(name, ".mode", "ok").split()
        if not verified:
            status, after = 400, None
        elif mode[0] == "status":
            status, after = int(mode[1]), (mode[2] if len(mode) > 2 else None)
        elif mode[0] == "hang":
            status, after = None, None
        else:
            status, after = 200, None
        record["answered"] = status
        with LOCK:
            with open(os.path.join(FOLDER, name + ".log"), "a", encoding="utf-8") as log:
                log.write(json.dumps(record) + "\n")
        if status is None:
            time.sleep(3600)
            return
        self.send_response(status)
        if after is not None:
            self.send_header("Retry-After", after)
        self.send_header("Content-Length", "0")
        self.end_headers()


def main():
    port = 0
    if "--port" in sys.argv:
        port = int(sys.argv[sys.argv.index("--port") + 1])
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
