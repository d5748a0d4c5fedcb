"""Every property of ../shared/RELIABILITY.md (1-26) is shown by at least one test.

Each such test says so in its docstring ("RELIABILITY 3: ..."); this check reads the test
modules' docstrings through `ast`, so a number mentioned only in a comment does not count.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
PROPERTIES = range(1, 27)


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


def test_every_reliability_property_has_a_test() -> None:
    found = labelled_properties()
    missing = [n for n in PROPERTIES if n not in found]
    assert not missing, f"no test shows RELIABILITY {missing}"
