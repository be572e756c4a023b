"""The notifications' own vocabulary: what a stored notification says happened (its `type`), one snake_case name
per kind, each with a text in every language of the SPA (web/src/i18n, `notifications.<type>`)."""

from __future__ import annotations

from enum import StrEnum


class NoteType(StrEnum):
    LIKE = "like"                                  # someone liked the recipient's event
    REVIEW = "review"                              # someone reviewed it
    FOLLOW = "follow"                              # someone follows the recipient
    NEW_EVENT = "new_event"                        # an organization the recipient follows published an event
    COLLABORATION_INVITE = "collaboration_invite"  # the recipient (an organization) is invited to collaborate
    ORDER_CONFIRMED = "order_confirmed"            # the buyer's payment went through: the tickets are theirs
    ORDER_CANCELLED = "order_cancelled"            # the buyer's order ended unpaid (the hold expired, cancelled)
    ORDER_REFUNDED = "order_refunded"              # a payment came after the hold ended: it is refunded
    EVENT_CANCELLED = "event_cancelled"            # the event of the buyer's tickets was cancelled: refunded

    @classmethod
    def of_stored(cls, stored: str) -> str:
        """The type of a stored notification as it is shown today: notifications stored before the vocabulary
        was one (dotted names such as `order.confirmed`) read as their snake_case name; an unknown one as is."""
        name = stored.replace(".", "_")
        return name if name in cls._value2member_map_ else stored
