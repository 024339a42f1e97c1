"""Tokens and join codes.

Seat and facilitator tokens are 192-bit random strings from `secrets`; the store keeps only
their SHA-256, so a copied database does not hand out seats. Tokens are compared in constant
time. Join codes are short and easy to read aloud (no 0/O or 1/I/L), and are not secrets:
a code lets anyone spectate or take a free seat, never resume someone else's.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, expected_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), expected_hash)


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")
