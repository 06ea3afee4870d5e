"""Charts as PNG pictures for the Word reports (and, later, the window), drawn with matplotlib.

matplotlib is imported on the first chart, never at start-up (it costs about half a second), and is
used through its object API (Figure + Agg canvas): no pyplot state, so a worker thread may draw.

Chinese labels need a font that has them. The first installed of these is used: on Windows
微软雅黑 / 黑体 / 宋体, on Linux Noto Sans CJK or WenQuanYi. With none, `ChartFontMissing` says so
in one sentence instead of drawing empty boxes.
"""
from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from typing import Sequence

from desktop_app.domain.errors import EnvironmentProblem

# Preferred families, first found wins (Windows names first: that is where the office prints).
CJK_FAMILIES = (
    "Microsoft YaHei", "Microsoft YaHei UI", "SimHei", "DengXian", "SimSun", "NSimSun",
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Serif CJK SC",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN",
)

# Calm colours that print well in black and white too (the first is the office red, used sparingly).
PALETTE = ("#3B6EA8", "#D9822B", "#5B9E5B", "#B5484B", "#8468A8", "#6E8B9E", "#C7A13A", "#8C6D5A", "#999999")
MM = 1 / 25.4
_LOCK = threading.Lock()  # matplotlib's font cache and text layout are not thread-safe
_family: list[str] = []


class ChartFontMissing(EnvironmentProblem):
    """No installed font can draw Chinese labels."""


@dataclass(frozen=True)
class ChartSize:
    width_mm: float = 150.0
    height_mm: float = 80.0
    dpi: int = 200


def chinese_family() -> str:
    """The font family charts use for Chinese text (found once per process)."""
    if _family:
        return _family[0]
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for name in CJK_FAMILIES:
        if name in installed:
            _family.append(name)
            return name
    raise ChartFontMissing("本机没有可显示中文的字体（如微软雅黑、黑体、宋体），无法绘制图表。请安装中文字体后重试。")


def _figure(size: ChartSize):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(size.width_mm * MM, size.height_mm * MM), dpi=size.dpi)
    FigureCanvasAgg(figure)
    return figure


def _style():
    import matplotlib

    family = chinese_family()
    return matplotlib.rc_context({
        "font.family": "sans-serif",
        "font.sans-serif": [family, "DejaVu Sans"],
        "axes.unicode_minus": False,  # the CJK fonts lack U+2212
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#666666",
        "axes.labelcolor": "#333333",
        "xtick.color": "#333333",
        "ytick.color": "#333333",
        "svg.fonttype": "none",
    })


def _png(figure, size: ChartSize) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=size.dpi, facecolor="white")
    return buffer.getvalue()


def _label_values(ax, bars, values: Sequence[float], unit: str, *, horizontal: bool = False) -> None:
    for bar, value in zip(bars, values):
        text = f"{value:g}{unit}"
        if horizontal:
            ax.annotate(text, (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                        textcoords="offset points", va="center", ha="left", fontsize=8)
        else:
            ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 2),
                        textcoords="offset points", va="bottom", ha="center", fontsize=8)


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str = "", unit: str = "",
              size: ChartSize = ChartSize()) -> bytes:
    """Vertical bars with their values on top (categories, months)."""
    with _LOCK, _style():
        figure = _figure(size)
        ax = figure.add_subplot()
        bars = ax.bar(range(len(labels)), values, color=PALETTE[0], width=0.6)
        crowded = sum(len(label) for label in labels) > 36  # long names side by side would overlap
        ax.set_xticks(range(len(labels)), labels=list(labels), rotation=30 if crowded else 0,
                      ha="right" if crowded else "center")
        _label_values(ax, bars, values, unit)
        ax.set_ylim(0, max(list(values) + [1]) * 1.18)
        ax.yaxis.set_visible(False)
        ax.spines["left"].set_visible(False)
        if title:
            ax.set_title(title)
        figure.tight_layout()
        return _png(figure, size)


def horizontal_bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str = "", unit: str = "",
                         size: ChartSize = ChartSize()) -> bytes:
    """Horizontal bars, largest at the top (units ranked, long names)."""
    with _LOCK, _style():
        figure = _figure(size)
        ax = figure.add_subplot()
        order = list(range(len(labels)))[::-1]
        bars = ax.barh(range(len(labels)), [values[i] for i in order], color=PALETTE[0], height=0.6)
        ax.set_yticks(range(len(labels)), labels=[labels[i] for i in order])
        _label_values(ax, bars, [values[i] for i in order], unit, horizontal=True)
        ax.set_xlim(0, max(list(values) + [1]) * 1.18)
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        if title:
            ax.set_title(title)
        figure.tight_layout()
        return _png(figure, size)


def pie_chart(labels: Sequence[str], values: Sequence[float], *, title: str = "", size: ChartSize = ChartSize()) -> bytes:
    """Shares as a ring, each slice labelled with its name and percentage (zero slices left out)."""
    pairs = [(label, value) for label, value in zip(labels, values) if value]
    with _LOCK, _style():
        figure = _figure(size)
        ax = figure.add_subplot()
        if pairs:
            total = sum(v for _, v in pairs)
            wedges, _texts = ax.pie(
                [v for _, v in pairs], colors=PALETTE[:len(pairs)] if len(pairs) <= len(PALETTE) else None,
                startangle=90, counterclock=False, wedgeprops={"width": 0.42, "edgecolor": "white"})
            ax.legend(wedges, [f"{label} {value:g}（{value * 100 / total:.1f}%）" for label, value in pairs],
                      loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8)
        ax.set_aspect("equal")
        if title:
            ax.set_title(title)
        figure.tight_layout()
        return _png(figure, size)


def _whole_ticks(ax, series: Sequence[tuple[str, Sequence[float]]]) -> None:
    """Counts get whole-number ticks (never 0.25, 0.5 … on an axis of a few activities)."""
    if all(float(v).is_integer() for _, values in series for v in values):
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def line_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *, title: str = "",
               unit: str = "", size: ChartSize = ChartSize()) -> bytes:
    """One line per series over the same labels (e.g. activities and consultations by month)."""
    with _LOCK, _style():
        figure = _figure(size)
        ax = figure.add_subplot()
        for index, (name, values) in enumerate(series):
            ax.plot(range(len(labels)), list(values), marker="o", markersize=3, linewidth=1.6,
                    color=PALETTE[index % len(PALETTE)], label=name)
        ax.set_xticks(range(len(labels)), labels=list(labels))
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_ylim(bottom=0)
        _whole_ticks(ax, series)
        if unit:
            ax.set_ylabel(unit)
        if len(series) > 1:
            ax.legend(frameon=False, fontsize=8)
        if title:
            ax.set_title(title)
        figure.tight_layout()
        return _png(figure, size)


def grouped_bar_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *, title: str = "",
                      size: ChartSize = ChartSize()) -> bytes:
    """Bars side by side per label, one colour per series (e.g. A/B/C replies per category)."""
    with _LOCK, _style():
        figure = _figure(size)
        ax = figure.add_subplot()
        count = max(len(series), 1)
        width = 0.8 / count
        for index, (name, values) in enumerate(series):
            offsets = [i - 0.4 + width * (index + 0.5) for i in range(len(labels))]
            ax.bar(offsets, list(values), width=width, color=PALETTE[index % len(PALETTE)], label=name)
        ax.set_xticks(range(len(labels)), labels=list(labels))
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        _whole_ticks(ax, series)
        ax.legend(frameon=False, fontsize=8)
        if title:
            ax.set_title(title)
        figure.tight_layout()
        return _png(figure, size)
