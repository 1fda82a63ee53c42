"""Helpers for the auth tests: minting JWTs with a known key, reading Set-Cookie headers."""
import base64
import hashlib
import hmac
import json
import time

SECRET = "integration-test-secret-0123456789-abcdefghij"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint(claims=None, header=None, key=SECRET, alg=hashlib.sha256, **overrides):
    """A token signed with `key` over exactly the given header and claims."""
    now = int(time.time())
    payload = {"token_type": "access", "exp": now + 300, "iat": now, "jti": "f" * 32,
               "user_id": 1, "sid": 1}
    payload.update(claims or {})
    payload.update(overrides)
    payload = {k: v for k, v in payload.items() if v is not None}  # None drops a claim
    head = header or {"alg": "HS256", "typ": "JWT"}
    signing_input = b64url(json.dumps(head).encode()) + "." + b64url(json.dumps(payload).encode())
    signature = hmac.new(key.encode(), signing_input.encode(), alg).digest()
    return signing_input + "." + b64url(signature)


def decode_payload(token):
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def set_cookies(response):
    """{name: {"value": ..., "attrs": {lower-case attribute: value or True}}} from Set-Cookie."""
    raw = response.raw.headers.getlist("Set-Cookie") if hasattr(response.raw, "headers") else []
    cookies = {}
    for line in raw:
        parts = [p.strip() for p in line.split(";")]
        name, _, value = parts[0].partition("=")
        attrs = {}
        for attr in parts[1:]:
            key, eq, val = attr.partition("=")
            attrs[key.lower()] = val if eq else True
        cookies[name] = {"value": value, "attrs": attrs, "line": line}
    return cookies
