"""POST /users/{userId}/two-factor: the owner starts setting up two-factor sign-in: a new authenticator secret
(200), as text, as an otpauth:// URI and as that URI's QR code (an SVG data: URI, drawn with segno, which the
function's PDF layer brings). Nothing changes until a code of it is confirmed. The secret is kept as pending
(users.authenticator: a backup code finishes a login with it)."""

from __future__ import annotations

from urllib.parse import quote

from kernel import http
from kernel.auth import bearer_token

from .. import authenticator, identity, store
from ..domain import UserNotFound
from ..views import TwoFactorSecret, documented

router = http.router()
ISSUER = "EvenToNight"


@router.post("/users/<userId>/two-factor", security=http.AUTHENTICATED,
             responses=documented(200, "A secret for the authenticator app", 401, 403, 404, model=TwoFactorSecret))
def start_two_factor(userId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    user = store.get(userId)
    if user is None:
        raise UserNotFound()
    secret = identity.start_totp(bearer_token(router.current_event.headers or {}) or "")
    authenticator.keep_pending(userId, secret)
    uri = f"otpauth://totp/{ISSUER}:{quote(user.username)}?secret={secret}&issuer={ISSUER}"
    import segno

    qr = segno.make(uri, error="m").svg_data_uri(scale=4)
    return http.json_response(200, TwoFactorSecret(secret=secret, otpauth_uri=uri, qr_code=qr))


handler = http.entrypoint(http.create_app("users", router))
