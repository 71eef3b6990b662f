"""Geometry of the sentence-distribution chart, drawn by the template as inline SVG (no script, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH, HEIGHT = 520, 180
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 14, 34
_STEPS = (1, 2, 3, 6, 12, 24, 36, 60, 120)


@dataclass
class Bar:
    x: float
    y: float
    w: float
    h: float
    count: int
    low: float
    high: float


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    base_y: float = HEIGHT - BOTTOM
    left: float = LEFT
    right: float = WIDTH - RIGHT
    top: float = TOP
    plot_h: float = HEIGHT - BOTTOM - TOP
    band: tuple[float, float] | None = None  # x, width
    proposed_x: float | None = None
    predicted_x: float | None = None
    max_count: int = 0


def distribution_chart(
    terms: list[float],
    proposed: float | None = None,
    predicted: float | None = None,
    band: tuple[float | None, float | None] = (None, None),
) -> Chart | None:
    """Histogram of ``terms`` (months) with the band shaded and the proposed/predicted terms marked."""
    if not terms:
        return None
    top = max([*terms, *(v for v in (proposed, predicted) if v is not None)])
    step = next((s for s in _STEPS if top / s < 12), _STEPS[-1])
    bins = int(top // step) + 1
    counts = [0] * bins
    for t in terms:
        counts[min(int(t // step), bins - 1)] += 1
    chart = Chart(max_count=max(counts))
    span = bins * step
    plot_w = chart.right - chart.left
    plot_h = chart.base_y - TOP

    def x_of(months: float) -> float:
        return round(chart.left + plot_w * min(months, span) / span, 1)

    bar_w = plot_w / bins
    for i, n in enumerate(counts):
        h = plot_h * n / chart.max_count if chart.max_count else 0
        chart.bars.append(
            Bar(
                round(chart.left + i * bar_w + 1, 1),
                round(chart.base_y - h, 1),
                round(bar_w - 2, 1),
                round(h, 1),
                n,
                i * step,
                (i + 1) * step,
            )
        )
    every = max(1, bins // 6)
    chart.ticks = [(x_of(i * step), str(i * step)) for i in range(0, bins + 1, every)]
    if band[0] is not None and band[1] is not None:
        chart.band = (x_of(band[0]), round(max(1.0, x_of(band[1]) - x_of(band[0])), 1))
    if proposed is not None:
        chart.proposed_x = x_of(proposed)
    if predicted is not None:
        chart.predicted_x = x_of(predicted)
    return chart
