"""The collaboration rules of the events context without AWS (security review M7): naming an organization
invites it, only accepting makes it a collaborator, and the invited organization answers for itself."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "functions" / "events"))

from events.domain import (  # noqa: E402
    CANCELLED,
    COMPLETED,
    DRAFT,
    PUBLISHED,
    Change,
    Details,
    Location,
    accept,
    changed,
    decline,
    depart,
    invitations_sent,
    leave,
    new_event,
)
from kernel.errors import Conflict, NotFound  # noqa: E402

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
CREATOR, ORG_A, ORG_B, ORG_C = "creator", "org-a", "org-b", "org-c"
PLACE = Location(name="Terrazza", country="Italy", country_code="IT", city="Milano", road="Piazza Diaz",
                 postcode="20123", lat=45.46, lon=9.19)


def accepted(event, organization_id):  # noqa: ANN001, ANN201
    return accept(event, organization_id).after


def declined(event, organization_id):  # noqa: ANN001, ANN201
    return decline(event, organization_id).after


def left(event, organization_id):  # noqa: ANN001, ANN201
    return leave(event, organization_id).after


def without_organization(event, organization_id):  # noqa: ANN001, ANN201
    return depart(event, organization_id).after


def details(**overrides: object) -> Details:
    values = dict(title="Jazz on the Roof", description="Three bands.", location=PLACE,
                  date=(NOW + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S"), timezone="Europe/Rome")
    values.update(overrides)
    return Details(**values)  # type: ignore[arg-type]


def created(status: str = PUBLISHED, collaborators: list[str] | None = None):  # noqa: ANN201
    return new_event("e1", CREATOR, status, details(collaborator_ids=collaborators), "poster", NOW)


def test_naming_organizations_invites_them_and_makes_none_a_collaborator() -> None:
    event = created(collaborators=[ORG_A, CREATOR, ORG_B, ORG_A])
    assert event.collaborator_ids == ()
    assert event.invited_ids == (ORG_A, ORG_B)  # the creator is never its own collaborator; each once


def test_only_accepting_makes_a_collaborator_and_only_the_invited_can_accept() -> None:
    event = accepted(created(collaborators=[ORG_A, ORG_B]), ORG_A)
    assert event.collaborator_ids == (ORG_A,) and event.invited_ids == (ORG_B,)
    with pytest.raises(NotFound, match="No pending invitation"):
        accepted(event, ORG_A)  # already accepted: nothing pending
    with pytest.raises(NotFound, match="No pending invitation"):
        accepted(event, ORG_C)  # never invited


def test_an_invitation_cannot_be_answered_while_the_event_is_a_draft() -> None:
    draft = created(DRAFT, collaborators=[ORG_A])
    with pytest.raises(NotFound):
        accepted(draft, ORG_A)
    with pytest.raises(NotFound):
        declined(draft, ORG_A)


def test_a_cancelled_or_completed_event_can_be_declined_not_accepted() -> None:
    for status in (CANCELLED, COMPLETED):
        event = replace(created(collaborators=[ORG_A]), status=status)
        with pytest.raises(Conflict, match="declined"):
            accepted(event, ORG_A)
        assert declined(event, ORG_A).invited_ids == ()


def test_declining_removes_the_invitation_and_makes_no_collaborator() -> None:
    event = declined(created(collaborators=[ORG_A, ORG_B]), ORG_A)
    assert event.invited_ids == (ORG_B,) and event.collaborator_ids == ()
    with pytest.raises(NotFound):
        declined(event, ORG_A)


def test_a_collaborator_leaves_until_the_event_is_completed() -> None:
    event = accepted(created(collaborators=[ORG_A]), ORG_A)
    assert left(event, ORG_A).collaborator_ids == ()
    with pytest.raises(NotFound, match="Not a collaborator"):
        left(created(collaborators=[ORG_B]), ORG_B)  # invited is not a collaborator
    with pytest.raises(Conflict, match="completed"):
        left(replace(event, status=COMPLETED), ORG_A)


def test_renaming_keeps_who_accepted_invites_the_new_and_drops_the_unnamed() -> None:
    event = accepted(created(collaborators=[ORG_A, ORG_B]), ORG_A)
    renamed = changed(event, Change(PUBLISHED, Details(collaborator_ids=[ORG_A, ORG_C])), NOW)
    assert renamed.collaborator_ids == (ORG_A,) and renamed.invited_ids == (ORG_C,)
    kept = changed(event, Change(PUBLISHED, Details(title="New title")), NOW)  # omitted: keep both lists
    assert kept.collaborator_ids == (ORG_A,) and kept.invited_ids == (ORG_B,)
    cleared = changed(event, Change(PUBLISHED, Details(collaborator_ids=[])), NOW)
    assert cleared.collaborator_ids == () and cleared.invited_ids == ()


def test_invitations_are_sent_when_the_event_is_published_and_each_once() -> None:
    draft = created(DRAFT, collaborators=[ORG_A])
    assert invitations_sent(None, draft) == ()  # a draft is its creator's alone
    published = changed(draft, Change(PUBLISHED), NOW)
    assert invitations_sent(draft, published) == (ORG_A,)
    more = changed(published, Change(PUBLISHED, Details(collaborator_ids=[ORG_A, ORG_B])), NOW)
    assert invitations_sent(published, more) == (ORG_B,)  # ORG_A heard already
    assert invitations_sent(None, created(collaborators=[ORG_C])) == (ORG_C,)


def test_a_deleted_organization_is_neither_collaborator_nor_invited() -> None:
    event = accepted(created(collaborators=[ORG_A, ORG_B]), ORG_A)
    assert without_organization(event, ORG_A).collaborator_ids == ()
    assert without_organization(event, ORG_B).invited_ids == ()
