"""A new user pool takes moto's RSA key from one import of it, not from an import of its own.

moto 5.2.5's `CognitoIdpUserPool.__init__` reads `jwks-private.json` and imports it with joserfc for every pool
it creates; the file holds no primes, so each import recovers them from n, e and d: ~0.1 s of CPU a pool, two
thirds of the CPU of the Cognito tests, which create a pool per test. The key is the same file every time and
joserfc never changes a key it signs with, so the pools share one import (pickled with each pool as before).
A speed fix, not a change of behaviour: the tests run it on moto as released too (see tests/embedded_cloud/cognito).
"""

from __future__ import annotations

import json
import threading
from typing import Any

from joserfc import jwk
from moto.cognitoidp import models

from .replacements import Replacements

_imported: dict[str, jwk.RSAKey] = {}
_lock = threading.Lock()


class _RSAKeys:
    @staticmethod
    def import_key(value: Any, *args: Any, **kwargs: Any) -> jwk.RSAKey:
        if args or kwargs or not isinstance(value, dict):
            return jwk.RSAKey.import_key(value, *args, **kwargs)
        text = json.dumps(value, sort_keys=True)
        with _lock:
            if text not in _imported:
                _imported[text] = jwk.RSAKey.import_key(value)
            return _imported[text]


class _Jwk:
    """What moto.cognitoidp.models knows as `jwk` (it uses only `jwk.RSAKey.import_key`)."""

    RSAKey = _RSAKeys


replaced = Replacements((models, "jwk", _Jwk))
install, uninstall = replaced.install, replaced.uninstall  # uninstall: for the test of the defect
