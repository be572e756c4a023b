"""The attendee list on the ticketing table in in-process moto: only paid tickets, searched by name (any case) or
holder username, and the CSV export's parts, which put together are one file with one header row."""

from __future__ import annotations

import csv
import io
import uuid

from ticketing.domain import ACTIVE, PAYMENT_FAILED, PENDING_PAYMENT, USED, Money, Ticket

E1 = "5b0c8f0e-0d2c-4c1a-9b6e-2f1f7a3c9e01"
ADA, GRACE = str(uuid.UUID(int=1)), str(uuid.UUID(int=2))


def add(n: int, name: str, holder: str, status: str = ACTIVE) -> str:
    from ticketing.store import commit
    from ticketing.store import tickets as ticket_store

    ticket = Ticket(f"ticket_{uuid.UUID(int=1000 + n)}", "order_1", E1, holder, "ett_1", "STANDARD", name,
                    Money(0, "EUR"), f"2026-12-05T10:{n // 60:02d}:{n % 60:02d}.000Z", status)
    commit(lambda unit: ticket_store.add(unit, ticket))
    return ticket.ticket_id


def user(user_id: str, username: str) -> None:
    from ticketing import people

    people.on_user_changed({"occurredAt": "2026-12-01T00:00:00.000Z", "payload": {
        "id": user_id, "username": username, "role": "member", "language": "en"}})


def test_paid_tickets_are_listed_searched_and_exported_in_parts(table) -> None:
    from ticketing import attendee_list
    from ticketing.attendee_list import Search

    user(ADA, "ada_l")
    user(GRACE, "Amazing.Grace")
    for n in range(23):
        add(n, f"Guest {n}", ADA, USED if n == 0 else ACTIVE)
    graces = [add(30, "Grace Hopper", GRACE), add(31, "=cmd|' /C calc'!A0", GRACE)]
    add(32, "Unpaid", GRACE, PENDING_PAYMENT)
    add(33, "Released", GRACE, PAYMENT_FAILED)

    everyone, _ = attendee_list.rows(E1, Search(None, None), None, 1000)
    assert len(everyone) == 25 and everyone[0].holder_username == "ada_l" and everyone[0].status == USED
    def searched(words: str) -> list[str]:
        """Every page of a search (a page may hold fewer than its limit: the filter runs after the Query's)."""
        found, key = [], None
        while True:
            items, key = attendee_list.page(E1, Search.parse({"q": words}), 10, key)
            found += [a.ticket_id for a in items]
            if key is None:
                return found

    assert searched("hOPPER") == graces[:1]
    assert Search.parse({"q": "@amazing.grace"}).holder_id == GRACE
    assert searched("@amazing.grace") == graces == searched("Amazing.Grace")
    assert searched("guest 2") == [everyone[n].ticket_id for n in (2, *range(20, 23))]

    first, key = attendee_list.rows(E1, Search(None, None), None, 15, page_size=10)  # at least 15: whole pages
    assert len(first) == 20 and key is not None
    rest, end = attendee_list.rows(E1, Search(None, None), key, 15, page_size=10)
    assert len(rest) == 5 and end is None
    joined = attendee_list.as_csv(first, header=True) + attendee_list.as_csv(rest, header=False)
    rows = list(csv.reader(io.StringIO(joined)))
    assert rows[0][0] == "ticketId" and len(rows) == 26 and sum(r[0] == "ticketId" for r in rows) == 1
    assert rows[-1][1] == "'=cmd|' /C calc'!A0"  # never a formula in a spreadsheet


def test_a_username_that_moved_on_finds_nobody(table) -> None:
    from ticketing import people

    user(str(uuid.UUID(int=9)), "old_name")
    people.on_user_changed({"occurredAt": "2026-12-02T00:00:00.000Z", "payload": {
        "id": str(uuid.UUID(int=9)), "username": "new_name", "role": "member", "language": "en"}})
    assert people.named("OLD_NAME") is None
    assert people.named("new_name") == str(uuid.UUID(int=9))
    assert people.named("x" * 31) is None
