"""The score-over-time chart's coordinates."""

from datetime import UTC, datetime, timedelta

from geo.charts import PAD, score_chart

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
