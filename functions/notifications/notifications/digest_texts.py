"""The digest's words in the five languages (en when the user's is unknown)."""

from __future__ import annotations

import html
from typing import Any

from .domain import NoteType

WORDS: dict[str, dict[str, str]] = {
    "en": {"subject": "Your EvenToNight digest", "intro": "Here is what happened yesterday:",
           NoteType.FOLLOW: "{name} now follows you", NoteType.NEW_EVENT: "{name} published {event}",
           "stop": "Stop e-mails about {what}", NoteType.FOLLOW + ".what": "new followers",
           NoteType.NEW_EVENT + ".what": "new events",
           NoteType.CHAT_MESSAGE: "Unread messages from {name}: {count}",
           NoteType.CHAT_MESSAGE + ".what": "chat messages"},
    "it": {"subject": "Il tuo riepilogo EvenToNight", "intro": "Ecco cosa è successo ieri:",
           NoteType.FOLLOW: "{name} ora ti segue", NoteType.NEW_EVENT: "{name} ha pubblicato {event}",
           "stop": "Non ricevere più e-mail su {what}", NoteType.FOLLOW + ".what": "nuovi follower",
           NoteType.NEW_EVENT + ".what": "nuovi eventi",
           NoteType.CHAT_MESSAGE: "Messaggi non letti da {name}: {count}",
           NoteType.CHAT_MESSAGE + ".what": "messaggi in chat"},
    "de": {"subject": "Deine EvenToNight-Zusammenfassung", "intro": "Das ist gestern passiert:",
           NoteType.FOLLOW: "{name} folgt dir jetzt", NoteType.NEW_EVENT: "{name} hat {event} veröffentlicht",
           "stop": "Keine E-Mails mehr über {what}", NoteType.FOLLOW + ".what": "neue Follower",
           NoteType.NEW_EVENT + ".what": "neue Events",
           NoteType.CHAT_MESSAGE: "Ungelesene Nachrichten von {name}: {count}",
           NoteType.CHAT_MESSAGE + ".what": "Chat-Nachrichten"},
    "fr": {"subject": "Votre résumé EvenToNight", "intro": "Voici ce qui s'est passé hier :",
           NoteType.FOLLOW: "{name} vous suit désormais", NoteType.NEW_EVENT: "{name} a publié {event}",
           "stop": "Ne plus recevoir d'e-mails sur {what}", NoteType.FOLLOW + ".what": "les nouveaux abonnés",
           NoteType.NEW_EVENT + ".what": "les nouveaux événements",
           NoteType.CHAT_MESSAGE: "Messages non lus de {name} : {count}",
           NoteType.CHAT_MESSAGE + ".what": "les messages du chat"},
    "es": {"subject": "Tu resumen de EvenToNight", "intro": "Esto es lo que pasó ayer:",
           NoteType.FOLLOW: "{name} ahora te sigue", NoteType.NEW_EVENT: "{name} ha publicado {event}",
           "stop": "No recibir más correos sobre {what}", NoteType.FOLLOW + ".what": "nuevos seguidores",
           NoteType.NEW_EVENT + ".what": "nuevos eventos",
           NoteType.CHAT_MESSAGE: "Mensajes sin leer de {name}: {count}",
           NoteType.CHAT_MESSAGE + ".what": "mensajes del chat"},
}


def _line(words: dict[str, str], note_type: str, metadata: dict[str, Any], count: int = 1) -> str:
    name = (metadata.get("followerName") or metadata.get("followerUsername") or metadata.get("creatorName")
            or metadata.get("senderName") or "?")
    return words[note_type].format(name=name, event=metadata.get("eventName") or "?", count=count)


def _lines(words: dict[str, str], entries: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """A line per notification; a sender's chat messages make one line, with how many there are."""
    chats: dict[str, list[dict[str, Any]]] = {}
    for note_type, metadata in entries:
        if note_type == NoteType.CHAT_MESSAGE:
            chats.setdefault(str(metadata.get("senderId")), []).append(metadata)
    lines, told = [], set()
    for note_type, metadata in entries:
        if note_type != NoteType.CHAT_MESSAGE:
            lines.append(_line(words, note_type, metadata))
        elif (sender := str(metadata.get("senderId"))) not in told:
            told.add(sender)
            lines.append(_line(words, note_type, metadata, len(chats[sender])))
    return lines


def render(language: str | None, entries: list[tuple[str, dict[str, Any]]],
           unsubscribe: dict[str, str]) -> tuple[str, str, str]:
    """(subject, text, html): a line per notification, then a stop link per type (`unsubscribe`: type -> URL)."""
    words = WORDS.get(language or "en", WORDS["en"])
    lines = _lines(words, entries)
    stops = [(words["stop"].format(what=words[t + ".what"]), url) for t, url in unsubscribe.items()]
    text = "\n".join([words["intro"], "", *[f"- {line}" for line in lines], "",
                      *[f"{label}: {url}" for label, url in stops], "", "EvenToNight", ""])
    markup = (f"<!doctype html><html lang=\"{html.escape(language or 'en')}\"><body><p>{html.escape(words['intro'])}"
              f"</p><ul>{''.join(f'<li>{html.escape(line)}</li>' for line in lines)}</ul>"
              + "".join(f"<p><a href=\"{html.escape(url)}\">{html.escape(label)}</a></p>" for label, url in stops)
              + "<p>EvenToNight</p></body></html>")
    return words["subject"], text, markup
