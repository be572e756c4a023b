"""A warm worker verifies a token's signature once (issue 17), and still refuses it once it has expired or been
tampered with. The pool's keys are a real RSA key pair whose JWK Set is put in the verifier's PyJWKClient cache
(what its first fetch would store); one clock drives both PyJWT and the verifier."""

from __future__ import annotations

import json
import types
from datetime import datetime

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from kernel import auth
from kernel.errors import Unauthorized

POOL, CLIENT = "eu-west-1_pool", "client"
ISSUED = 1_800_000_000
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [float(ISSUED)]

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def,override]
            return datetime.fromtimestamp(now[0], tz)

    monkeypatch.setattr(jwt.api_jwt, "datetime", Frozen)
    monkeypatch.setattr(auth, "time", types.SimpleNamespace(time=lambda: now[0]), raising=False)
    return now


@pytest.fixture
def signatures_checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    verify = jwt.api_jws.PyJWS._verify_signature

    def counted(self, signing_input, header, signature, *args, **kwargs):  # type: ignore[no-untyped-def]
        checked.append(header["kid"])
        return verify(self, signing_input, header, signature, *args, **kwargs)

    monkeypatch.setattr(jwt.api_jws.PyJWS, "_verify_signature", counted)
    return checked


def verifier() -> auth.TokenVerifier:
    verifying = auth.TokenVerifier(POOL, CLIENT, None)  # no revocation table: nothing but the token is read
    jwk = {**json.loads(RSAAlgorithm.to_jwk(KEY.public_key())), "kid": "k1", "use": "sig", "alg": "RS256"}
    verifying.jwks.jwk_set_cache.put(jwt.PyJWKSet.from_dict({"keys": [jwk]}))
    return verifying


def token(key: rsa.RSAPrivateKey = KEY, lifetime: int = 3600) -> str:
    claims = {"sub": "5b7f4c2e-0d1a-4e8b-9c3f-2a6d8e1f0b47", "jti": "jti-1", "iat": ISSUED, "exp": ISSUED + lifetime,
              "token_use": "access", "client_id": CLIENT, "iss": verifier().issuer, "username": "ann",
              "cognito:groups": ["member"]}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def test_a_tokens_signature_is_checked_once_per_worker(clock: list[float], signatures_checked: list[str]) -> None:
    verifying, access = verifier(), token()
    first = verifying.verify(access)
    clock[0] += 60
    assert verifying.verify(access) == first
    assert first.user_id == "5b7f4c2e-0d1a-4e8b-9c3f-2a6d8e1f0b47" and first.role == "member"
    assert signatures_checked == ["k1"]


def test_a_verified_token_is_refused_once_it_expires(clock: list[float], signatures_checked: list[str]) -> None:
    verifying, access = verifier(), token(lifetime=300)
    verifying.verify(access)
    clock[0] += 300  # `exp` is the first second it is no longer valid
    with pytest.raises(Unauthorized):
        verifying.verify(access)


def test_a_token_like_a_verified_one_but_signed_by_another_key_is_refused(
        clock: list[float], signatures_checked: list[str]) -> None:
    verifying = verifier()
    verifying.verify(token())
    with pytest.raises(Unauthorized):
        verifying.verify(token(OTHER_KEY))  # the same claims and kid: only the signature differs
    assert signatures_checked == ["k1", "k1"]


def test_the_verifier_keeps_a_bounded_number_of_tokens(clock: list[float], signatures_checked: list[str]) -> None:
    verifying = verifier()
    for lifetime in range(1, auth.VERIFIED_TOKENS_KEPT + 2):
        verifying.verify(token(lifetime=3600 + lifetime))
    assert len(verifying._verified) == auth.VERIFIED_TOKENS_KEPT
