"""What a locked-out sign-in gets back (django-axes calls this): a 429 with a clear message."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from backend.common.l10n import digits


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """Return JSON for the API and a page for people, both saying when to try again."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-ins for this account from here. Try again in %(minutes)s minutes, "
        "or ask an administrator to unlock it."
    ) % {"minutes": digits(minutes)}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": {"username": [message]}}, status=429)
    return render(request, "registration/locked_out.html", {"message": message}, status=429)
