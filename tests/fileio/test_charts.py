"""Charts draw Chinese labels with a font that has them: any missing-glyph warning fails the test."""
from __future__ import annotations

import subprocess
import sys
import warnings

import pytest

from desktop_app.fileio import charts

LABELS = ["经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设", "其他"]


def _is_png(data: bytes) -> bool:
    return data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5000


@pytest.mark.parametrize("draw", [
    lambda: charts.bar_chart(LABELS, [150, 16, 65, 208, 25, 0], title="立案提案类别", unit="件"),
    lambda: charts.horizontal_bar_chart(["县住房和城乡建设局", "县教育局", "县卫生健康局"], [12, 8, 3], unit="件"),
    lambda: charts.pie_chart(LABELS, [150, 16, 65, 208, 25, 0], title="类别构成"),
    lambda: charts.line_chart([f"{m}月" for m in range(1, 13)],
                              [("委员之家活动", [3, 5, 8, 2, 9, 4, 6, 7, 3, 8, 5, 2]), ("有事来商量", [1] * 12)],
                              title="每月开展情况", unit="次"),
    lambda: charts.grouped_bar_chart(LABELS[:3], [("A类", [5, 2, 1]), ("B类", [3, 1, 0]), ("C类", [0, 1, 2])]),
])
def test_every_chart_draws_chinese_without_a_missing_glyph(draw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)" for a box
        data = draw()
    assert _is_png(data)


def test_rare_name_characters_have_glyphs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _is_png(charts.bar_chart(["王堃", "李喆", "张玥", "赵昇", "孙赟", "周旻", "吴垚", "郑祎"], [1] * 8))


def test_matplotlib_is_not_imported_until_a_chart_is_drawn():
    code = "import sys, desktop_app.fileio.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
