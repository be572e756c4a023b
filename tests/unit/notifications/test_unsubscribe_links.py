"""Unsubscribe links against an SSM parameter (in-process moto): a token made for a user and a type reads back as
them; one tampered with, signed with another secret, expired or naming no type is refused; without a usable secret
no link is made or honoured; essential e-mail gets no link."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from support.context_tables import context_table

PARAMETER, SECRET = "/test/unsubscribe-secret", "s" * 48


@pytest.fixture(autouse=True)
def ssm(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    import boto3
    from aws_lambda_powertools.utilities import parameters
    from kernel.aws import region

    monkeypatch.setenv("UNSUBSCRIBE_SECRET_PARAMETER", PARAMETER)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://eventonight.example/")
    parameters.clear_caches()
    with context_table("notifications"):
        client = boto3.client("ssm", region_name=region())
        client.put_parameter(Name=PARAMETER, Value=SECRET, Type="SecureString")
        yield client
    parameters.clear_caches()


def test_a_link_names_its_user_and_type() -> None:
    from notifications import unsubscribe_links

    link = unsubscribe_links.link("user-1", "follow", "it")
    assert link.startswith("https://eventonight.example/it/unsubscribe?token=")
    token = parse_qs(urlsplit(link).query)["token"][0]
    assert unsubscribe_links.verify(token) == ("user-1", "follow")
    headers = unsubscribe_links.headers("user-1", "new_event")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://eventonight.example/notifications/unsubscribe?token=")
    assert unsubscribe_links.verify(parse_qs(urlsplit(url).query)["token"][0]) == ("user-1", "new_event")


def test_essential_e_mail_has_no_link() -> None:
    from notifications import unsubscribe_links

    with pytest.raises(ValueError):
        unsubscribe_links.link("user-1", "order_confirmed")


def test_a_tampered_foreign_or_empty_token_is_a_bad_link() -> None:
    import jwt
    from notifications import unsubscribe_links

    good = unsubscribe_links.token("user-1", "like")
    header, claims, signature = good.split(".")
    other_claims = jwt.encode({"sub": "user-2", "typ": "like", "aud": "unsubscribe", "exp": time.time() + 60},
                              SECRET, algorithm="HS256").split(".")[1]
    forged = [f"{header}.{other_claims}.{signature}",                                    # claims swapped
              jwt.encode({"sub": "user-1", "typ": "like", "aud": "unsubscribe", "exp": time.time() + 60},
                         "another secret of 32 characters!", algorithm="HS256"),           # another secret
              jwt.encode({"sub": "user-1", "typ": "newsletter", "aud": "unsubscribe", "exp": time.time() + 60},
                         SECRET, algorithm="HS256"),                                      # no such type
              jwt.encode({"sub": "user-1", "typ": "like", "aud": "login", "exp": time.time() + 60},
                         SECRET, algorithm="HS256"),                                      # not for this
              jwt.encode({"sub": "user-1", "typ": "like", "aud": "unsubscribe"}, SECRET, algorithm="HS256"),
              "not-a-token", "", None]
    for token in forged:
        with pytest.raises(unsubscribe_links.BadLink):
            unsubscribe_links.verify(token)


def test_an_old_link_has_expired() -> None:
    from notifications import unsubscribe_links

    old = unsubscribe_links.token("user-1", "like", now=time.time() - unsubscribe_links.LINK_LIFETIME_SECONDS - 5)
    with pytest.raises(unsubscribe_links.LinkExpired):
        unsubscribe_links.verify(old)
    recent = unsubscribe_links.token("user-1", "like", now=time.time() - unsubscribe_links.LINK_LIFETIME_SECONDS + 60)
    assert unsubscribe_links.verify(recent) == ("user-1", "like")


@pytest.mark.parametrize("broken", ["no parameter named", "no such parameter", "a short secret"])
def test_without_a_usable_secret_no_link_is_made_or_honoured(ssm: object, monkeypatch: pytest.MonkeyPatch,
                                                              broken: str) -> None:
    from aws_lambda_powertools.utilities import parameters
    from notifications import unsubscribe_links

    token = unsubscribe_links.token("user-1", "like")
    parameters.clear_caches()
    if broken == "no parameter named":
        monkeypatch.delenv("UNSUBSCRIBE_SECRET_PARAMETER")
    elif broken == "no such parameter":
        ssm.delete_parameter(Name=PARAMETER)  # type: ignore[attr-defined]
    else:
        ssm.put_parameter(Name=PARAMETER, Value="short", Type="SecureString", Overwrite=True)  # type: ignore[attr-defined]
    with pytest.raises(unsubscribe_links.UnsubscribeNotConfigured):
        unsubscribe_links.verify(token)
    with pytest.raises(unsubscribe_links.UnsubscribeNotConfigured):
        unsubscribe_links.link("user-1", "like")


def test_a_token_naming_essential_e_mail_is_a_bad_link() -> None:
    import jwt
    from notifications import unsubscribe_links

    token = jwt.encode({"sub": "user-1", "typ": "order_refunded", "aud": "unsubscribe", "exp": time.time() + 60},
                       SECRET, algorithm="HS256")
    with pytest.raises(unsubscribe_links.BadLink):
        unsubscribe_links.verify(token)
