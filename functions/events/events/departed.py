"""An organization's account is gone (user.deleted; security review M8): its published events are cancelled
(`event.cancelled`: ticketing refunds every paid order and tells the buyers), its drafts deleted
(`event.deleted`), and it stops being a collaborator (`event.collaborator.left`) or invited anywhere. Its
cancelled and completed events stay as they are: nothing is on sale there any more.

The events come from the listing partitions the organization has (DRAFT#ORG#, PUBLISHED#ORG#, INVITED#): a
Query each, never a scan. Each event changes in its own transaction, conditioned on the version it was read at;
the index may lag behind, so every event is read again first and one already settled is left alone. Running
again for the same message changes nothing more."""

from __future__ import annotations

from aws_lambda_powertools import Logger

from . import payloads, store
from .domain import DRAFT, PUBLISHED, depart

logger = Logger()


def event_ids_of(organization_id: str) -> list[str]:
    partitions = (f"{DRAFT}#ORG#{organization_id}", f"{PUBLISHED}#ORG#{organization_id}",
                  store.invitations_of(organization_id))
    found: dict[str, None] = {}
    for partition in partitions:
        for item in store.EventItem.by_date.query(partition, attributes_to_get=["eventId"]):
            found[item.eventId] = None
    return list(found)


def settle(event_id: str, organization_id: str) -> None:
    """The event without the organization: cancelled or deleted when it is the creator's, else left."""
    event = store.get(event_id)
    transition = depart(event, organization_id) if event is not None else None
    if transition is None:
        return
    if transition.gone:
        store.delete(transition.before, payloads.messages(transition))
        return
    store.save(transition.after, event, payloads.messages(transition))
    if transition.caused == ("event.cancelled",):
        logger.info("cancelled: its organization is gone", extra={"eventId": event_id})
