"""One error shape for the whole API: {"detail": "...", "errors": {field: [...]}}."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Return the API's response for exc; Django validation errors become 400s."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_errors(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"detail": error_summary(errors), "errors": errors}
    elif isinstance(exc, Http404):
        # Django's message names the model and query; ours says only this.
        response.data = {"detail": "Not found."}
    return response


def _django_errors(exc: DjangoValidationError) -> dict[str, Any] | list[str]:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def error_summary(errors: Any) -> str:
    """Return the first message in a nested error structure, prefixed with its field."""
    path: list[str] = []
    node = errors
    while True:
        if isinstance(node, dict) and node:
            key, node = next(iter(node.items()))
            if key != "non_field_errors":
                path.append(str(key))
        elif isinstance(node, list) and node:
            node = node[0]
        else:
            break
    message = str(node) if node not in ({}, []) else "Invalid input."
    return f"{'.'.join(path)}: {message}" if path else message


# Paths whose clients read JSON: a URL that matches no route there gets JSON too, not an HTML page.
API_PATHS = ("/api/", "/tiles/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 handler: {"detail": …} under the API, the HTML page elsewhere."""
    if request.path.startswith(API_PATHS):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler: {"detail": …} under the API, the HTML page elsewhere."""
    if request.path.startswith(API_PATHS):
        return JsonResponse({"detail": "Server error; it has been logged."}, status=500)
    return defaults.server_error(request)
