"""Tokens are signed with a key of the data directory, never with the RSA key moto ships in its wheel (H3)."""

from __future__ import annotations

import json
import stat
import time
import urllib.request
from pathlib import Path

import jwt
import pytest
from embedded_cloud.moto_fixes import cognito_signing_key
from embedded_cloud.private_files import UnsafeFile
from moto.utilities.utils import load_resource


def _jwks(moto_server, pool) -> dict:
    with urllib.request.urlopen(f"{moto_server.url}/{pool.id}/.well-known/jwks.json") as response:  # noqa: S310
        return json.load(response)


def _verified(token: str, moto_server, pool) -> dict:
    key = jwt.PyJWKClient(f"{moto_server.url}/{pool.id}/.well-known/jwks.json").get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256"], issuer=pool.issuer)


def _forged(pool, sub: str) -> str:
    """An access token for `sub`, signed with the private key anyone can take from moto's wheel."""
    moto_key = jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json"))
    now = int(time.time())
    claims = {"iss": pool.issuer, "sub": sub, "client_id": pool.client_id, "token_use": "access", "iat": now,
              "exp": now + 3600, "jti": "forged", "username": "victim", "cognito:groups": ["organization"]}
    return jwt.encode(claims, moto_key.key, algorithm="RS256", headers={"kid": "dummy"})


def test_tokens_are_signed_with_a_key_that_moto_does_not_ship(moto, moto_server, platform_pool) -> None:
    moto.expect_defect("every pool signs with the bundled key jwks-private.json (kid 'dummy')", raises=AssertionError)
    platform_pool.register("alice")
    token = platform_pool.log_in("alice")["AccessToken"]

    kids = [key["kid"] for key in _jwks(moto_server, platform_pool)["keys"]]
    assert jwt.get_unverified_header(token)["kid"] != "dummy"
    assert kids == [jwt.get_unverified_header(token)["kid"]]
    assert _verified(token, moto_server, platform_pool)["username"] == "alice"
    moto_public = jwt.PyJWK(load_resource("cognitoidp/resources/jwks-public.json")["keys"][0])
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, moto_public.key, algorithms=["RS256"], options={"verify_exp": False})


def test_a_token_signed_with_motos_bundled_key_verifies_against_no_pool(moto, moto_server, platform_pool) -> None:
    moto.expect_defect("the pool's JWKS serves moto's bundled public key", raises=pytest.fail.Exception)
    victim = platform_pool.register("victim")

    with pytest.raises(jwt.PyJWKClientError):  # its kid "dummy" is not in the JWKS
        _verified(_forged(platform_pool, victim), moto_server, platform_pool)


def test_the_key_is_kept_in_the_data_dir_and_used_again(moto, moto_server, platform_pool, tmp_path: Path) -> None:
    moto.expect_defect("moto signs with its bundled key whatever the data dir", raises=AssertionError)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    cognito_signing_key.use_key_of(first)
    platform_pool.register("alice")
    token = platform_pool.log_in("alice")["AccessToken"]
    kid = jwt.get_unverified_header(token)["kid"]

    cognito_signing_key.use_key_of(second)  # another data dir: another key
    assert [key["kid"] for key in _jwks(moto_server, platform_pool)["keys"]] != [kid]
    cognito_signing_key.use_key_of(first)  # a restart on the first one: the token issued before still verifies

    assert _verified(token, moto_server, platform_pool)["username"] == "alice"
    assert stat.S_IMODE((first / cognito_signing_key.KEY_FILE).stat().st_mode) == 0o600


def test_a_key_file_that_others_may_write_is_refused(tmp_path: Path) -> None:
    cognito_signing_key.use_key_of(tmp_path)
    key_file = tmp_path / cognito_signing_key.KEY_FILE
    key_file.chmod(0o620)

    with pytest.raises(UnsafeFile, match="writable by others"):
        cognito_signing_key.use_key_of(tmp_path)
