"""factory-boy factories for the core records, around Qazvin."""

import uuid
from datetime import timedelta

import factory
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.interventions.models import Intervention
from backend.partners.models import Liaison, Partner, PartnerKind
from backend.surveys.models import Neighborhood, Visit

PASSWORD = "a-long-test-password-1405"


def square(lon: float, lat: float, size: float = 0.01) -> MultiPolygon:
    """Return a square neighbourhood boundary with its south-west corner at (lon, lat)."""
    ring = ((lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat))
    return MultiPolygon(Polygon(ring), srid=4326)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.VISITOR
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class NeighborhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighborhood

    code = factory.Sequence(lambda n: f"N-{n:03d}")
    name = factory.Sequence(lambda n: f"محله {n}")
    name_search = factory.LazyAttribute(lambda o: o.name)
    boundary = factory.LazyFunction(lambda: square(50.0, 36.25))


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    kind = PartnerKind.MOSQUE
    name = factory.Sequence(lambda n: f"مسجد {n}")
    name_search = factory.LazyAttribute(lambda o: o.name)
    point = factory.LazyFunction(lambda: Point(50.005, 36.255, srid=4326))
    phone = "+989121234567"
    contact_name = "آقای نمونه"


class LiaisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Liaison

    name = factory.Sequence(lambda n: f"امام {n}")
    mosque = factory.SubFactory(PartnerFactory)
    phone = "+989351112233"


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    client_uuid = factory.LazyFunction(uuid.uuid4)
    point = factory.LazyFunction(lambda: Point(50.005, 36.255, srid=4326))
    gps_accuracy_m = 8.0
    visited_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    visitor = factory.SubFactory(UserFactory)
    content_sha256 = "0" * 64


class InterventionFactory(factory.django.DjangoModelFactory):
    """An intervention led by a new mosque; neighborhoods=[…] places it."""

    class Meta:
        model = Intervention
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"اقدام {n}")
    kind = "food"
    status = "proposed"
    lead_partner = factory.SubFactory(PartnerFactory)
    created_by = factory.SubFactory(UserFactory, role=Role.COORDINATOR)

    @factory.post_generation
    def neighborhoods(self, create: bool, places: list | None, **_kwargs: object) -> None:
        if create and places:
            self.neighborhoods.set(places)


def visit_payload(**overrides: object) -> dict:
    """Return a valid JSON body for POST /api/v1/visits/."""
    body = {
        "client_uuid": str(uuid.uuid4()),
        "point": {"type": "Point", "coordinates": [50.005, 36.255]},
        "gps_accuracy_m": 7.5,
        "visited_at": (timezone.now() - timedelta(hours=2)).isoformat(),
        "water": "unimproved",
        "sanitation": "improved",
        "housing": "semi_durable",
        "persons_per_room": 2.5,
        "tenure": "informal_deed",
        "electricity": "legal",
        "waste": "irregular",
        "child_labour": True,
        "addiction": None,
        "scavenging": False,
        "female_headed_households": True,
        "unemployment": True,
        "notes": "کوچه‌ها خاکی است",
    }
    body.update(overrides)
    return body


def default_profile():
    """Return the default weight profile, made again if a flushed test database lost it."""
    from backend.planning.models import WeightProfile
    from geo.scoring import DEFAULT_WEIGHTS

    profile, _created = WeightProfile.objects.get_or_create(
        is_default=True, defaults={"name": "پیش‌فرض", "weights": DEFAULT_WEIGHTS}
    )
    return profile


def neighborhood_admin_form(neighborhood: Neighborhood, **changes: str) -> dict[str, str]:
    """The admin's neighbourhood form as a browser posts it, filled from neighborhood."""
    return {
        "code": neighborhood.code,
        "name": neighborhood.name,
        "name_en": "",
        "county": "",
        "city": "",
        "boundary": neighborhood.boundary.geojson,
        "population": "",
        "households": "",
        "settlement_type": neighborhood.settlement_type,
        **changes,
    }
