"""What the users API sends (reference §2.1): the owner's view, the public view, the login payload, as
`http.View` models, which its OpenAPI document shows (kernel.responses)."""

from __future__ import annotations

from kernel import http, responses
from pydantic import Field

from .domain import User
from .identity import Tokens
from .store import SearchTerm


class Profile(http.View):
    name: str
    avatar: str
    bio: str | None = None
    contacts: list[str] | None = Field(default=None, description="absolute http(s) URLs; organizations only")


class PublicAccount(http.View):
    username: str


class OwnerAccount(http.View):
    username: str
    email: str
    email_verified: bool = Field(description="false until the owner enters the code e-mailed to the address")
    two_factor: bool = Field(default=False, description="logins ask for a code of an authenticator app too")
    dark_mode: bool
    language: str
    gender: str | None = None
    birth_date: str | None = Field(default=None, description="YYYY-MM-DD")
    interests: list[str] | None = None


class PublicUser(http.View):
    """What everyone sees of a user."""

    id: str
    role: str
    account: PublicAccount
    profile: Profile


class OwnUser(http.View):
    """The owner's whole account."""

    id: str
    role: str
    account: OwnerAccount
    profile: Profile


class TokensView(http.View):
    access_token: str
    expires_in: int = Field(description="seconds")
    refresh_token: str
    refresh_expires_in: int = Field(description="seconds")


class Login(OwnUser, TokensView):
    """The owner's account and the tokens of the new login."""


class SecondStep(http.View):
    """The password was right; the account signs in with two factors: send a code with this session."""

    challenge: str = Field(description="SOFTWARE_TOKEN_MFA: a code of the authenticator app")
    session: str = Field(description="for POST /users/login/two-factor, good for a few minutes")
    username: str


class TwoFactorSecret(http.View):
    secret: str = Field(description="base32, for typing into an authenticator app")
    otpauth_uri: str = Field(description="the same as an otpauth:// URI")
    qr_code: str = Field(description="the URI's QR code, an SVG as a data: URI, for the app's camera")


class BackupCodesView(http.View):
    backup_codes: list[str] = Field(description="shown this once; each signs in once without the authenticator")


class CodeSent(http.View):
    detail: str


class PublicKey(http.View):
    """A JWK of the pool, with the reference's DER form of the key."""

    kid: str
    kty: str
    alg: str | None = None
    use: str | None = None
    n: str
    e: str
    public_key: str = Field(description="base64 DER (SubjectPublicKeyInfo)")


class PublicKeys(http.View):
    keys: list[PublicKey]


def _profile(user: User) -> Profile:
    return Profile(name=user.name, avatar=user.avatar, bio=user.bio, contacts=user.contacts or None)


def public_view(user: User) -> PublicUser:
    return PublicUser(id=user.id, role=user.role, account=PublicAccount(username=user.username),
                      profile=_profile(user))


def _owner_fields(user: User) -> dict:
    account = OwnerAccount(username=user.username, email=user.email, email_verified=user.email_verified,
                           two_factor=user.two_factor, dark_mode=user.dark_mode,
                           language=user.language, gender=user.gender, birth_date=user.birth_date,
                           interests=user.interests or None)
    return {"id": user.id, "role": user.role, "account": account, "profile": _profile(user)}


def owner_view(user: User) -> OwnUser:
    return OwnUser(**_owner_fields(user))


def _token_fields(tokens: Tokens) -> dict:
    return {"access_token": tokens.access_token, "expires_in": tokens.expires_in,
            "refresh_token": tokens.refresh_token, "refresh_expires_in": tokens.refresh_expires_in}


def tokens_view(tokens: Tokens) -> TokensView:
    return TokensView(**_token_fields(tokens))


def login_view(user: User, tokens: Tokens) -> Login:
    return Login(**_owner_fields(user), **_token_fields(tokens))


def search_view(term: SearchTerm) -> PublicUser:
    """A user found by a search, from its search term (no contacts there)."""
    return PublicUser(id=term.id, role=term.role, account=PublicAccount(username=term.username),
                      profile=Profile(name=term.name, avatar=term.avatar, bio=term.bio or None))


_PROBLEMS = {400: "The request is not valid", 401: "No valid access token",
             403: "Not the caller's own account (or an organization turning two-factor sign-in off where the "
                  "platform requires it: two-factor-required)",
             404: "No such user", 409: "The username or e-mail is already in use, or the address is already verified",
             429: "Too many attempts (from this address, or failed logins of this account); see Retry-After",
             503: "The identity provider cannot be reached"}

# A route's answers for its OpenAPI document: its success and the problems (kernel.responses).
documented = responses.Answers(_PROBLEMS)
