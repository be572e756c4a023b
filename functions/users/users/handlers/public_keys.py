"""GET /users/public-keys: the keys that sign access tokens (the pool's JWKS, plus the reference's DER form)."""

from __future__ import annotations

import base64
import json
import urllib.request
from typing import Any, cast

from kernel import http
from kernel.auth import verifier
from kernel.errors import ServiceUnavailable

from ..views import PublicKey, PublicKeys, documented

router = http.router()


def _with_der(jwk: dict[str, Any]) -> PublicKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
    from jwt.algorithms import RSAAlgorithm

    # From n and e alone: always the public key, whatever else the JWK carries.
    public_key = cast(RSAPublicKey, RSAAlgorithm.from_jwk(json.dumps({k: jwk[k] for k in ("kty", "n", "e")})))
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return PublicKey(kid=jwk["kid"], kty=jwk["kty"], alg=jwk.get("alg"), use=jwk.get("use"), n=jwk["n"], e=jwk["e"],
                     public_key=base64.b64encode(der).decode())


@router.get("/users/public-keys",
            responses=documented(200, "The keys that sign access tokens", 503, model=PublicKeys))
def public_keys() -> object:
    try:
        with urllib.request.urlopen(verifier().jwks.uri, timeout=5) as response:  # noqa: S310 - the pool's own URL
            keys = json.loads(response.read())["keys"]
    except OSError as error:
        raise ServiceUnavailable("Failed to refresh public keys") from error
    return http.json_response(200, PublicKeys(keys=[_with_der(k) for k in keys]),
                              headers={"Cache-Control": "public, max-age=300"})


handler = http.entrypoint(http.create_app("users", router))
