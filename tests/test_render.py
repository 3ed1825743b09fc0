"""Rendering details that do not need a check run."""
import pytest
from rich.console import Console

from grader.render import detail_panel
from grader.results import CheckResult

TITLE = "minibatches는 모든 샘플을 정확히 한 번씩 행의 짝을 유지하며 내보내고, 마지막을 뺀 모든 배치는 batch_size개입니다"


def rendered(renderable, width):
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


@pytest.mark.parametrize("width", [60, 100, 200])
def test_a_check_title_is_never_cut(width):
    check = CheckResult(id="c", title=TITLE, status="failed", points=0, max_points=1, message="wrong")
    text = rendered(detail_panel(check), width)
    letters = "".join(text.replace("│", "").split())  # the title may wrap inside the panel's borders
    assert letters.count("".join(("✗ " + TITLE).split())) == 1


def test_a_short_title_stays_in_the_border():
    check = CheckResult(id="c", title="step is 1 where z >= 0", status="failed", points=0, max_points=1,
                        message="wrong")
    assert rendered(detail_panel(check), 80).splitlines()[0].startswith("╭─ ✗ step is 1 where z >= 0 ─")
