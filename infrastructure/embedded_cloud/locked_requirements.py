"""The requirements files `sam build` reads, generated from the one lock file (`requirements.lock`).

`pyproject.toml` pins what the project asks for; `uv pip compile` turns it into `requirements.lock`: every
package, transitive ones too, with its hashes, for Python 3.11 (the local venv) and 3.12 (Lambda) alike. Each
build unit (a layer, or a context's CodeUri) names the packages it ships in `requirements.in`, names only; its
`requirements.txt` is those packages and everything they need, copied from the lock with their hashes.

    python -m embedded_cloud.locked_requirements          # rewrite every requirements.txt
    python -m embedded_cloud.locked_requirements --check  # exit 1 and name the files that disagree
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LOCK = REPO / "requirements.lock"
HEADER = ("# Generated from requirements.lock by `python -m embedded_cloud.locked_requirements`: do not edit.\n"
          "# The packages this unit ships are named in requirements.in beside this file.\n")
_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class Locked:
    name: str
    version: str
    text: str  # the requirement as the lock writes it: `name==version ; marker \` and its hash lines
    required_by: set[str]


def read_lock(path: Path = LOCK) -> list[Locked]:
    """The lock's entries (a package may appear twice, once per marker, e.g. one version for 3.11, one for 3.12)."""
    entries: list[Locked] = []
    via_block = False
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not line.startswith((" ", "#")) and stripped:
            name, version = stripped.split(" ", 1)[0].split("==")
            entries.append(Locked(normalize(name), version, line, set()))
            via_block = False
        elif stripped.startswith("--hash") and entries:
            entries[-1].text += "\n" + line
        elif stripped.startswith("# via") and entries:
            rest = stripped.removeprefix("# via").strip()
            via_block = not rest
            if rest:
                entries[-1].required_by.add(normalize(_NAME.match(rest).group(1)))
        elif via_block and stripped.startswith("#   ") and entries:
            entries[-1].required_by.add(normalize(_NAME.match(stripped.removeprefix("#").strip()).group(1)))
    return entries


def units() -> list[Path]:
    """Every build unit: a directory with a requirements.in (layers and contexts' CodeUris)."""
    return sorted(p.parent for p in [*REPO.glob("layers/*/requirements.in"), *REPO.glob("functions/*/requirements.in")])


def roots(unit: Path) -> set[str]:
    names = set()
    for line in (unit / "requirements.in").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(normalize(_NAME.match(line).group(1)))
    return names


def closure(names: set[str], lock: list[Locked]) -> list[Locked]:
    """The locked entries of `names` and of everything they need (a package is needed when one that needs it is)."""
    locked = {entry.name for entry in lock}
    missing = names - locked
    if missing:
        raise ValueError(f"not in {LOCK.name}: {sorted(missing)} (add them to pyproject.toml and lock again)")
    needed = set(names)
    while grown := {e.name for e in lock if e.name not in needed and e.required_by & needed}:
        needed |= grown
    return [entry for entry in lock if entry.name in needed]


def render(unit: Path, lock: list[Locked]) -> str:
    return HEADER + "".join(entry.text + "\n" for entry in closure(roots(unit), lock))


def main(argv: list[str]) -> int:
    lock = read_lock()
    stale = []
    for unit in units():
        target = unit / "requirements.txt"
        wanted = render(unit, lock)
        if target.exists() and target.read_text(encoding="utf-8") == wanted:
            continue
        if "--check" in argv:
            stale.append(str(target.relative_to(REPO)))
        else:
            target.write_text(wanted, encoding="utf-8")
            print(f"wrote {target.relative_to(REPO)}")
    if stale:
        print("disagree with requirements.lock (run `python -m embedded_cloud.locked_requirements`):", *stale,
              sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
