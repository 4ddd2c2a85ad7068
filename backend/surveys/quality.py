"""Quality flags of stored visits: their own answers (geo.quality) and what needs other rows."""

import json
from datetime import datetime

from django.conf import settings
from django.db import connection

from backend.surveys.models import Visit
from geo import quality

NEAR_SQL = """
    SELECT DISTINCT unnest(ARRAY[a.id, b.id])
      FROM surveys_visit a
      JOIN surveys_visit b
        ON b.visitor_id = a.visitor_id AND b.id <> a.id
       AND b.visited_at BETWEEN a.visited_at - make_interval(mins => %(minutes)s)
                            AND a.visited_at + make_interval(mins => %(minutes)s)
       -- A box in degrees first (cheap; a little larger than the circle, as a degree of
       -- longitude is the shorter and 110 km a short degree), then the spheroid distance.
       AND b.point && ST_Expand(a.point, %(metres)s / 110000.0 / greatest(cos(radians(ST_Y(a.point))), 0.01))
       AND ST_DWithin(a.point::geography, b.point::geography, %(metres)s)
     WHERE a.id = ANY(%(ids)s)
"""
SET_SQL = """
    UPDATE surveys_visit v SET quality_flags = ARRAY(SELECT jsonb_array_elements_text(f.flags))
      FROM jsonb_each(%s::jsonb) AS f(id, flags)
     WHERE v.id = f.id::bigint
"""
MARK_SQL = """
    UPDATE surveys_visit SET quality_flags = array_append(quality_flags, %(flag)s)
     WHERE id = ANY(%(ids)s) AND NOT %(flag)s = ANY(quality_flags)
"""


def rules() -> quality.Rules:
    return quality.Rules(
        gps_warn_m=settings.FIELD_GPS_WARN_METRES,
        min_form_seconds=settings.REVIEW_MIN_SECONDS,
        max_persons_per_room=settings.REVIEW_MAX_PERSONS_PER_ROOM,
        late_upload_days=settings.REVIEW_LATE_UPLOAD_DAYS,
    )


def visits_preflag(visits: list[Visit], *, received_at: datetime) -> None:
    """Give visits about to be stored the flags of their own answers, so that storing them sets
    their flags in the same write. The database sets outside_neighborhood (migration 0008)."""
    current = rules()
    for visit in visits:
        visit.quality_flags = quality.flags_of(_answers(visit, received_at=received_at), current)


def visits_flag(visits: list[Visit]) -> None:
    """Set the flags of freshly stored or edited visits, and mark the older visits they nearly repeat.

    The visits must be saved and know their neighbourhood and flags as stored (the database
    places them, and keeps outside_neighborhood in step with the place: migration 0008).
    """
    if not visits:
        return
    ids = [visit.pk for visit in visits]
    with connection.cursor() as cursor:
        cursor.execute(
            NEAR_SQL,
            {
                "ids": ids,
                "metres": settings.REVIEW_NEAR_DUPLICATE_METRES,
                "minutes": settings.REVIEW_NEAR_DUPLICATE_MINUTES,
            },
        )
        near = {row[0] for row in cursor.fetchall()}
        older = sorted(near - set(ids))
        if older:
            cursor.execute(MARK_SQL, {"ids": older, "flag": quality.NEAR_DUPLICATE})
    current = rules()
    changed = {}
    for visit in visits:
        own = quality.flags_of(_answers(visit), current)
        flags = quality.with_flag(own, quality.NEAR_DUPLICATE, visit.pk in near)
        if flags != visit.quality_flags:
            visit.quality_flags = flags
            changed[str(visit.pk)] = flags
    if changed:  # one statement for the batch, and only the rows whose flags changed
        with connection.cursor() as cursor:
            cursor.execute(SET_SQL, [json.dumps(changed)])


def _answers(visit: Visit, received_at: datetime | None = None) -> quality.Answers:
    """The answers of a stored visit, or of one about to be stored (received_at given)."""
    ppr = visit.persons_per_room
    return quality.Answers(
        gps_accuracy_m=visit.gps_accuracy_m,
        form_opened_at=visit.form_opened_at,
        form_saved_at=visit.form_saved_at,
        persons_per_room=float(ppr) if ppr is not None else None,
        visited_at=visit.visited_at,
        received_at=received_at or visit.received_at,
        inside_neighborhood=received_at is not None or visit.neighborhood_id is not None,
    )
