"""Object ids shaped like Stripe's: a type prefix, an underscore and random base62 characters."""

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits
_UNBIASED = 256 - 256 % len(_ALPHABET)  # bytes below this map evenly onto the alphabet (4 bytes per character)


def random_token(length: int) -> str:
    """`length` characters drawn uniformly from the alphabet, from one read of the OS's random source (a
    `secrets.choice` per character read it once per character: 58 reads for a Checkout Session's id)."""
    chosen: list[str] = []
    while len(chosen) < length:
        chosen += [_ALPHABET[b % len(_ALPHABET)] for b in secrets.token_bytes(length + 8) if b < _UNBIASED]
    return "".join(chosen[:length])


def new_id(prefix: str, length: int = 24) -> str:
    """`new_id("pi")` -> `pi_3Pq...`; Checkout Session ids are longer: `new_id("cs_test", 58)`."""
    return f"{prefix}_{random_token(length)}"
