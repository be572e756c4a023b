"""Stored notifications and their read state; every change and the unread counter move in one transaction."""

from __future__ import annotations

import time
from typing import Any

from kernel import unit_of_work
from kernel.events import now_iso
from kernel.table import BatchRead, get
from kernel.unit_of_work import Stale, Unit

from . import conversation_reads
from .domain import AccountErased, AlreadyNotified, NoteType, read_with_conversation
from .ids import notification_id
from .store import COUNTERS, ERASED, PRODUCER, Counters, Erased, Note, note_key, user_key

TRANSACTION_CHUNK = 50  # notes per transaction (DynamoDB takes 100 actions; each chunk adds the counter)
# A notification is kept this long after it was read, then DynamoDB's TTL (expiresAt) removes it. Unread ones have
# no expiry: TTL deletes without a word, and the unread counter must never count a note that is gone.
READ_RETENTION_SECONDS = 90 * 24 * 3600


def view(note: Note) -> dict[str, Any]:
    return {"id": note.id, "type": NoteType.of_stored(note.type), "metadata": note.metadata,
            "read": bool(note.read), "createdAt": note.createdAt, "updatedAt": note.updatedAt}


def store(recipient: str, note_type: str, metadata: dict[str, Any], source: str,
          occurred_at: str) -> dict[str, Any] | None:
    """The notification (unread, +1 unread) once per (source event, recipient); a repeat returns the first; None
    for a deleted account (its ERASED marker). Only a type of the vocabulary is stored (ValueError otherwise: the
    message goes to the dead-letter queue); an old name still on its way through the delivery queue is stored
    under its new one. A chat message its recipient has read already is stored read (conversation_reads)."""
    note_type = str(NoteType(NoteType.of_stored(note_type)))
    note_id = notification_id(occurred_at, source, recipient)

    def write(unit: Unit) -> Note:
        now = now_iso()
        read = conversation_reads.covers(recipient, note_type, metadata)
        note = Note(user_key(recipient), note_key(note_id), id=note_id, userId=recipient, type=note_type,
                    metadata=metadata, read=read, createdAt=now, updatedAt=now)
        if read:
            note.expiresAt = int(time.time()) + READ_RETENTION_SECONDS
        else:
            note.GSI1PK, note.GSI1SK = f"UNREAD#{recipient}", note_id
        unit.check(Erased, user_key(recipient), ERASED, Erased.PK.does_not_exist(),
                   failure=AccountErased("the account is deleted"))
        unit.save(note, condition=Note.PK.does_not_exist(), failure=AlreadyNotified("stored already"))
        if not read:
            unit.update(Counters(user_key(recipient), COUNTERS), actions=[Counters.unread.add(1)])
            conversation_reads.check_still_unread(unit, recipient, note_type, metadata)
        return note

    try:
        note = unit_of_work.commit(PRODUCER, write, retry_stale=True)
    except AlreadyNotified:
        note = Note.get(user_key(recipient), note_key(note_id), consistent_read=True)
    except AccountErased:
        return None
    return view(note)


def find(user_id: str, note_id: str) -> Note | None:
    return get(Note, user_key(user_id), note_key(note_id))


def _mark(notes: list[Note]) -> bool:
    """These unread notes read and the counter down by as many, in one transaction; False (nothing changed) when
    one of them was read meanwhile."""
    expires_at = int(time.time()) + READ_RETENTION_SECONDS

    def write(unit: Unit) -> None:
        for note in notes:
            unit.update(note, actions=[Note.read.set(True), Note.updatedAt.set(now_iso()), Note.GSI1PK.remove(),
                                       Note.GSI1SK.remove(), Note.expiresAt.set(expires_at)],
                        condition=Note.read == False)  # noqa: E712
        unit.update(Counters(notes[0].PK, COUNTERS), actions=[Counters.unread.add(-len(notes))])

    try:
        unit_of_work.commit(PRODUCER, write)
    except Stale:
        return False
    return True


def mark_read(note: Note) -> bool:
    """Read, and -1 unread; False when it was read already (by this or another request)."""
    return _mark([note])


def mark_all_read(notes: list[Note]) -> int:
    """Mark the unread ones of these notes (of one user) read, 50 to a transaction (a chunk that lost a race
    with another request is retried note by note); how many this call marked."""
    unread = [note for note in notes if not note.read]
    marked = 0
    for start in range(0, len(unread), TRANSACTION_CHUNK):
        chunk = unread[start:start + TRANSACTION_CHUNK]
        marked += len(chunk) if _mark(chunk) else sum(1 for note in chunk if mark_read(note))
    return marked


def mark_conversation_read(user_id: str, conversation_id: str, read_up_to: str) -> int:
    """The user's unread chat_message notifications of the messages of a conversation they read up to
    `read_up_to` are read (a Query of their unread ones, chat messages only); how many this call marked."""
    unread_chat = Note.unread_index.query(f"UNREAD#{user_id}",
                                          filter_condition=Note.type == NoteType.CHAT_MESSAGE.value)
    read = [note for note in unread_chat if read_with_conversation(note.metadata or {}, conversation_id, read_up_to)]
    return mark_all_read(read) if read else 0


def unread_count(user_id: str) -> int:
    counters = get(Counters, user_key(user_id), COUNTERS)
    return max(int(counters.unread or 0), 0) if counters else 0


def counters_read() -> BatchRead:
    """The caller's counters, to read (consistently) along with the token's check: `http.caller(router,
    reads=...)`, one AWS call instead of two."""
    return BatchRead(Counters, lambda user_id: [(user_key(user_id), COUNTERS)], consistent=True)


def unread_in(read: BatchRead, user_id: str) -> int:
    counters = read.found.get((user_key(user_id), COUNTERS))
    return max(int(counters.unread or 0), 0) if counters else 0


def page(user_id: str, unread_only: bool, limit: int, start_key: dict | None) -> tuple[list[Note], dict | None]:
    """One Query: the user's notifications (or the unread ones, from the sparse index), newest first."""
    if unread_only:
        results = Note.unread_index.query(f"UNREAD#{user_id}", scan_index_forward=False, limit=limit,
                                          page_size=limit, last_evaluated_key=start_key)
    else:
        results = Note.query(user_key(user_id), Note.SK.startswith("NOTE#"), scan_index_forward=False, limit=limit,
                             page_size=limit, last_evaluated_key=start_key)
    notes = list(results)
    return notes, results.last_evaluated_key


def all_unread(user_id: str) -> Any:
    """Every unread notification of the user (mark-all-read), from the sparse index."""
    return Note.unread_index.query(f"UNREAD#{user_id}")


def _remove(notes: list[Note]) -> bool:
    """These notes (of one user) gone and the counter down by the unread ones among them, in one transaction;
    False (nothing changed) when one of them was read, marked or deleted meanwhile."""
    unread = sum(1 for note in notes if not note.read)

    def write(unit: Unit) -> None:
        for note in notes:
            unit.delete(note, condition=Note.read == bool(note.read))  # fails too when it is gone already
        if unread:
            unit.update(Counters(notes[0].PK, COUNTERS), actions=[Counters.unread.add(-unread)])

    try:
        unit_of_work.commit(PRODUCER, write)
    except Stale:
        return False
    return True


def remove(user_id: str, note_id: str) -> bool:
    """The user's notification deleted (an unread one takes the counter down); False when there is none. A note
    read between the read and the delete is read again, so the counter is never off by it."""
    while (note := find(user_id, note_id)) is not None:
        if _remove([note]):
            return True
    return False


def remove_all(user_id: str) -> int:
    """Every notification of the user deleted, a page of Query and 50 to a transaction (a chunk that lost a race
    is deleted note by note); how many this call deleted."""
    removed = 0
    for notes in _pages(user_id):
        for start in range(0, len(notes), TRANSACTION_CHUNK):
            chunk = notes[start:start + TRANSACTION_CHUNK]
            removed += len(chunk) if _remove(chunk) else sum(1 for note in chunk if remove(user_id, note.id))
    return removed


def _pages(user_id: str) -> Any:
    start_key = None
    while True:
        notes, start_key = page(user_id, unread_only=False, limit=100, start_key=start_key)
        if notes:
            yield notes
        if not start_key:
            return


def erase(user_id: str) -> int:
    """An account deleted: first the ERASED marker (nothing is stored for it from then on), then its
    notifications and its counter (presence and connections go with its sockets)."""
    Erased(user_key(user_id), ERASED, erasedAt=now_iso()).save()
    removed = remove_all(user_id)
    Counters(user_key(user_id), COUNTERS).delete()
    return removed
