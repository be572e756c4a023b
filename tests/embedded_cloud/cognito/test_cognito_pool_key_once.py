"""A new user pool imports no RSA key: moto's key is imported once, and every pool after takes that import."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from joserfc import jwk
from support.moto_modes import set_fixes

FIX = ("cognito_pool_key_once",)


@pytest.fixture
def key_fix(moto) -> Iterator[None]:
    """The fix as the mode says (the other tests keep it in both modes: it changes no answer)."""
    set_fixes(FIX, installed=moto.patched)
    yield
    set_fixes(FIX, installed=True)


def test_a_new_pool_imports_no_key(moto, key_fix, cognito, monkeypatch) -> None:
    moto.expect_defect("every new user pool imports jwks-private.json again (~0.1 s of CPU)", raises=AssertionError)
    cognito.create_user_pool(PoolName=f"first-{uuid.uuid4().hex[:8]}")  # the process's first import, if any
    imports = []
    real = jwk.RSAKey.import_key
    monkeypatch.setattr(jwk.RSAKey, "import_key", lambda *args, **kwargs: imports.append(args) or real(*args, **kwargs))

    pools = [cognito.create_user_pool(PoolName=f"next-{uuid.uuid4().hex[:8]}")["UserPool"]["Id"] for _ in range(2)]

    assert len(set(pools)) == 2 and imports == []
