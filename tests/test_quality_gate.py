"""Quality gate: the dev split's extraction figures may not fall below the pinned floors.

Runs ../shared/bench/score.py once (as the benchmark README does) with this interpreter and
compares every quality figure with benchmarks/quality_floors.json. Floors only rise.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import ROOT, shared_path

FLOORS = ROOT / "benchmarks" / "quality_floors.json"
TOLERANCE = 0.005
METRICS = ("body_f1", "title_acc", "author_acc", "noauthor_acc", "date_acc", "seg_f1")


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    score = shared_path("bench", "score.py")
    data = shared_path("bench", "dev")
    out = tmp_path_factory.mktemp("quality") / "figures.json"
    command = [sys.executable, str(score), "--extractor", "project", "--data", str(data)]
    result = subprocess.run(
        [*command, "--sets", "body,meta", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures: dict[str, Any] = json.loads(out.read_text())
    figures["stderr"] = result.stderr
    return figures


def test_no_page_crashes(figures: dict[str, Any]) -> None:
    assert figures["errors"] == 0, figures["stderr"]


@pytest.mark.parametrize("metric", METRICS)
def test_figure_holds_its_floor(figures: dict[str, Any], metric: str) -> None:
    floor = json.loads(FLOORS.read_text())[metric]
    assert figures[metric] >= floor - TOLERANCE, f"{metric} {figures[metric]} < floor {floor}"


def test_floors_cover_every_metric() -> None:
    assert set(json.loads(FLOORS.read_text())) >= set(METRICS)
