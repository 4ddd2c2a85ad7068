"""Jalali periods in queries: their moments in the office's time zone, and counts per month."""

from datetime import datetime, time
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from geo.text import Period


def moments(period: Period) -> tuple[datetime, datetime]:
    """The period's first and last moments (end excluded), local midnights as aware datetimes."""
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(period.start, time(), tzinfo=zone),
        datetime.combine(period.end, time(), tzinfo=zone),
    )


def per_month(
    queryset: QuerySet[Any], field: str, months: list[Period], *, total: str | None = None, days: bool = False
) -> list[int]:
    """In one query: how many rows have field in each month (or the sum of total over them). days:
    field is a date, not a moment."""
    aggregates = {}
    for index, month in enumerate(months):
        since, until = (month.start, month.end) if days else moments(month)
        within = Q(**{f"{field}__gte": since, f"{field}__lt": until})
        aggregates[f"m{index}"] = Count("pk", filter=within) if total is None else Sum(total, filter=within)
    row = queryset.aggregate(**aggregates)
    return [row[f"m{index}"] or 0 for index in range(len(months))]
