"""Quality gate: the dev split's extraction figures may not fall below the pinned floors.

Runs ../shared/bench/score.py (as the benchmark README does) with this interpreter, once per
fixed half of the pages (`--half a`, `--half b`), over the Zyte body set, the meta set and the
dragnet set, and compares every quality figure of each half with its floor in
benchmarks/quality_floors.json. Floors only rise.
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
HALVES = ("a", "b")
METRICS = (
    "body_f1",
    "title_acc",
    "author_acc",
    "noauthor_acc",
    "date_acc",
    "seg_f1",
    "dragnet_f1",
)


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    score = shared_path("bench", "score.py")
    data = shared_path("bench", "dev")
    out: dict[str, dict[str, Any]] = {}
    for half in HALVES:
        path = tmp_path_factory.mktemp("quality") / f"figures-{half}.json"
        command = [sys.executable, str(score), "--extractor", "project", "--data", str(data)]
        result = subprocess.run(
            [*command, "--sets", "body,meta,dragnet", "--half", half, "--json", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        out[half] = json.loads(path.read_text())
        out[half]["stderr"] = result.stderr
    return out


@pytest.mark.parametrize("half", HALVES)
def test_no_page_crashes(figures: dict[str, dict[str, Any]], half: str) -> None:
    assert figures[half]["errors"] == 0, figures[half]["stderr"]


@pytest.mark.parametrize("half", HALVES)
@pytest.mark.parametrize("metric", METRICS)
def test_figure_holds_its_floor(figures: dict[str, dict[str, Any]], half: str, metric: str) -> None:
    floor = json.loads(FLOORS.read_text())[half][metric]
    value = figures[half][metric]
    assert value >= floor - TOLERANCE, f"half {half}: {metric} {value} < floor {floor}"


def test_floors_cover_every_metric_of_both_halves() -> None:
    floors = json.loads(FLOORS.read_text())
    for half in HALVES:
        assert set(floors[half]) >= set(METRICS), half
