"""Reference for token verification: PyJWT with the `cryptography` backend (OpenSSL's Ed25519) verifying the same
tokens with the same checks (signature, iss, aud, exp, nbf). Prints JSON: {"tokens": N, "seconds": S}."""
import json
import sys
import time

import jwt
from jwt.algorithms import OKPAlgorithm

directory, seconds = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
key = OKPAlgorithm.from_jwk(json.dumps(json.load(open(f"{directory}/jwks.json"))["keys"][0]))
tokens = open(f"{directory}/tokens.txt").read().split("\n")


def verify(token):
    claims = jwt.decode(token, key, algorithms=["EdDSA"], audience="mpesa-api", issuer="mpesa-auth", leeway=60)
    assert claims["role"] == "analyst"


for token in tokens:
    verify(token)
count, started = 0, time.perf_counter()
while time.perf_counter() - started < seconds:
    for token in tokens:
        verify(token)
    count += len(tokens)
print(json.dumps({"tokens": count, "seconds": time.perf_counter() - started}))
