"""Writes what the gateway benchmark's stand-ins serve: an Ed25519 JWKS (as the auth service publishes it), an access
token signed with it for tenant `bench_shop` (as auth issues them), and that organisation's facts on the Enterprise
plan (as the tenant service's internal API answers them). Usage: edge_fixture.py DIR"""
import base64
import json
import sys
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


directory = sys.argv[1]
key = Ed25519PrivateKey.generate()
public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
kid = "bench-key-1"
json.dump({"keys": [{"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": kid, "x": b64(public)}]},
          open(f"{directory}/jwks.json", "w"))
now = int(time.time())
header = {"alg": "EdDSA", "typ": "JWT", "kid": kid}
claims = {"iss": "mpesa-auth", "aud": "mpesa-api", "sub": "user_bench", "tid": "bench_shop", "role": "owner",
          "scope": "read write", "jti": "bench-jti-1", "iat": now - 5, "nbf": now - 5, "exp": now + 3600,
          "sid": "bench-session-1"}
signing_input = b64(json.dumps(header, separators=(",", ":")).encode()) + "." + \
    b64(json.dumps(claims, separators=(",", ":")).encode())
token = signing_input + "." + b64(key.sign(signing_input.encode()))
open(f"{directory}/token.txt", "w").write(token)
features = {name: True for name in ["api_access", "webhooks", "pdf_reports", "forecasting", "anomaly_alerts",
                                     "lender_report", "custom_categories", "audit_log"]}
limits = {"members": None, "api_keys": None, "webhook_endpoints": None, "statements_per_month": None,
          "transactions_per_month": None, "requests_per_minute": 6000}
facts = {"id": "bench_shop", "name": "Bench Shop", "status": "active", "tier": "database", "plan": {
    "id": "enterprise", "name": "Enterprise", "monthly_price_cents": 1500000, "tiers": ["shared", "schema", "database"],
    "default_tier": "database", "features": features, "limits": limits}}
json.dump(facts, open(f"{directory}/tenant.json", "w"))
