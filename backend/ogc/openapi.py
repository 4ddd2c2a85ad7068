"""The OGC API's definition (OpenAPI 3.0): a path per collection, as clients such as GDAL read it
to learn each collection's filters and the largest page."""

from typing import Any

from django.urls import reverse
from rest_framework.request import Request

from backend.ogc.collections import Collection
from backend.ogc.params import DEFAULT_LIMIT, MAX_LIMIT

JSON_OR_HTML = {
    "name": "f",
    "in": "query",
    "required": False,
    "description": "json or html (else chosen by the Accept header).",
    "schema": {"type": "string", "enum": ["json", "html"]},
}
ITEMS_PARAMETERS = [
    {
        "name": "bbox",
        "in": "query",
        "required": False,
        "style": "form",
        "explode": False,
        "description": "min_lon,min_lat,max_lon,max_lat (CRS84): features that intersect the box.",
        "schema": {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
    },
    {
        "name": "datetime",
        "in": "query",
        "required": False,
        "description": "An RFC 3339 instant or date, or an interval start/end ('..' for an open end).",
        "schema": {"type": "string"},
    },
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": "Features per page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    },
    {
        "name": "offset",
        "in": "query",
        "required": False,
        "description": "Features to skip (the next links carry it).",
        "schema": {"type": "integer", "minimum": 0, "default": 0},
    },
    JSON_OR_HTML,
]


def _get(summary: str, parameters: list[dict[str, Any]], media: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": summary, "content": {media: {"schema": {"type": "object"}}}},
                "400": {"description": "A parameter is wrong; the description says which."},
                "401": {"description": "Sign in: HTTP Basic, or Authorization: Token <key>."},
                "404": {"description": "No such collection or feature (for you)."},
            },
        }
    }


def openapi_document(request: Request, collections: list[Collection]) -> dict[str, Any]:
    """The definition of the landing page, conformance, the collections and each one's items."""
    paths: dict[str, Any] = {
        "/": _get("The landing page", [JSON_OR_HTML], "application/json"),
        "/conformance": _get("The conformance classes", [JSON_OR_HTML], "application/json"),
        "/collections": _get("The collections you may read", [JSON_OR_HTML], "application/json"),
    }
    for collection in collections:
        filters = [
            {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
            for name in collection.filters
        ]
        base = f"/collections/{collection.id}"
        paths[base] = _get(f"{collection.title}: the collection", [JSON_OR_HTML], "application/json")
        paths[f"{base}/items"] = _get(
            f"{collection.title}: features", [*ITEMS_PARAMETERS, *filters], "application/geo+json"
        )
        feature_id = {"name": "featureId", "in": "path", "required": True, "schema": {"type": "integer"}}
        paths[f"{base}/items/{{featureId}}"] = _get(
            f"{collection.title}: one feature", [feature_id, JSON_OR_HTML], "application/geo+json"
        )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Mahalleh — OGC API Features",
            "version": "1.0.0",
            "description": "Neighbourhoods by need, partners, visits, interventions and assignments.",
        },
        "servers": [{"url": request.build_absolute_uri(reverse("ogc-landing")).rstrip("/")}],
        "components": {
            "securitySchemes": {
                "basic": {"type": "http", "scheme": "basic"},
                "token": {"type": "apiKey", "in": "header", "name": "Authorization"},
            }
        },
        "security": [{"basic": []}, {"token": []}],
        "paths": paths,
    }
