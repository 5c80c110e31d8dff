#!/usr/bin/env python3
"""Mints the bad tokens GatewayFaultTests sends, next to what Benchmarks/reference/edge_fixture.py wrote in DIR:
  unknown_kid_token.txt  the same claims signed by a fresh Ed25519 key under a kid the JWKS does not publish
  tampered_token.txt     the good token (DIR/token.txt) with its payload changed and its signature kept
Needs the `cryptography` package, like edge_fixture.py. Usage: mint_tokens.py DIR"""
import base64
import json
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def compact(part: dict) -> str:
    return b64(json.dumps(part, separators=(",", ":")).encode())


directory = sys.argv[1]
good = open(f"{directory}/token.txt").read().strip()
header_part, payload_part, signature_part = good.split(".")
header = json.loads(unb64(header_part))
claims = json.loads(unb64(payload_part))

rogue_header = dict(header, kid="rogue-key-1")
rogue_claims = dict(claims, jti="rogue-jti-1")
signing_input = compact(rogue_header) + "." + compact(rogue_claims)
rogue = signing_input + "." + b64(Ed25519PrivateKey.generate().sign(signing_input.encode()))
open(f"{directory}/unknown_kid_token.txt", "w").write(rogue)

tampered_claims = dict(claims, role="admin", sub="user_mallory")
tampered = header_part + "." + compact(tampered_claims) + "." + signature_part
open(f"{directory}/tampered_token.txt", "w").write(tampered)
