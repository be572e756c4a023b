"""Every relative link in the repository's Markdown resolves inside the repository (a clone has nothing else)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# the repository's own: not those of hidden folders a run leaves beside them (.pytest_cache/README.md), which made
# a clone's second run collect one test more than its first
DOCUMENTS = sorted([ROOT / "README.md", *ROOT.glob("docs/*.md"),
                    *(readme for readme in ROOT.glob("*/README.md") if not readme.parent.name.startswith("."))])
LINK = re.compile(r"\]\(([^)\s]+)\)")


def relative_links(document: Path) -> list[str]:
    links = [target.split("#")[0] for target in LINK.findall(document.read_text())]
    return [link for link in links if link and not re.match(r"^[a-z]+:", link)]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_resolves_inside_the_repository(document: Path) -> None:
    broken = []
    for link in relative_links(document):
        target = (document.parent / link).resolve()
        if not target.exists() or ROOT not in target.parents:
            broken.append(link)
    assert not broken, f"{document.relative_to(ROOT)} links to what a clone does not have: {broken}"


def test_the_documents_are_found() -> None:
    assert ROOT / "README.md" in DOCUMENTS and ROOT / "docs" / "architecture.md" in DOCUMENTS
    assert ROOT / "localstack" / "README.md" in DOCUMENTS
    assert not [d for d in DOCUMENTS if any(part.startswith(".") for part in d.relative_to(ROOT).parts)]
