import pytest


@pytest.fixture(autouse=True)
def _sync_db_beside_playwright(monkeypatch):
    """Playwright's sync API runs in an event loop; the test's own queries are safe beside it."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
