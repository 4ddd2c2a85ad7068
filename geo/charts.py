"""A score-over-time line chart as SVG coordinates: no JavaScript, no Django, drawn by the template."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Marker:
    x: float
    label: str
    kind: str  # "start" or "delivery"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: str  # the polyline's "x,y x,y …"
    dots: list[tuple[float, float, str]]  # each snapshot: x, y, its title
    markers: list[Marker]
    y_ticks: list[tuple[float, int]]  # y, score
    x_ticks: list[tuple[float, str]]  # x, the label given with the first and the last score


PAD = 28  # room for the axis labels


def score_chart(
    scores: list[tuple[datetime, float, str]],
    events: list[tuple[datetime, str, str]],
    *,
    first_label: str = "",
    last_label: str = "",
    width: int = 640,
    height: int = 180,
) -> Chart | None:
    """Return a chart of (time, score 0–100, title) with events (time, label, kind) as markers.

    None when fewer than two scores are known: one point shows no change.
    """
    if len(scores) < 2:
        return None
    times = [t for t, _v, _l in scores] + [t for t, _l, _k in events]
    first, last = min(times).timestamp(), max(times).timestamp()
    span = (last - first) or 1.0
    inner_w, inner_h = width - 2 * PAD, height - 2 * PAD

    def x_of(moment: datetime) -> float:
        return round(PAD + inner_w * (moment.timestamp() - first) / span, 1)

    def y_of(value: float) -> float:
        return round(PAD + inner_h * (1 - max(0.0, min(100.0, value)) / 100), 1)

    dots = [(x_of(t), y_of(v), title) for t, v, title in scores]
    return Chart(
        width=width,
        height=height,
        points=" ".join(f"{x},{y}" for x, y, _title in dots),
        dots=dots,
        markers=[Marker(x_of(t), label, kind) for t, label, kind in events],
        y_ticks=[(y_of(v), v) for v in (0, 50, 100)],
        x_ticks=[(x_of(scores[0][0]), first_label), (x_of(scores[-1][0]), last_label)],
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: float  # the row's middle
    x: float  # where the bar starts (its left edge)
    length: float
    value_x: float  # where its number is written
    href: str = ""


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_x: float  # where the labels are written (text-anchor end in both directions)
    bars: list[Bar]
    value_anchor: str  # the numbers' text-anchor: beyond the bar's free end


ROW, LABEL_W, VALUE_W = 26, 150, 48


def bar_chart(items: list[tuple[str, float, str]], *, rtl: bool, width: int = 420) -> BarChart | None:
    """Horizontal bars for (label, value, link) items, longest first as given; labels on the
    reading side (the right in Persian). None when there is nothing to draw."""
    if not items:
        return None
    top = max(value for _label, value, _href in items) or 1
    room = width - LABEL_W - VALUE_W
    bars = []
    for index, (label, value, href) in enumerate(items):
        length = round(room * value / top, 1)
        y = ROW * index + ROW / 2
        if rtl:  # labels at the right, bars growing leftwards from them
            x = width - LABEL_W - length
            value_x = x - 4
        else:
            x = LABEL_W
            value_x = x + length + 4
        bars.append(Bar(label, value, y, round(x, 1), length, round(value_x, 1), href))
    label_x = width - 4 if rtl else LABEL_W - 6
    return BarChart(width, ROW * len(items), label_x, bars, "end" if rtl else "start")
