"""The link objects OGC API responses carry: self and alternate, and where to go from here."""

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from rest_framework.request import Request

from backend.ogc.params import ItemsQuery

GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
JSON_SCHEMA = "application/schema+json"
OGC_REL = "http://www.opengis.net/def/rel/ogc/1.0/"


def _url(request: Request, name: str, *args: Any, **query: Any) -> str:
    url = request.build_absolute_uri(reverse(name, args=args))
    return f"{url}?{urlencode(query)}" if query else url


def _link(href: str, rel: str, kind: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": kind, "title": title}


def wants_html(request: Any) -> bool:
    """?f=html or ?f=json decide; otherwise a browser (text/html before any JSON in Accept)."""
    chosen = request.GET.get("f")
    if chosen is not None:
        return chosen == "html"
    accept = request.META.get("HTTP_ACCEPT", "")
    html, json_at = accept.find("text/html"), accept.find("json")
    return html >= 0 and (json_at < 0 or html < json_at)


def _self_and_alternate(request: Request, name: str, *args: Any, kind: str = JSON) -> list[dict[str, str]]:
    """This resource as JSON and as HTML, the one asked for being "self"."""
    query = {k: v for k, v in request.GET.items() if k != "f"}
    as_json = _link(_url(request, name, *args, **query, f="json"), "self", kind, "This document as JSON")
    as_html = _link(_url(request, name, *args, **query, f="html"), "alternate", HTML, "This document as HTML")
    if wants_html(request):
        as_json["rel"], as_html["rel"] = "alternate", "self"
    return [as_json, as_html]


def landing(request: Request) -> list[dict[str, str]]:
    return [
        *_self_and_alternate(request, "ogc-landing"),
        _link(_url(request, "ogc-openapi"), "service-desc", OPENAPI, "The API definition (OpenAPI 3.0)"),
        _link(_url(request, "ogc-openapi-html"), "service-doc", HTML, "The API documentation"),
        _link(_url(request, "ogc-conformance"), "conformance", JSON, "Conformance classes"),
        _link(_url(request, "ogc-conformance"), OGC_REL + "conformance", JSON, "Conformance classes"),
        _link(_url(request, "ogc-collections"), "data", JSON, "The collections"),
        _link(_url(request, "ogc-collections"), OGC_REL + "data", JSON, "The collections"),
        _link(_url(request, "ogc-project"), "related", "application/x-qgis-project", "Open in QGIS"),
    ]


def collections(request: Request) -> list[dict[str, str]]:
    return _self_and_alternate(request, "ogc-collections")


def collection(request: Request, collection_id: str) -> list[dict[str, str]]:
    items = reverse("ogc-items", args=[collection_id])
    return [
        _link(_url(request, "ogc-collection", collection_id), "self", JSON, "This collection"),
        _link(_url(request, "ogc-collection", collection_id, f="html"), "alternate", HTML, "This collection"),
        _link(request.build_absolute_uri(items), "items", GEOJSON, "Its features"),
        _link(request.build_absolute_uri(items) + "?f=html", "items", HTML, "Its features as HTML"),
        *[
            _link(_url(request, "ogc-schema", collection_id), rel, JSON_SCHEMA, "Its features' schema")
            for rel in ("describedby", "describedBy")  # the registered name, and GDAL's spelling
        ],
    ]


def items(
    request: Request, collection_id: str, query: ItemsQuery, returned: int, matched: int
) -> list[dict[str, str]]:
    """self and alternate, the collection, and the next and previous pages where there are any."""
    found = [
        *_self_and_alternate(request, "ogc-items", collection_id, kind=GEOJSON),
        _link(_url(request, "ogc-collection", collection_id), "collection", JSON, "The collection"),
    ]
    kept = {k: v for k, v in request.GET.items() if k not in ("offset", "limit", "f")}
    page = {**kept, "limit": query.limit}
    if query.offset + returned < matched:
        after = _url(request, "ogc-items", collection_id, **page, offset=query.offset + returned)
        found.append(_link(after, "next", GEOJSON, "The next page"))
    if query.offset > 0:
        before = _url(request, "ogc-items", collection_id, **page, offset=max(0, query.offset - query.limit))
        found.append(_link(before, "prev", GEOJSON, "The previous page"))
    return found


def item(request: Request, collection_id: str, feature_id: Any) -> list[dict[str, str]]:
    return [
        *_self_and_alternate(request, "ogc-item", collection_id, feature_id, kind=GEOJSON),
        _link(_url(request, "ogc-collection", collection_id), "collection", JSON, "The collection"),
    ]
