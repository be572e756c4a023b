"""Stripe's test cards and what each one does, and the card fields of the hosted checkout form."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Decline:
    code: str  # the charge's failure_code / the error's code
    decline_code: str | None
    message: str  # what the customer sees, e.g. "Your card was declined."
    reason: str  # outcome.reason
    seller_message: str
    outcome_type: str = "issuer_declined"
    network_status: str = "declined_by_network"


@dataclass(frozen=True)
class TestCard:
    brand: str
    funding: str = "credit"
    country: str = "US"
    decline: Decline | None = None


_GENERIC = Decline(
    "card_declined",
    "generic_decline",
    "Your card was declined.",
    "generic_decline",
    "The bank did not return any further details with this decline.",
)
LIVE_CARD_IN_TEST_MODE = Decline(
    "card_declined",
    "live_mode_test_card",
    "Your card was declined. Your request was in test mode, but used a non test (live) card. "
    "For a list of valid test cards, visit: https://stripe.com/docs/testing.",
    "live_mode_test_card",
    "The bank declined the payment because a live card was used in test mode.",
)

# https://docs.stripe.com/testing
TEST_CARDS = {
    "4242424242424242": TestCard("visa"),
    "4000056655665556": TestCard("visa", funding="debit"),
    "5555555555554444": TestCard("mastercard"),
    "2223003122003222": TestCard("mastercard"),
    "378282246310005": TestCard("amex"),
    "4000000000000002": TestCard("visa", decline=_GENERIC),
    "4000000000009995": TestCard(
        "visa",
        decline=Decline(
            "card_declined",
            "insufficient_funds",
            "Your card has insufficient funds.",
            "insufficient_funds",
            "The bank returned the decline code `insufficient_funds`.",
        ),
    ),
    "4000000000009987": TestCard(
        "visa",
        decline=Decline(
            "card_declined",
            "lost_card",
            "Your card was declined.",
            "lost_card",
            "The bank returned the decline code `lost_card`.",
        ),
    ),
    "4000000000000069": TestCard(
        "visa",
        decline=Decline(
            "expired_card",
            "expired_card",
            "Your card has expired.",
            "expired_card",
            "The bank returned the decline code `expired_card`.",
        ),
    ),
    "4000000000000127": TestCard(
        "visa",
        decline=Decline(
            "incorrect_cvc",
            "incorrect_cvc",
            "Your card's security code is incorrect.",
            "incorrect_cvc",
            "The bank returned the decline code `incorrect_cvc`.",
        ),
    ),
    "4000000000000119": TestCard(
        "visa",
        decline=Decline(
            "processing_error",
            "processing_error",
            "An error occurred while processing your card. Try again in a little bit.",
            "processing_error",
            "The bank returned the decline code `processing_error`.",
        ),
    ),
}


class CardInputError(ValueError):
    """What the hosted page shows next to the form, e.g. "Your card number is invalid."."""


@dataclass(frozen=True)
class Card:
    number: str
    exp_month: int
    exp_year: int
    cvc: str
    name: str | None
    test_card: TestCard

    @property
    def last4(self) -> str:
        return self.number[-4:]

    @property
    def decline(self) -> Decline | None:
        return self.test_card.decline


def _luhn_ok(number: str) -> bool:
    total = 0
    for index, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _brand(number: str) -> str:
    if number.startswith("4"):
        return "visa"
    if number.startswith(("34", "37")):
        return "amex"
    if number[:2] in {"51", "52", "53", "54", "55"} or number.startswith("2"):
        return "mastercard"
    return "unknown"


def parse_card(
    number: str,
    expiry: str | None,
    cvc: str | None,
    name: str | None,
    *,
    current_year: int,
    current_month: int,
) -> Card:
    """Validate the form's card fields as Stripe's page does. Expiry and CVC may be left out (any valid
    value works with test cards), which lets tests pay with the card number alone."""
    digits = re.sub(r"[\s-]", "", number or "")
    if not digits:
        raise CardInputError("Your card number is incomplete.")
    if not digits.isdigit() or not 13 <= len(digits) <= 19 or not _luhn_ok(digits):
        raise CardInputError("Your card number is invalid.")
    exp_month, exp_year = 12, current_year + 5
    if expiry:
        match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*", expiry)
        if not match or not 1 <= int(match.group(1)) <= 12:
            raise CardInputError("Your card's expiration date is incomplete.")
        exp_month = int(match.group(1))
        exp_year = int(match.group(2)) + (2000 if len(match.group(2)) == 2 else 0)
        if (exp_year, exp_month) < (current_year, current_month):
            raise CardInputError("Your card's expiration date is in the past.")
    if cvc and not re.fullmatch(r"\d{3,4}", cvc.strip()):
        raise CardInputError("Your card's security code is incomplete.")
    test_card = TEST_CARDS.get(digits) or TestCard(_brand(digits), decline=LIVE_CARD_IN_TEST_MODE)
    return Card(digits, exp_month, exp_year, (cvc or "").strip(), (name or "").strip() or None, test_card)
