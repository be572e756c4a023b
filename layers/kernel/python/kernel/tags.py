"""The tag taxonomy, shared vocabulary of events (their tags) and users (their interests). Reference §8.5."""

from __future__ import annotations

TAXONOMY: dict[str, tuple[str, ...]] = {
    "EventType": ("Live Music", "Concert", "DJ Set", "Party", "Dinner", "Karaoke", "Show"),
    "Venue": ("Club", "Pub", "Bar", "Restaurant", "Theatre", "Outdoor"),
    "MusicStyle": ("Electronic", "Pop", "Hip Hop", "Rock", "Reggaeton", "Commercial"),
    "Special": ("Halloween", "Christmas", "New Year", "Carnival", "Private Event"),
    "Target": ("Students", "Over 18", "Over 30", "Family Friendly"),
    "Extra": ("Dress Code", "White Party", "Black Party", "Free Entry", "Reservations Required"),
}

_BY_LOWER = {tag.lower(): tag for tags in TAXONOMY.values() for tag in tags}


def canonical(tag: str) -> str | None:
    """The display name of a tag, matched case-insensitively; None if it is not in the taxonomy."""
    return _BY_LOWER.get(tag.strip().lower())
