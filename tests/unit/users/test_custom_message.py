"""CustomMessageFunction, Cognito's CustomMessage trigger: code e-mails in the account's `locale`."""

from __future__ import annotations

import pytest
from users.code_mail import TEXTS
from users.handlers.custom_message import handler


def _event(trigger: str, locale: str | None = None) -> dict:
    attributes = {"sub": "s", "email": "giulia@example.com", **({"locale": locale} if locale else {})}
    return {"version": "1", "triggerSource": trigger, "userName": "giulia",
            "request": {"userAttributes": attributes, "codeParameter": "{####}"},
            "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None}}


@pytest.mark.parametrize("language", sorted(TEXTS))
@pytest.mark.parametrize("trigger", ["CustomMessage_SignUp", "CustomMessage_ResendCode", "CustomMessage_ForgotPassword",
                                     "CustomMessage_VerifyUserAttribute", "CustomMessage_UpdateUserAttribute"])
def test_every_code_e_mail_carries_the_code_in_the_accounts_language(trigger: str, language: str) -> None:
    response = handler(_event(trigger, language), None)["response"]
    kind = "reset" if trigger.endswith("ForgotPassword") else "verify"
    assert (response["emailSubject"], response["emailMessage"]) == (
        TEXTS[language][kind][0], TEXTS[language][kind][1].format(code="{####}"))


@pytest.mark.parametrize(("locale", "language"), [("it-IT", "it"), ("de_AT", "de"), ("FR", "fr"), ("pt", "en"),
                                                  (None, "en")])
def test_a_locale_of_another_or_no_language_is_english(locale: str | None, language: str) -> None:
    response = handler(_event("CustomMessage_ForgotPassword", locale), None)["response"]
    assert response["emailSubject"] == TEXTS[language]["reset"][0]


def test_the_texts_of_every_language_are_distinct_and_have_the_code() -> None:
    for kind in ("reset", "verify"):
        messages = [TEXTS[language][kind][1] for language in TEXTS]
        assert len(set(messages)) == len(TEXTS) and all("{code}" in m for m in messages)


def test_other_messages_keep_cognitos_text() -> None:
    event = _event("CustomMessage_AdminCreateUser", "it")
    assert handler(event, None)["response"] == {"smsMessage": None, "emailMessage": None, "emailSubject": None}
