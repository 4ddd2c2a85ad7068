"""Request body parsers with size limits and clear messages."""

import json
from typing import Any

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import BaseParser, JSONParser


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


def declared_length(request: Any) -> int:
    """The body length the request's Content-Length header declares (0 when missing or not a number)."""
    declared = (request.META.get("CONTENT_LENGTH") or "") if request is not None else ""
    return int(declared) if declared.isascii() and declared.isdigit() else 0


def read_limited(stream: Any, parser_context: Any, limit: int) -> bytes:
    """Read a request body of at most limit bytes, refusing a larger one before reading it all."""
    if declared_length((parser_context or {}).get("request")) > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
    raw = stream.read(limit + 1) if stream is not None else b""
    if len(raw) > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
    return raw


def _limit(parser_context: Any, default_setting: str) -> int:
    """The view's own limit (the name of a setting in `body_limit_setting`), else the default."""
    view = (parser_context or {}).get("view")
    return getattr(settings, getattr(view, "body_limit_setting", default_setting))


class LimitedJSONParser(JSONParser):
    """Parse JSON of at most MAX_JSON_BODY_BYTES, refusing NaN, Infinity and deep nesting."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = read_limited(stream, parser_context, _limit(parser_context, "MAX_JSON_BODY_BYTES"))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError("The request body is not UTF-8 text.") from None
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except ValueError as exc:
            raise ParseError(f"The request body is not valid JSON: {exc}") from None
        except RecursionError:
            raise ParseError("The request body nests JSON too deeply.") from None


class RawBodyParser(BaseParser):
    """The body as bytes, whatever its declared type (the content is judged by its bytes)."""

    media_type = "*/*"

    # DRF hands whatever a parser returns to the view as request.data; its stubs say a mapping.
    def parse(  # type: ignore[override]
        self, stream: Any, media_type: str | None = None, parser_context: Any = None
    ) -> bytes:
        return read_limited(stream, parser_context, _limit(parser_context, "MAX_JSON_BODY_BYTES"))


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in JSON")
