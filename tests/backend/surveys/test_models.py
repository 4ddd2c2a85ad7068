"""Database rules: constraints, and the neighbourhood the database gives each visit."""

import uuid

import pytest
from django.contrib.gis.geos import Point
from django.db import IntegrityError, connection, transaction

from backend.surveys import services
from backend.surveys.models import Visit
from tests.factories import NeighborhoodFactory, UserFactory, VisitFactory, square

pytestmark = pytest.mark.django_db


def insert_raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


VISIT_SQL = """
INSERT INTO surveys_visit (client_uuid, point, gps_accuracy_m, visited_at, received_at, visitor_id,
    form_version, water, sanitation, housing, tenure, electricity, waste, extra, notes, content_sha256)
VALUES (%s, ST_GeomFromText(%s, 4326), %s, now(), now(), %s, '1', %s, '', '', '', '', '', '{}', '', '')
"""


def test_visit_in_a_neighbourhood_is_assigned_by_the_database(neighborhood):
    visit = VisitFactory(point=Point(50.005, 36.255, srid=4326))
    visit.refresh_from_db()
    assert visit.neighborhood == neighborhood
    assert visit.outside_neighborhood is False


def test_raw_sql_insert_is_assigned_too(neighborhood):
    user = UserFactory()
    insert_raw(VISIT_SQL, [uuid.uuid4(), "POINT(50.001 36.251)", 5, user.pk, "improved"])
    assert Visit.objects.get().neighborhood == neighborhood


def test_visit_outside_every_neighbourhood_is_kept_and_flagged(neighborhood):
    visit = VisitFactory(point=Point(51.5, 35.7, srid=4326))
    visit.refresh_from_db()
    assert visit.neighborhood is None
    assert visit.outside_neighborhood is True
    assert Visit.objects.count() == 1


def test_point_on_the_boundary_counts_as_inside(neighborhood):
    visit = VisitFactory(point=Point(50.0, 36.255, srid=4326))
    visit.refresh_from_db()
    assert visit.neighborhood == neighborhood


def test_overlapping_neighbourhoods_give_the_smaller_one(db):
    NeighborhoodFactory(code="BIG", boundary=square(50.0, 36.25, size=0.1))
    small = NeighborhoodFactory(code="SMALL", boundary=square(50.0, 36.25, size=0.01))
    visit = VisitFactory(point=Point(50.005, 36.255, srid=4326))
    visit.refresh_from_db()
    assert visit.neighborhood == small


def test_a_new_neighbourhood_claims_visits_already_stored(db):
    visit = VisitFactory(point=Point(50.005, 36.255, srid=4326))
    created = services.neighborhood_create(code="NEW", name="تازه", boundary=square(50.0, 36.25))
    visit.refresh_from_db()
    assert visit.neighborhood == created


def test_moving_a_boundary_moves_its_visits(neighborhood):
    visit = VisitFactory(point=Point(50.005, 36.255, srid=4326))
    services.neighborhood_update(neighborhood=neighborhood, data={"boundary": square(50.5, 36.5)})
    visit.refresh_from_db()
    assert visit.neighborhood is None


def test_deleting_a_neighbourhood_keeps_its_visits(neighborhood):
    visit = VisitFactory(point=Point(50.005, 36.255, srid=4326))
    services.neighborhood_delete(neighborhood=neighborhood)
    visit.refresh_from_db()
    assert visit.neighborhood is None


def test_client_uuid_is_unique(db):
    first = VisitFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(client_uuid=first.client_uuid)


@pytest.mark.parametrize(
    ("wkt", "accuracy", "water"),
    [
        ("POINT(50 36)", -1, "improved"),  # negative GPS accuracy
        ("POINT(50 36)", 5, "spring"),  # unknown enumeration value
        ("POINT(200 36)", 5, "improved"),  # longitude out of range
        ("POINT(50 -91)", 5, "improved"),  # latitude out of range
    ],
)
def test_database_refuses_broken_visits(db, wkt, accuracy, water):
    user = UserFactory()
    with pytest.raises(IntegrityError):
        insert_raw(VISIT_SQL, [uuid.uuid4(), wkt, accuracy, user.pk, water])


def test_database_refuses_other_srids(db):
    user = UserFactory()
    with pytest.raises(Exception, match="SRID"):
        insert_raw(
            VISIT_SQL.replace("ST_GeomFromText(%s, 4326)", "ST_GeomFromText(%s, 3857)"),
            [uuid.uuid4(), "POINT(5000 3600)", 5, user.pk, "improved"],
        )


def test_database_refuses_invalid_boundaries(db):
    bowtie = "MULTIPOLYGON(((0 0, 2 2, 2 0, 0 2, 0 0)))"
    with pytest.raises(IntegrityError):
        insert_raw(
            "INSERT INTO surveys_neighborhood (code, name, name_en, name_search, county, city,"
            " boundary, settlement_type, created_at, updated_at)"
            " VALUES ('X', 'x', '', 'x', '', '', ST_GeomFromText(%s, 4326), 'peri_urban', now(), now())",
            [bowtie],
        )


def test_model_clean_repairs_a_self_intersecting_boundary(db):
    from django.contrib.gis.geos import GEOSGeometry

    n = NeighborhoodFactory.build(
        code="BT", boundary=GEOSGeometry("MULTIPOLYGON(((0 0, 2 2, 2 0, 0 2, 0 0)))", srid=4326)
    )
    n.full_clean()
    assert n.boundary.valid
    assert n.boundary.num_geom == 2
