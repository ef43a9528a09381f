#!/usr/bin/env python3
"""Recompute Galley's hash chains from `galley events --json` (or `galley export --format jsonl`) output.

Reads JSON lines on standard input, in global order, and checks every event's hash against the recipe in
docs/design.md ("The hash chain"). An export's header and closing manifest are checked too: the manifest's count and
each stream's last version and hash must match what the lines hold. Prints one line and exits 0 when all
holds, 1 at the first broken event or mismatch.
Needs nothing but Python's standard library: it is meant to show that a third party can check the log.
"""
import hashlib
import json
import struct
import sys


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def prefixed(data):
    return struct.pack(">I", len(data)) + data


def main():
    heads = {}
    count = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        event = json.loads(line)
        if "galley_export" in event:
            continue
        if "galley_export_end" in event:
            stated = event["galley_export_end"]
            found = {stream: {"version": version, "hash": digest.hex()} for stream, (version, digest) in heads.items()}
            if stated["events"] != count or stated["streams"] != found:
                print("the export does not hold what its manifest states")
                return 1
            continue
        stream = event["stream"]
        previous_version, previous_hash = heads.get(stream, (0, bytes(32)))
        material = (
            previous_hash
            + prefixed(stream.encode("utf-8"))
            + struct.pack(">q", event["version"])
            + prefixed(event["type"].encode("utf-8"))
            + prefixed(canonical(event["data"]))
            + prefixed(canonical(event["metadata"]))
            + struct.pack(">q", event["recorded_at_us"])
        )
        digest = hashlib.sha256(material).digest()
        if event["version"] != previous_version + 1 or digest.hex() != event["hash"]:
            print(f"broken at position {event['position']} (stream {stream}, version {event['version']})")
            return 1
        heads[stream] = (event["version"], digest)
        count += 1
    print(f"verified {count} events in {len(heads)} streams")
    return 0


if __name__ == "__main__":
    sys.exit(main())
