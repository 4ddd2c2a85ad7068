"""The score-over-time chart's coordinates."""

from datetime import UTC, datetime, timedelta

import pytest

from geo.charts import PAD, bars, score_chart, series

START = datetime(2026, 6, 1, tzinfo=UTC)


def test_one_score_shows_no_change_so_no_chart():
    assert score_chart([(START, 50.0, "x")], []) is None


def test_points_span_the_width_and_a_higher_score_is_higher_up():
    chart = score_chart(
        [(START, 80.0, "a"), (START + timedelta(days=100), 20.0, "b")],
        [(START + timedelta(days=50), "works delivered", "delivery")],
        width=228,
        height=128,
        first_label="1405/03/11",
        last_label="1405/06/19",
    )
    (x0, y0, _), (x1, y1, _) = chart.dots
    assert (x0, x1) == (PAD, 228 - PAD)
    assert y0 < y1  # 80 is drawn above 20
    assert chart.markers[0].x == (x0 + x1) / 2 and chart.markers[0].kind == "delivery"
    assert chart.points == f"{x0},{y0} {x1},{y1}"
    assert [label for _x, label in chart.x_ticks] == ["1405/03/11", "1405/06/19"]
    assert chart.y_ticks[0] == (128 - PAD, 0) and chart.y_ticks[-1] == (PAD, 100)


def test_an_event_before_the_first_score_widens_the_time_axis():
    chart = score_chart(
        [(START, 50.0, "a"), (START + timedelta(days=10), 50.0, "b")],
        [(START - timedelta(days=10), "works start", "start")],
        width=228,
    )
    assert chart.markers[0].x == PAD and chart.dots[0][0] == PAD + (228 - 2 * PAD) / 2  # halfway


def test_bars_are_sized_against_the_largest_and_keep_their_order():
    drawn = bars([("b", 5, "/b"), ("a", 20, "/a"), ("c", 0, "")])
    assert [(b.label, b.share, b.href) for b in drawn] == [
        ("b", 25.0, "/b"),
        ("a", 100.0, "/a"),
        ("c", 0.0, ""),
    ]


def test_bars_of_nothing_are_all_empty_not_a_division_by_zero():
    assert [b.share for b in series(["1405-01", "1405-02"], [0, 0])] == [0.0, 0.0]
    assert bars([]) == []


def test_a_series_needs_a_value_per_label():
    with pytest.raises(ValueError):
        series(["1405-01", "1405-02"], [3])
