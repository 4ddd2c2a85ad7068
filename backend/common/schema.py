"""OpenAPI schema additions: the error shape, documented on every operation that can return it."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework.metadata import SimpleMetadata

ERROR = OpenApiResponse(description="A message a person can act on: {detail, errors}.")

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in the request's language."},
        "errors": {"type": "object", "description": "Messages per field, when a field is at fault."},
    },
    "required": ["detail"],
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}

# Status → when an operation can answer it. Every operation needs a token (401), may be refused to the
# caller's role (403), throttled at sign-in (429) and asked for a type it does not render (406).
_ALWAYS = {
    "401": "Not signed in, or the token is unknown or revoked.",
    "403": "Your role may not do this.",
    "406": "The Accept header asks for a type this operation does not produce.",
}
_WITH_INPUT = {"400": "The request is invalid; `detail` names the field and the problem."}
_WITH_BODY = {
    "413": "The body is larger than this operation accepts.",
    "415": "The Content-Type is not one this operation reads.",
}
_WITH_PATH_PARAMETERS = {"404": "No such object or page, or not one you may see."}
_SIGN_IN = {"429": "Too many failed sign-ins; wait before trying again."}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: document the error responses each operation can give."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            statuses = dict(_ALWAYS)
            parameters = operation.get("parameters", [])
            if parameters or "requestBody" in operation:
                statuses |= _WITH_INPUT
            if "requestBody" in operation:
                statuses |= _WITH_BODY
            if any(
                parameter.get("in") == "path" or parameter.get("name") == "page" for parameter in parameters
            ):
                statuses |= _WITH_PATH_PARAMETERS
            if path.endswith("/auth/token/"):
                statuses |= _SIGN_IN
            responses = operation.setdefault("responses", {})
            for status, description in statuses.items():
                documented = responses.setdefault(status, {"description": description})
                documented.setdefault(
                    "content", {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                )
    return result


class BriefMetadata(SimpleMetadata):
    """OPTIONS answers name, description and media types; the fields are in /api/schema/.

    DRF's default also lists the fields a PUT/POST takes, which means building the object the
    request names and checking permissions on it — for an OPTIONS request.
    """

    def determine_actions(self, request: Any, view: Any) -> dict[str, Any]:
        return {}
