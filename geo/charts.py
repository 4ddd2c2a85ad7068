"""Charts as numbers for the templates to draw: the score over time as SVG coordinates (its only
words are digits), bars and columns as shares for HTML. No JavaScript, no Django."""

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
    share: float  # its length, in percent of the longest bar's
    href: str = ""


def bars(items: list[tuple[str, float, str]]) -> list[Bar]:
    """Bars for (label, value, link) items, in the order given, each sized against the largest.

    The template lays them out (a table of horizontal bars, or a row of columns) in HTML, so the
    words are shaped and ordered right-to-left by the browser or the PDF engine alike."""
    top = max((value for _label, value, _href in items), default=0) or 1
    return [Bar(label, value, round(100 * max(value, 0) / top, 1), href) for label, value, href in items]


def series(labels: list[str], values: list[int]) -> list[Bar]:
    """Columns, one per label (a month, say), in the order given."""
    return bars([(label, value, "") for label, value in zip(labels, values, strict=True)])
