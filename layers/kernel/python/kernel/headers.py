"""Headers every API answer carries (security review L9): nothing in a response runs, is sniffed into HTML, is
framed or leaks its URL. A route's own headers win (media sends `Content-Security-Policy: sandbox`)."""

SECURITY_HEADERS = {"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
                    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
