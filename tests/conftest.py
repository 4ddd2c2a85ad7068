import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from backend.accounts.models import Role
from tests.factories import NeighborhoodFactory, UserFactory, square


@pytest.fixture
def make_client(db):
    """Return a function giving an API client signed in (by token) as a user of a role."""

    def _make(role: str | None, **user_fields: object) -> APIClient:
        # English messages, so assertions read plainly; Persian is tested on its own.
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if role is not None:
            user = UserFactory(role=role, **user_fields)
            token = Token.objects.create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
            client.user = user
        return client

    return _make


@pytest.fixture
def visitor(make_client):
    return make_client(Role.VISITOR)


@pytest.fixture
def supervisor(make_client):
    return make_client(Role.SUPERVISOR)


@pytest.fixture
def planner(make_client):
    return make_client(Role.PLANNER)


@pytest.fixture
def coordinator(make_client):
    return make_client(Role.COORDINATOR)


@pytest.fixture
def admin(make_client):
    return make_client(Role.ADMIN)


@pytest.fixture
def outsider(make_client):
    """Someone with no account at all."""
    return make_client(None)


@pytest.fixture
def neighborhood(db):
    """A 0.01° square whose south-west corner is at 50.0 E, 36.25 N."""
    return NeighborhoodFactory(code="SQ", boundary=square(50.0, 36.25))


@pytest.fixture
def demo_server(transactional_db):
    """The demo data committed and served by gunicorn in its own process: GDAL and QGIS block
    the interpreter while they wait for an answer, so the server cannot be a thread of ours."""
    from django.db import connection

    from backend.demo.services import demo_load
    from tests.factories import default_profile
    from tests.servers import Server

    default_profile()  # a flushed database lost the seeded one; the demo scores under it
    demo_load()
    connection.close()  # the server has its own connections
    running = Server(settings="backend.settings.test")  # where the demo accounts may sign in
    running.start()
    yield running
    running.stop()
