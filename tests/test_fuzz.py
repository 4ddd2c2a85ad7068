"""Schemathesis against our own OpenAPI schema, as every role: no 5xx, every response as documented.

`make test` runs a bounded, repeatable run (FUZZ_EXAMPLES examples per operation, derandomised);
`make fuzz` runs many more, with fresh randomness each time.
"""

import io
import json
import os

import pytest
import schemathesis
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backend.accounts.models import Role
from backend.wsgi import application
from tests.factories import (
    LiaisonFactory,
    NeighborhoodFactory,
    PartnerFactory,
    UserFactory,
    VisitFactory,
    square,
)

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,  # a request the schema forbids must be refused with a 4xx
]


def _load_schema() -> schemathesis.schemas.BaseSchema:
    """The schema /api/schema/ serves, built without a request so that collection needs no database."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = application
    return loaded


schema = _load_schema()


def _help_delivered(neighborhood, mosque, visit) -> None:
    """An intervention, a funding source and a referral, so their endpoints have a row to find."""
    from backend.interventions.models import FundingSource
    from backend.interventions.services import intervention_create, referral_create

    author = UserFactory(role=Role.COORDINATOR)
    mosque.services = ["child_support", "food"]
    mosque.save()
    intervention_create(
        created_by=author,
        neighborhoods=[neighborhood],
        lead_partner=mosque,
        kind="food",
        title="fuzz",
        funding_source=FundingSource.objects.create(name="fuzz"),
    )
    referral_create(
        visit=visit, need="child_labour", partner=mosque, due_date=visit.visited_at.date(), created_by=author
    )


@pytest.fixture
def tokens(db):
    """A small town with something behind every endpoint, and one token per role.

    Requests go straight to the WSGI application, so, as Django's own test client does, connections
    are not closed at the end of each request: the test's transaction must survive.
    """
    neighborhood = NeighborhoodFactory(code="FZ", boundary=square(50.0, 36.25))
    mosque = PartnerFactory(kind="mosque", point=Point(50.005, 36.255, srid=4326))
    LiaisonFactory(mosque=mosque).neighborhoods.set([neighborhood])
    visit = VisitFactory(point=Point(50.004, 36.254, srid=4326))
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())
    _help_delivered(neighborhood, mosque, visit)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {role: Token.objects.create(user=UserFactory(role=role)).key for role in Role.values}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=not RANDOM,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, tokens):
    # Every generated request is sent once per role: what one role may do, another must be refused cleanly.
    for token in tokens.values():
        case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
