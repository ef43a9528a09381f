#!/usr/bin/env python3
"""An independent checker for the log's public artefacts, written from the public specifications
(RFC 6962, C2SP signed-note, tlog-checkpoint, tlog-cosignature, tlog-proof) rather than from the Swift code,
so that a shared misreading of a specification would have to be made twice to go unnoticed.

Usage:
  verify.py note NOTE --key VKEY
  verify.py checkpoint NOTE --key VKEY [--witness VKEY]... [--quorum N]
  verify.py inclusion PROOF --entry FILE --key VKEY [--witness VKEY]... [--quorum N]
  verify.py consistency OLD_NOTE NEW_NOTE --proof FILE --key VKEY

Exit status: 0 when everything checks, 1 with the reason on stderr when something does not, 2 on bad usage.
"""

import argparse
import base64
import binascii
import hashlib
import struct
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError:
    sys.stderr.write("verify.py needs the cryptography package: pip install cryptography\n")
    sys.exit(2)


class Refused(Exception):
    """Something does not check; the message says what."""


# RFC 6962 section 2.1 hashing.

def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(entry):
    return sha256(b"\x00" + entry)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def split_point(n):
    """The largest power of two strictly below n (n >= 2)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def root_from_audit_path(index, size, leaf, path):
    """Rebuilds MTH(D[0:size]) from a leaf and its PATH, following the recursive definition top-down.

    `path` lists siblings from the leaf upwards, so the sibling at the top of the recursion is the last one.
    """
    if size == 1:
        if path:
            raise Refused("the inclusion proof has %d hashes too many" % len(path))
        return leaf
    if not path:
        raise Refused("the inclusion proof is too short")
    k = split_point(size)
    top = path[-1]
    if index < k:
        return node_hash(root_from_audit_path(index, k, leaf, path[:-1]), top)
    return node_hash(top, root_from_audit_path(index - k, size - k, leaf, path[:-1]))


def roots_from_consistency(old_size, new_size, old_root, proof):
    """Rebuilds both roots from RFC 6962's SUBPROOF, consuming the proof from its end (its top-level hash)."""
    remaining = list(proof)

    def take():
        if not remaining:
            raise Refused("the consistency proof is too short")
        return remaining.pop()

    def walk(m, n, old_is_whole):
        # Returns (hash of the old tree's part inside this subtree, hash of this subtree).
        if m == n:
            if old_is_whole:
                return old_root, old_root
            h = take()
            return h, h
        k = split_point(n)
        if m <= k:
            right = take()
            old_part, left = walk(m, k, old_is_whole)
            return old_part, node_hash(left, right)
        left = take()
        old_part, right = walk(m - k, n - k, False)
        return node_hash(left, old_part), node_hash(left, right)

    old_computed, new_computed = walk(old_size, new_size, True)
    if remaining:
        raise Refused("the consistency proof has %d hashes too many" % len(remaining))
    return old_computed, new_computed


# C2SP signed notes.

EM_DASH_LINE = "\u2014 "
ED25519 = 1
COSIGNATURE_V1 = 4


class Verifier:
    def __init__(self, vkey):
        parts = vkey.strip().split("+", 2)
        if len(parts) != 3:
            raise Refused("verifier key %r is not name+id+key" % vkey)
        self.name, hex_id, key64 = parts
        raw = base64.b64decode(key64, validate=True)
        if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE_V1):
            raise Refused("verifier key %r is not an Ed25519 or cosignature/v1 key" % vkey)
        self.kind = raw[0]
        self.public = Ed25519PublicKey.from_public_bytes(raw[1:])
        self.key_id = sha256(self.name.encode() + b"\n" + raw)[:4]
        if self.key_id.hex() != hex_id:
            raise Refused("verifier key %r has the wrong key id" % vkey)

    def check(self, signature, text):
        if self.kind == ED25519:
            message, sig = text, signature
        else:
            if len(signature) != 72:
                return False
            (timestamp,) = struct.unpack(">Q", signature[:8])
            message = b"cosignature/v1\ntime %d\n" % timestamp + text
            sig = signature[8:]
        try:
            self.public.verify(sig, message)
            return True
        except InvalidSignature:
            return False


def open_note(data):
    """Splits a signed note into its text and (name, key id, signature) triples."""
    try:
        whole = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("the note is not UTF-8")
    if any(ord(c) < 0x20 and c != "\n" for c in whole):
        raise Refused("the note holds a control character")
    cut = whole.rfind("\n\n")
    if cut < 0:
        raise Refused("the note has no blank line before its signatures")
    text, block = whole[: cut + 1], whole[cut + 2 :]
    if not block.endswith("\n") or block == "\n":
        raise Refused("the note has no signature lines")
    signatures = []
    for line in block[:-1].split("\n"):
        if not line.startswith(EM_DASH_LINE):
            raise Refused("malformed signature line %r" % line)
        name, _, sig64 = line[len(EM_DASH_LINE) :].partition(" ")
        try:
            raw = base64.b64decode(sig64, validate=True)
        except binascii.Error:
            raise Refused("malformed signature line %r" % line)
        if len(raw) < 5:
            raise Refused("malformed signature line %r" % line)
        signatures.append((name, raw[:4], raw[4:]))
    return text.encode("utf-8"), signatures


def signers_of(text, signatures, verifiers):
    """The names of the verifiers whose signatures check; a known key's bad signature refuses the note."""
    good = set()
    for name, key_id, sig in signatures:
        for verifier in verifiers:
            if verifier.name == name and verifier.key_id == key_id:
                if not verifier.check(sig, text):
                    raise Refused("the signature of %s does not verify" % name)
                good.add(name)
    return good


def read_checkpoint(data, log_key, witnesses, quorum):
    """Checks a signed checkpoint and returns (origin, size, root)."""
    text, signatures = open_note(data)
    lines = text.decode("utf-8").split("\n")[:-1]
    if len(lines) < 3 or not lines[0]:
        raise Refused("the checkpoint lacks origin, size and root lines")
    origin, size_text, root64 = lines[:3]
    if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise Refused("bad tree size %r" % size_text)
    root = base64.b64decode(root64, validate=True)
    if len(root) != 32:
        raise Refused("the root hash is not 32 bytes")
    if log_key.kind != ED25519 or log_key.name != origin:
        raise Refused("the log key is not for origin %s" % origin)
    if not signers_of(text, signatures, [log_key]):
        raise Refused("the checkpoint carries no valid signature by the log")
    cosigned = signers_of(text, signatures, [w for w in witnesses if w.kind == COSIGNATURE_V1])
    if len(cosigned) < quorum:
        raise Refused("%d witnesses cosigned; the quorum is %d" % (len(cosigned), quorum))
    return origin, int(size_text), root


def b64_hash(line):
    value = base64.b64decode(line, validate=True)
    if len(value) != 32:
        raise Refused("%r is not a 32-byte hash" % line)
    return value


def check_inclusion(proof_text, entry, log_key, witnesses, quorum):
    lines = proof_text.split("\n")
    if lines[0] != "c2sp.org/tlog-proof@v1":
        raise Refused("not a c2sp.org/tlog-proof@v1 file")
    at = 1
    if lines[at].startswith("extra "):
        at += 1
    if not lines[at].startswith("index "):
        raise Refused("the proof has no index line")
    index = int(lines[at][len("index ") :])
    at += 1
    path = []
    while lines[at] != "":
        path.append(b64_hash(lines[at]))
        at += 1
    note = "\n".join(lines[at + 1 :]).encode("utf-8")
    _, size, root = read_checkpoint(note, log_key, witnesses, quorum)
    if index >= size:
        raise Refused("index %d is outside a tree of size %d" % (index, size))
    if root_from_audit_path(index, size, leaf_hash(entry), path) != root:
        raise Refused("the inclusion proof does not lead to the checkpoint's root")


def check_consistency(old_note, new_note, proof_lines, log_key):
    _, old_size, old_root = read_checkpoint(old_note, log_key, [], 0)
    _, new_size, new_root = read_checkpoint(new_note, log_key, [], 0)
    proof = [b64_hash(line) for line in proof_lines if line]
    if old_size > new_size:
        raise Refused("the old tree is larger than the new one")
    if old_size == 0 or old_size == new_size:
        if proof:
            raise Refused("no proof hashes are expected between these sizes")
        if old_size == new_size and old_root != new_root:
            raise Refused("two trees of the same size have different roots")
        return
    old_computed, new_computed = roots_from_consistency(old_size, new_size, old_root, proof)
    if old_computed != old_root:
        raise Refused("the consistency proof does not lead to the old root")
    if new_computed != new_root:
        raise Refused("the consistency proof does not lead to the new root")


def main():
    parser = argparse.ArgumentParser(description="Check a log's checkpoints and proofs.")
    sub = parser.add_subparsers(dest="command", required=True)
    plain = sub.add_parser("note")
    plain.add_argument("note")
    cp = sub.add_parser("checkpoint")
    cp.add_argument("note")
    inc = sub.add_parser("inclusion")
    inc.add_argument("proof")
    inc.add_argument("--entry", required=True)
    con = sub.add_parser("consistency")
    con.add_argument("old")
    con.add_argument("new")
    con.add_argument("--proof", required=True)
    for p in (plain, cp, inc, con):
        p.add_argument("--key", required=True)
    for p in (cp, inc):
        p.add_argument("--witness", action="append", default=[])
        p.add_argument("--quorum", type=int, default=0)
    args = parser.parse_args()

    def read(path):
        with open(path, "rb") as f:
            return f.read()

    try:
        log_key = Verifier(args.key)
        if args.command == "note":
            text, signatures = open_note(read(args.note))
            if not signers_of(text, signatures, [log_key]):
                raise Refused("the note carries no signature by the key")
        elif args.command == "checkpoint":
            witnesses = [Verifier(w) for w in args.witness]
            read_checkpoint(read(args.note), log_key, witnesses, args.quorum)
        elif args.command == "inclusion":
            witnesses = [Verifier(w) for w in args.witness]
            check_inclusion(read(args.proof).decode("utf-8"), read(args.entry), log_key, witnesses, args.quorum)
        else:
            lines = read(args.proof).decode("utf-8").split("\n")
            check_consistency(read(args.old), read(args.new), lines, log_key)
    except (Refused, ValueError, IndexError, binascii.Error) as error:
        sys.stderr.write("refused: %s\n" % error)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
