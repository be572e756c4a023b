"""One vocabulary of notification types (issue 17, architecture review §6): snake_case names, each with a text in
every language of the SPA, the consumer emitting nothing else; notifications stored under the old dotted names
still read (and display) under the new ones."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from notifications.domain import NoteType

ROOT = Path(__file__).resolve().parents[3]
I18N = ROOT / "web" / "src" / "i18n"
LANGUAGES = ("en", "it", "de", "es", "fr")  # web/src/i18n/index.ts LOCALES
PACKAGE = ROOT / "functions" / "notifications" / "notifications"
CONSUMER, DOMAIN = PACKAGE / "handlers" / "consume.py", PACKAGE / "domain.py"


def notification_texts(language: str) -> dict[str, str]:
    """The `notifications: { key: 'text', ... }` block of a language file of the SPA."""
    source = (I18N / f"{language}.ts").read_text()
    block = re.search(r"\n  notifications: \{(.*?)\n  \},", source, re.S)
    assert block, f"{language}.ts has no notifications block"
    return dict(re.findall(r"(\w+): '((?:[^'\\]|\\.)*)'", block.group(1)))


def test_the_spa_has_the_five_languages_read_here() -> None:
    locales = re.search(r"LOCALES = \[(.*?)\]", (I18N / "index.ts").read_text()).group(1)
    assert sorted(re.findall(r"'(\w+)'", locales)) == sorted(LANGUAGES)


def test_every_type_is_snake_case() -> None:
    """The SPA looks a type up as `notifications.<type>`: a dot would be read as a path, so no type has one."""
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", t) for t in NoteType), list(NoteType)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_type_has_a_text_in_every_language(language: str) -> None:
    texts = notification_texts(language)
    missing = [t.value for t in NoteType if not texts.get(t.value, "").strip()]
    assert not missing, f"{language}.ts has no notifications text for {missing}"
    assert texts.get("someEvent", "").strip(), f"{language}.ts: no words for an event whose name is unknown"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_text_names_only_what_the_spa_gives_it(language: str) -> None:
    """describe() in web/src/live.ts interpolates {name} and {event}; anything else would show as a blank."""
    texts = notification_texts(language)
    for note_type in NoteType:
        assert set(re.findall(r"\{(\w+)\}", texts[note_type])) <= {"name", "event"}, (language, note_type)


def test_the_consumer_emits_every_type_and_only_types_of_the_vocabulary() -> None:
    """The consumer stores what the domain's `of_*` rules decide (a Notice, typed NoteType; inbox.store refuses
    any other type at run time): together those rules name every type but the letters ticketing sends (e-mail
    only), and the consumer applies every rule."""
    from notifications.preferences import EMAIL_ONLY

    rules = [node for node in ast.parse(DOMAIN.read_text()).body
             if isinstance(node, ast.FunctionDef) and node.name.startswith("of_")]
    named = {node.attr for rule in rules for node in ast.walk(rule)
             if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "NoteType"}
    assert named == {t.name for t in NoteType if t not in EMAIL_ONLY}
    applied = {node.attr for node in ast.walk(ast.parse(CONSUMER.read_text()))
               if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "domain"}
    assert {rule.name for rule in rules} <= applied


@pytest.mark.parametrize(("stored", "shown"), [
    ("order.confirmed", "order_confirmed"), ("order.cancelled", "order_cancelled"),
    ("order.refunded", "order_refunded"), ("event.cancelled", "event_cancelled"),
    ("like", "like"), ("new_event", "new_event"), ("collaboration_invite", "collaboration_invite"),
])
def test_a_stored_type_reads_as_its_name_in_the_vocabulary(stored: str, shown: str) -> None:
    assert NoteType.of_stored(stored) == shown


def test_a_stored_type_outside_the_vocabulary_reads_as_it_is() -> None:
    assert NoteType.of_stored("something.else") == "something.else"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_type_has_a_preference_label_in_every_language(language: str) -> None:
    """The settings' grid names each type (`notificationSettings.types.<type>`), and every language has the
    same keys for the grid, the delete buttons and the unsubscribe page as English."""
    def block(lang: str) -> str:
        found = re.search(r"\n  notificationSettings: \{(.*?)\n  \},", (I18N / f"{lang}.ts").read_text(), re.S)
        assert found, f"{lang}.ts has no notificationSettings block"
        return found.group(1)

    def keys(text: str) -> set[str]:
        return set(re.findall(r"(?m)(?:^\s+|, )(\w+): ['{]", text))

    types = re.search(r"types: \{(.*?)\n    \},", block(language), re.S)
    assert types is not None
    assert keys(types.group(1)) == {str(t) for t in NoteType}
    assert keys(block(language)) == keys(block("en"))
