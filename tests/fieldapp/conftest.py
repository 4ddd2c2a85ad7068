import pytest
from django.contrib.auth import get_user_model

from backend.demo.services import demo_load
from backend.interventions.models import Referral
from backend.surveys.models import Neighborhood, Visit


@pytest.fixture(autouse=True)
def _sync_db_beside_playwright(monkeypatch):
    """Playwright's sync API runs in an event loop; the test's own queries are safe beside it."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo():
    demo_load()
    visitor = get_user_model().objects.get(role="visitor", is_demo=True)
    # Start with an empty outbox and server (referrals name the visits they came from).
    Referral.objects.filter(visit__visitor=visitor).delete()
    Visit.objects.filter(visitor=visitor).delete()
    neighborhood = Neighborhood.objects.order_by("code").first()
    inside = neighborhood.boundary.point_on_surface
    return visitor, neighborhood, inside
