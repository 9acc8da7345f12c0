"""Sensitive personal data at rest: AES-GCM ciphertext plus a keyed hash for look-ups.

A value is stored as "v1:" + base64(nonce + ciphertext); the blind index is an
HMAC-SHA256 of the normalized value, so equal values can be found without decrypting.
"""

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

VERSION = "v1"


@cache
def _keys(secret: str) -> tuple[bytes, bytes]:
    # Two independent keys derived from one configured secret.
    enc = hashlib.sha256(b"gonghui-enc:" + secret.encode()).digest()
    idx = hashlib.sha256(b"gonghui-idx:" + secret.encode()).digest()
    return enc, idx


def encrypt(plaintext: str, *, secret: str | None = None) -> str:
    enc_key, _ = _keys(secret or settings.FIELD_ENCRYPTION_KEY)
    nonce = os.urandom(12)
    sealed = AESGCM(enc_key).encrypt(nonce, plaintext.encode(), VERSION.encode())
    return f"{VERSION}:" + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(token: str, *, secret: str | None = None) -> str:
    version, _, body = token.partition(":")
    if version != VERSION:
        raise ValueError("unknown ciphertext version")
    enc_key, _ = _keys(secret or settings.FIELD_ENCRYPTION_KEY)
    raw = base64.urlsafe_b64decode(body)
    return AESGCM(enc_key).decrypt(raw[:12], raw[12:], VERSION.encode()).decode()


def blind_index(value: str, *, secret: str | None = None) -> str:
    _, idx_key = _keys(secret or settings.FIELD_ENCRYPTION_KEY)
    return hmac.new(idx_key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """110105199001011234 -> 110***********1234, as staff screens show it."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
