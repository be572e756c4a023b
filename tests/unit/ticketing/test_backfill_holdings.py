"""The migration of tickets written before My events and the attendee search (ticketing/backfill.py), on the
ticketing table in in-process moto: tickets saved as the earlier version saved them (no attendeeKey, no holder
entry) show in their holder's My events and in the attendee search after it, a run that stops part-way is taken
on by the next, and a finished migration (or a ticket written by this version) is left alone."""

from __future__ import annotations

import uuid

E1, E2 = "5b0c8f0e-0d2c-4c1a-9b6e-2f1f7a3c9e01", "5b0c8f0e-0d2c-4c1a-9b6e-2f1f7a3c9e02"
ADA, BOB = (str(uuid.UUID(int=n)) for n in range(1, 3))


def _event(event_id: str, title: str) -> None:
    from kernel import replica
    from ticketing.store import PROFILE, EventReplica, event_key

    replica.keep(EventReplica, (event_key(event_id), PROFILE), "2026-01-01T00:00:00Z",
                 {"eventId": event_id, "title": title, "status": "PUBLISHED", "date": "2030-06-01T21:00:00",
                  "timezone": "UTC", "startsAt": "2030-06-01T21:00:00Z"})


def _old_ticket(user_id: str, event_id: str, name: str, purchased: str) -> str:
    """A ticket as the version before My events wrote it: its indexes, but no attendeeKey and no holder entry."""
    from ticketing.store import MoneyMap, TicketItem, ticket_index_keys, ticket_key

    ticket_id = f"ticket_{uuid.uuid4()}"
    TicketItem(*ticket_key(ticket_id), ticketId=ticket_id, orderId=f"order_{uuid.uuid4()}", eventId=event_id,
               userId=user_id, ticketTypeId=f"ett_{uuid.uuid4()}", kind="STANDARD", attendeeName=name,
               price=MoneyMap(amount=1500, currency="EUR"), purchaseDate=purchased, status="ACTIVE",
               **ticket_index_keys(ticket_id, user_id, event_id, purchased)).save()
    return ticket_id


def _my_events(user_id: str) -> list[tuple[str, list[str]]]:
    from ticketing import my_events

    return [(e.event_id, [t.id for t in e.tickets]) for e in my_events.page(user_id, {}).items]


def _found(event_id: str, search: str) -> list[str]:
    from ticketing.store import attendees

    return [t.ticket_id for t in attendees.event_page(event_id, 20, None, search=search)[0]]


def test_old_tickets_show_in_my_events_and_the_attendee_search_after_the_migration(table) -> None:
    from ticketing import backfill

    _event(E1, "Jazz")
    _event(E2, "Blues")
    first = _old_ticket(ADA, E1, "Ada Lovelace", "2026-03-01T10:00:00.000Z")
    second = _old_ticket(ADA, E1, "Grace Hopper", "2026-03-01T10:00:01.000Z")
    other = _old_ticket(BOB, E2, "Bob Marley", "2026-03-02T10:00:00.000Z")
    assert _my_events(ADA) == [] and _found(E1, "ada") == []  # what the earlier version's data showed

    assert backfill.run(lambda: True) == {"done": True, "updated": 3}

    assert _my_events(ADA) == [(E1, [first, second])]
    assert _my_events(BOB) == [(E2, [other])]
    assert _found(E1, "LOVELACE") == [first] and _found(E2, "marley") == [other]
    assert backfill.run(lambda: True) == {"done": True, "updated": 0}  # finished: one read, nothing written


def test_a_run_out_of_time_is_taken_on_by_the_next_and_new_tickets_are_left_alone(table) -> None:
    from ticketing import backfill
    from ticketing.store import TicketItem, ticket_key

    _event(E1, "Jazz")
    olds = [_old_ticket(ADA, E1, f"Guest {n}", f"2026-03-01T10:00:0{n}.000Z") for n in range(3)]
    new = _old_ticket(BOB, E1, "Bob", "2026-03-02T10:00:00.000Z")
    TicketItem(*ticket_key(new)).update(actions=[TicketItem.attendeeKey.set("written by this version")])

    assert backfill.run(lambda: False, batch=1) == {"done": False, "updated": 1}  # stops after one batch
    assert len(_my_events(ADA)) == 1
    assert backfill.run(lambda: True, batch=1) == {"done": True, "updated": 2}
    assert TicketItem.get(*ticket_key(new)).attendeeKey == "written by this version"
    assert _my_events(BOB) == []  # a ticket of this version has its entry from its own transaction
    assert sorted(t for _, ts in _my_events(ADA) for t in ts) == sorted(olds)
    assert _found(E1, "guest 2") == [olds[2]]
