"""The dashboard and the PDF reports at 2,000 neighbourhoods × 1,000,000 reviewed visits, 5,000
partners and 2,000 interventions, for this Jalali year beside the last. Measured side by side:

- every figure of ``reports.selectors.dashboard`` (both periods, need, help, partners, counties,
  twelve months of trend) against the very SQL it sends, replayed through a bare cursor: what the
  ORM and the Python around it cost;
- the field-work figures (the heaviest, over a year of visits) against one hand-written query;
- the page (figures, charts, need map, template), and each PDF report: seconds and bytes.
"""

import os
from collections.abc import Callable
from datetime import date, timedelta

from bench.common import percentile, scoring_workload, timed
from bench.review_queue import STATES_SQL

NEIGHBORHOODS = 2_000
VISITS = int(os.environ.get("BENCH_DASHBOARD_VISITS", 1_000_000))
PARTNERS = 5_000
INTERVENTIONS = 2_000
RUNS = 7

INTERVENTIONS_SQL = """
    INSERT INTO interventions_intervention
        (title, description, kind, status, status_note, lead_partner_id, planned_start, actual_start,
         actual_end, households, budget_planned, budget_spent, funding_source_id, created_by_id,
         created_at, updated_at)
    SELECT 'bench ' || g, '', (ARRAY['food', 'water_sanitation', 'housing_repair'])[1 + g %% 3],
           (ARRAY['proposed', 'in_progress', 'delivered', 'verified'])[1 + g %% 4], '',
           (SELECT min(id) FROM partners_partner) + g %% %(partners)s,
           %(start)s::date + g %% 600, %(start)s::date + g %% 600,
           CASE WHEN g %% 4 >= 2 THEN %(start)s::date + g %% 600 + 20 END,
           10 + g %% 90, 1000000 * (1 + g %% 50),
           CASE WHEN g %% 4 >= 1 THEN 500000 * (1 + g %% 50) ELSE 0 END,
           CASE WHEN g %% 4 >= 1 THEN %(source)s END, %(user)s, now(), now()
      FROM generate_series(1, %(count)s) AS g
"""
PLACES_SQL = """
    INSERT INTO interventions_intervention_neighborhoods (intervention_id, neighborhood_id)
    SELECT i.id, (SELECT min(id) FROM surveys_neighborhood) + i.id %% %(neighborhoods)s
      FROM interventions_intervention i
"""

# The field-work figures of one period, as a person would write them by hand.
RAW_FIELD_WORK_SQL = """
    WITH made AS (
        SELECT review_state, quality_flags, neighborhood_id, visitor_id FROM surveys_visit
         WHERE visited_at >= %(since)s AND visited_at < %(until)s),
    last AS (
        SELECT n.id, max(v.visited_at) AS last FROM surveys_neighborhood n
          LEFT JOIN surveys_visit v ON v.neighborhood_id = n.id
               AND v.review_state = ANY(%(counted)s) AND v.visited_at < %(until)s
         GROUP BY n.id)
    SELECT (SELECT count(*) FILTER (WHERE review_state = ANY(%(counted)s)) FROM made),
           (SELECT count(*) FILTER (WHERE quality_flags <> '{}') FROM made),
           (SELECT count(*) FILTER (WHERE review_state = 'rejected') FROM made),
           (SELECT count(DISTINCT neighborhood_id) FILTER (WHERE review_state = ANY(%(counted)s)) FROM made),
           (SELECT count(DISTINCT visitor_id) FILTER (WHERE review_state = ANY(%(counted)s)) FROM made),
           (SELECT count(*) FILTER (WHERE last IS NULL) FROM last),
           (SELECT count(*) FILTER (WHERE last < %(until)s - interval '180 days') FROM last),
           (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM %(until)s - last))
              FROM last WHERE last IS NOT NULL)
"""

BASE_URL = "http://localhost/"  # what the reports link their images and styles to


def _best(fn: Callable[[], object]) -> float:
    fn()  # warm: both sides read the same pages from memory
    return percentile([timed(fn) for _ in range(RUNS)], 0.5)


def run() -> dict[str, float]:
    from django.conf import settings
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation

    from backend.accounts.services import user_create
    from backend.common.periods import moments
    from backend.interventions.models import FundingSource
    from backend.planning.services import scores_recompute
    from backend.reports import documents, selectors
    from backend.reports.views import dashboard_page
    from backend.surveys.models import Neighborhood
    from geo.text import month_of, parse_jalali_period

    _bbox, _profile, load_s = scoring_workload(NEIGHBORHOODS, VISITS, PARTNERS)
    planner = user_create(username="bench-planner", role="planner", password="bench-password-1405")  # noqa: S106
    source = FundingSource.objects.create(name="bench")
    with connection.cursor() as cursor:
        cursor.execute(STATES_SQL)
        start = date.today() - timedelta(days=600)
        cursor.execute(
            INTERVENTIONS_SQL,
            {
                "partners": PARTNERS,
                "neighborhoods": NEIGHBORHOODS,
                "count": INTERVENTIONS,
                "start": start,
                "source": source.pk,
                "user": planner.pk,
            },
        )
        cursor.execute(PLACES_SQL, {"neighborhoods": NEIGHBORHOODS})
        cursor.execute("VACUUM ANALYZE")
    scores_recompute(as_of=timezone.now() - timedelta(days=200))
    scores_recompute()
    year = parse_jalali_period(month_of(timezone.localdate()).label[:4])

    result: dict[str, float] = {"load_s": load_s}
    with CaptureQueriesContext(connection) as captured:
        selectors.dashboard(user=planner, period=year)
    statements = [q["sql"] for q in captured.captured_queries]
    result["queries"] = len(statements)

    def replay() -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()

    result["dashboard_s"] = _best(lambda: selectors.dashboard(user=planner, period=year))
    result["replayed_s"] = _best(replay)

    since, until = moments(year)
    counted = list(settings.SCORE_REVIEW_STATES)

    def raw_field_work() -> None:
        with connection.cursor() as cursor:
            cursor.execute(RAW_FIELD_WORK_SQL, {"since": since, "until": until, "counted": counted})
            cursor.fetchall()

    result["field_work_s"] = _best(lambda: selectors.field_work(year, None))
    result["field_work_raw_s"] = _best(raw_field_work)

    request = RequestFactory(SERVER_NAME="localhost").get("/dashboard/", {"period": year.label})
    request.user = planner
    with translation.override("fa"):
        result["page_s"] = _best(lambda: dashboard_page(request))
        result["page_bytes"] = len(dashboard_page(request).content)
        month = month_of(timezone.localdate())
        monthly: list[bytes] = []
        result["monthly_pdf_s"] = _best(
            lambda: monthly.append(documents.monthly_pdf(period=month, user=planner, base_url=BASE_URL))
        )
        result["monthly_pdf_bytes"] = len(monthly[-1])
        place = Neighborhood.objects.order_by("pk")[0]
        profile_pdf: list[bytes] = []
        result["neighborhood_pdf_s"] = _best(
            lambda: profile_pdf.append(
                documents.neighborhood_pdf(neighborhood=place, user=planner, base_url=BASE_URL)
            )
        )
        result["neighborhood_pdf_bytes"] = len(profile_pdf[-1])
    return result


def report(r: dict[str, float]) -> str:
    kib = {key: r[key] / 1024 for key in ("page_bytes", "monthly_pdf_bytes", "neighborhood_pdf_bytes")}
    ms = {
        key: r[key] * 1000
        for key in ("dashboard_s", "replayed_s", "field_work_s", "field_work_raw_s", "page_s")
    }
    return "\n".join(
        [
            f"dashboard: {NEIGHBORHOODS:,} neighbourhoods × {VISITS:,} visits, {PARTNERS:,} partners,"
            f" {INTERVENTIONS:,} interventions;"
            f" this Jalali year beside the last (loaded in {r['load_s']:.0f} s)",
            f"  every figure: {ms['dashboard_s']:.0f} ms in {r['queries']:.0f} queries;"
            f" the same SQL replayed raw {ms['replayed_s']:.0f} ms,"
            f" ratio {r['dashboard_s'] / r['replayed_s']:.2f}x",
            f"  field work, one period: {ms['field_work_s']:.0f} ms; hand-written SQL"
            f" {ms['field_work_raw_s']:.0f} ms, ratio {r['field_work_s'] / r['field_work_raw_s']:.2f}x",
            f"  the page: {ms['page_s']:.0f} ms, {kib['page_bytes']:.0f} KiB",
            f"  monthly PDF: {r['monthly_pdf_s']:.2f} s, {kib['monthly_pdf_bytes']:.0f} KiB;"
            f" neighbourhood PDF: {r['neighborhood_pdf_s']:.2f} s, {kib['neighborhood_pdf_bytes']:.0f} KiB",
        ]
    )
