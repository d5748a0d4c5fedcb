"""Every property listed in docs/reliability.md is shown by at least one test.

Each such test says so in its docstring ("RELIABILITY 3: ..."); this check reads the test
modules' docstrings through `ast`, so a number mentioned only in a comment does not count.
The list of properties is the document itself: a row `| N | ... |` is property N.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
DOC = TESTS.parent / "docs" / "reliability.md"
# Properties listed in the document whose test is still to be written. Only ever shrinks; the
# check below fails when a number here has gained a test, so the set cannot go stale.
PENDING: frozenset[int] = frozenset()


def listed_properties() -> list[int]:
    rows = re.findall(r"^\| (\d+) \|", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return [int(n) for n in rows]


def labelled_properties() -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for module in sorted(TESTS.glob("test_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                doc = ast.get_docstring(node) or ""
                for number in re.findall(r"RELIABILITY ((?:\d+(?:, | and )?)+)", doc):
                    for n in re.findall(r"\d+", number):
                        found.setdefault(int(n), []).append(f"{module.name}::{node.name}")
    return found


def test_the_document_lists_each_property_once_in_order() -> None:
    listed = listed_properties()
    assert listed[:40] == list(range(1, 41)), "docs/reliability.md must list 1-40 in order"
    assert len(listed) == len(set(listed)), "a property number is listed twice"


def test_every_reliability_property_has_a_test() -> None:
    found = labelled_properties()
    missing = [n for n in listed_properties() if n not in found and n not in PENDING]
    assert not missing, f"no test shows RELIABILITY {missing}"


def test_pending_properties_are_really_pending() -> None:
    found = labelled_properties()
    done = sorted(n for n in PENDING if n in found)
    assert not done, f"RELIABILITY {done} have tests now: take them out of PENDING"
