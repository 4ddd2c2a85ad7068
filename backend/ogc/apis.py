"""OGC API – Features endpoints at /ogc/: JSON (GeoJSON for features) for clients such as QGIS and
GDAL, HTML when a browser asks. Same accounts and rules as the REST API; HTTP Basic authentication
too, because QGIS's own authentication settings send it."""

import json
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from backend.accounts.authentication import BasicAuthentication, TokenAuthentication
from backend.ogc import features, links
from backend.ogc.collections import COLLECTIONS, Collection, readable
from backend.ogc.errors import OgcError, invalid, not_found
from backend.ogc.openapi import openapi_document
from backend.ogc.params import COMMON, check_known, items_query
from backend.ogc.project import project_xml

GEOJSON = "application/geo+json"
JSON = "application/json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
]


class _OwnNegotiation(BaseContentNegotiation):
    """The views choose JSON or HTML themselves (?f=, then Accept); DRF must not refuse first."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple:
        first = next(iter(renderers))
        return first, first.media_type

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> Any:
        return None


@extend_schema(exclude=True)  # described by its own OpenAPI document, /ogc/api
class OgcView(APIView):
    authentication_classes = [BasicAuthentication, TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = _OwnNegotiation

    # The standard's errors are plain JSON responses, not DRF's Response (which the stubs expect).
    def handle_exception(self, exc: Exception) -> HttpResponse:  # type: ignore[override]
        """Every error in the standard's shape, {"code", "description"}, with its status."""
        if isinstance(exc, OgcError):
            return self._error(exc.status, exc.code, exc.description)
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            response = self._error(401, "NotAuthenticated", str(exc.detail))
            response["WWW-Authenticate"] = 'Basic realm="Mahalleh"'
            return response
        if isinstance(exc, exceptions.PermissionDenied):
            return self._error(403, "Forbidden", str(exc.detail))
        if isinstance(exc, exceptions.Throttled):
            return self._error(429, "TooManyRequests", str(exc.detail))
        return super().handle_exception(exc)

    def _error(self, status: int, code: str, description: str) -> HttpResponse:
        if self._wants_html():
            context = {"status": status, "code": code, "description": description}
            return render(self.request, "ogc/error.html", context, status=status)
        body = json.dumps({"code": code, "description": description}, ensure_ascii=False)
        return HttpResponse(body, status=status, content_type=JSON)

    def _wants_html(self) -> bool:
        return links.wants_html(self.request)

    def answer(
        self, data: dict[str, Any], *, template: str, content_type: str = JSON, **page: Any
    ) -> HttpResponse:
        """data as JSON, or as the HTML template (given data and what else the page shows)."""
        if self.request.GET.get("f") not in (None, "json", "html"):
            raise invalid(f"f must be json or html; got {self.request.GET['f'][:20]!r}.")
        if self._wants_html():
            return render(self.request, template, {"data": data, **page})
        return HttpResponse(json.dumps(data, ensure_ascii=False), content_type=content_type)


def _collection(request: Request, collection_id: str) -> Collection:
    collection = COLLECTIONS.get(collection_id)
    if collection is None or not collection.rule(request.user):
        known = ", ".join(c.id for c in readable(request.user))
        raise not_found(f"There is no collection {collection_id[:40]!r} for you; there are: {known}.")
    return collection


class LandingApi(OgcView):
    def get(self, request: Request) -> HttpResponse:
        check_known(request.GET, COMMON)
        data = {
            "title": "Mahalleh",
            "description": "Informal settlements: neighbourhoods by need, partners, visits, help delivered.",
            "links": links.landing(request),
        }
        return self.answer(data, template="ogc/landing.html")


class ConformanceApi(OgcView):
    def get(self, request: Request) -> HttpResponse:
        check_known(request.GET, COMMON)
        return self.answer({"conformsTo": CONFORMANCE}, template="ogc/conformance.html")


class OpenApiApi(OgcView):
    """The API definition (OpenAPI 3.0), listing the collections this user may read."""

    def get(self, request: Request) -> HttpResponse:
        check_known(request.GET, COMMON)
        document = openapi_document(request, readable(request.user))
        return HttpResponse(json.dumps(document, ensure_ascii=False), content_type=OPENAPI)


class CollectionListApi(OgcView):
    def get(self, request: Request) -> HttpResponse:
        check_known(request.GET, COMMON)
        data = {
            "links": links.collections(request),
            "collections": [_describe(request, c) for c in readable(request.user)],
        }
        return self.answer(data, template="ogc/collections.html")


class CollectionApi(OgcView):
    def get(self, request: Request, collection_id: str) -> HttpResponse:
        check_known(request.GET, COMMON)
        collection = _collection(request, collection_id)
        return self.answer(_describe(request, collection), template="ogc/collection.html")


def _describe(request: Request, collection: Collection) -> dict[str, Any]:
    return {
        "id": collection.id,
        "title": str(collection.title),
        "description": str(collection.description),
        "extent": features.extent(collection, request.user),
        "itemType": "feature",
        "crs": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
        "links": links.collection(request, collection.id),
    }


class SchemaApi(OgcView):
    """The JSON Schema of a collection's features, typed attribute by attribute."""

    def get(self, request: Request, collection_id: str) -> HttpResponse:
        check_known(request.GET, COMMON)
        collection = _collection(request, collection_id)
        schema = features.feature_schema(collection, request.user, request.build_absolute_uri())
        return HttpResponse(json.dumps(schema, ensure_ascii=False), content_type=links.JSON_SCHEMA)


class ItemListApi(OgcView):
    def get(self, request: Request, collection_id: str) -> HttpResponse:
        collection = _collection(request, collection_id)
        query = items_query(request.GET, list(collection.filters))
        page = features.items(collection, request.user, query)
        data = {
            "type": "FeatureCollection",
            "features": page.features,
            "timeStamp": timezone.now().isoformat().replace("+00:00", "Z"),
            "numberMatched": page.matched,
            "numberReturned": len(page.features),
            "links": links.items(request, collection.id, query, len(page.features), page.matched),
        }
        if not self._wants_html():
            return self.answer(data, template="ogc/items.html", content_type=GEOJSON)
        headers = [(f.name, f.header) for f in collection.build(request.user).fields]
        rows = [(f["id"], [f["properties"].get(name) for name, _h in headers]) for f in page.features]
        return self.answer(data, template="ogc/items.html", collection=collection, headers=headers, rows=rows)


class ItemApi(OgcView):
    def get(self, request: Request, collection_id: str, feature_id: str) -> HttpResponse:
        check_known(request.GET, COMMON)
        collection = _collection(request, collection_id)
        feature = features.item(collection, request.user, feature_id)
        feature["links"] = links.item(request, collection.id, feature["id"])
        return self.answer(feature, template="ogc/item.html", content_type=GEOJSON)


class ProjectApi(OgcView):
    """A QGIS project with every collection you may read as a live layer: open it in QGIS."""

    def get(self, request: Request) -> HttpResponse:
        check_known(request.GET, [])
        collections = readable(request.user)
        # The project opens on the neighbourhoods (or, for who may not see them, the partners).
        box = next(
            (
                extent["spatial"]["bbox"][0]
                for c in collections[:2]
                if "spatial" in (extent := features.extent(c, request.user))
            ),
            None,
        )
        base_url = request.build_absolute_uri(reverse("ogc-landing"))
        body = project_xml(base_url=base_url, collections=collections, bbox=box)
        response = HttpResponse(body, content_type="application/x-qgis-project")
        response["Content-Disposition"] = 'attachment; filename="mahalleh.qgs"'
        return response
