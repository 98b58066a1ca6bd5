"""The README's quoted outputs that only a Python test can produce, read and compared by ReadmeExamplesTest's rule.

A block is marked ``<!-- readme-example: NAME -->`` in README.md (ReadmeExamplesTest lists which test checks each).
It matches an output when every line is equal, except that a ``…`` inside a line matches any text and a line that
is only ``…`` matches any number of lines.
"""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
ELLIPSIS = "…"


def readme_example(name: str) -> list[str]:
    """The lines of the README block marked ``<!-- readme-example: NAME -->``."""
    found = re.search(
        r"<!-- readme-example: " + re.escape(name) + r" -->\n```[a-z]*\n(.*?)\n```",
        README.read_text(encoding="utf-8"),
        re.S,
    )
    assert found, f"README.md has no block marked readme-example: {name}"
    return found.group(1).splitlines()


def matches(example: list[str], actual: list[str]) -> bool:
    """Whether the output ``actual`` is what the block ``example`` shows, by the rule above."""
    if not example:
        return not actual
    if example[0].strip() == ELLIPSIS:
        return any(matches(example[1:], actual[skip:]) for skip in range(len(actual) + 1))
    pattern = ".*".join(re.escape(part) for part in example[0].split(ELLIPSIS))
    return bool(actual) and re.fullmatch(pattern, actual[0]) is not None and matches(example[1:], actual[1:])
