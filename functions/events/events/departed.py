"""An organization's account is gone (user.deleted; security review M8): its published events are cancelled
(`event.cancelled`: ticketing refunds every paid order and tells the buyers), its drafts deleted
(`event.deleted`), and it stops being a collaborator (`event.collaborator.left`) or invited anywhere. Its
cancelled and completed events stay as they are: nothing is on sale there any more.

The events come from the listing partitions the organization has (DRAFT#ORG#, PUBLISHED#ORG#, INVITED#): a
Query each, never a scan. Each event changes in its own transaction, conditioned on the version it was read at;
the index may lag behind, so every event is read again first and one already settled is left alone. Running
again for the same message changes nothing more."""

from __future__ import annotations

from dataclasses import replace

from aws_lambda_powertools import Logger

from . import payloads, store
from .domain import CANCELLED, DRAFT, PUBLISHED, without_organization

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
    if event is None:
        return
    if event.creator_id == organization_id:
        if event.status == DRAFT:
            store.delete(event, [("event.deleted", payloads.deleted(event))])
        elif event.status == PUBLISHED:
            cancelled = replace(event, status=CANCELLED)
            store.save(cancelled, event, [("event.cancelled", payloads.cancelled(cancelled))])
            logger.info("cancelled: its organization is gone", extra={"eventId": event_id})
        return
    if organization_id in event.collaborator_ids or organization_id in event.invited_ids:
        gone = without_organization(event, organization_id)
        messages = [("event.collaborator.left", payloads.collaboration(gone, organization_id))] \
            if organization_id in event.collaborator_ids else []
        store.save(gone, event, messages)
