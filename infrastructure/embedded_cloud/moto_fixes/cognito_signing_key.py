"""Tokens are signed with a key of this installation, not with the RSA key moto ships in its wheel.

moto 5.2.5 signs every pool's tokens with `moto/cognitoidp/resources/jwks-private.json.gz` (kid "dummy"),
which anyone can download: whoever has seen one token of a pool (its `iss` and `client_id`) can sign another
for any user, in any group. With this fix tokens are signed with a 2048-bit RSA key generated at the first
start of a data directory and kept in it (`cognito-signing-key.json`, 0600, a random kid), so tokens stay valid
across restarts; without a data directory the key lives as long as the process. Every pool's JWKS
(`/<poolId>/.well-known/jwks.json`) serves its public half and nothing else: moto's key verifies nothing.
"""

from __future__ import annotations

import json
import secrets
import threading
from pathlib import Path
from typing import Any

from joserfc import jwk, jwt
from moto.cognitoidp.models import CognitoIdpUserPool
from moto.cognitoidp.responses import CognitoIdpJsonWebKeyResponse

from ..private_files import refuse_if_writable_by_others, write_private
from .cognito_fix_support import MethodFix, unverified_claims

KEY_FILE = "cognito-signing-key.json"
_fix = MethodFix()
_moto_jwks: bytes = CognitoIdpJsonWebKeyResponse.json_web_key
_key: jwk.RSAKey | None = None
_key_lock = threading.Lock()


def use_key_of(data_dir: Path) -> None:
    """Sign with the key kept in `data_dir`, made there on the first start (UnsafeFile if others may write it)."""
    path = data_dir / KEY_FILE
    if path.exists():
        refuse_if_writable_by_others(path)
        key = jwk.RSAKey.import_key(json.loads(path.read_text()))
    else:
        key = _new_key()
        write_private(path, json.dumps(key.as_dict(private=True)).encode())
    _use(key)


def _new_key() -> jwk.RSAKey:
    return jwk.RSAKey.generate_key(2048, {"kid": secrets.token_urlsafe(16), "alg": "RS256", "use": "sig"})


def _signing_key() -> jwk.RSAKey:
    with _key_lock:
        if _key is None:
            _use_unlocked(_new_key())
        assert _key is not None
        return _key


def _use(key: jwk.RSAKey) -> None:
    with _key_lock:
        _use_unlocked(key)


def _use_unlocked(key: jwk.RSAKey) -> None:
    global _key
    _key = key
    if _fix.active:
        _serve_our_jwks()


def _serve_our_jwks() -> None:
    # moto's handler answers with this class attribute, read on every request.
    CognitoIdpJsonWebKeyResponse.json_web_key = json.dumps({"keys": [_key.as_dict(private=False)]}).encode()  # type: ignore[union-attr]


@_fix.replaces(CognitoIdpUserPool, "create_jwt")
def create_jwt(original: Any, self: CognitoIdpUserPool, *args: Any, **kwargs: Any) -> tuple[str, int]:
    moto_token, expires_in = original(self, *args, **kwargs)  # moto's claims, signed with its public key
    key = _signing_key()
    return jwt.encode({"kid": key.kid, "alg": "RS256"}, unverified_claims(moto_token), key), expires_in


def install() -> None:
    _fix.install()
    _signing_key()
    with _key_lock:
        _serve_our_jwks()


def uninstall() -> None:
    _fix.uninstall()
    CognitoIdpJsonWebKeyResponse.json_web_key = _moto_jwks
