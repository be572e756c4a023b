"""Amounts in minor units: display, and Stripe's minimum charge per currency."""

# fmt: off
ZERO_DECIMAL = frozenset((
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
    "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
))
_SYMBOLS = {
    "usd": "$", "eur": "€", "gbp": "£", "jpy": "¥", "cad": "CA$", "aud": "A$", "nzd": "NZ$", "inr": "₹",
}

# https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts (minor units)
MINIMUM_CHARGE = {
    "usd": 50, "aud": 50, "brl": 50, "cad": 50, "chf": 50, "eur": 50, "inr": 50, "jpy": 50, "nzd": 50,
    "sgd": 50, "gbp": 30, "dkk": 250, "nok": 300, "sek": 300, "pln": 200, "ron": 200, "bgn": 100,
    "czk": 1500, "huf": 17500, "hkd": 400, "mxn": 1000, "thb": 1000, "aed": 200, "myr": 200,
}
# fmt: on


def format_amount(amount: int, currency: str) -> str:
    """1500, "eur" -> "€15.00"; 500, "jpy" -> "¥500"; unknown symbols -> "15.00 SEK"."""
    value = f"{amount:,}" if currency in ZERO_DECIMAL else f"{amount / 100:,.2f}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{value}" if symbol else f"{value} {currency.upper()}"
