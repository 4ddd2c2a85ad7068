"""/basemaps/{name}/{z}/{x}/{y}.{ext}: a base map's tiles, read from its file on this server."""

import base64
import gzip
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from backend.basemaps.models import Basemap
from backend.basemaps.selectors import basemap_default, basemap_tile
from backend.common.ranges import ranged_file_response
from geo.basemaps import is_gzipped

CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "pbf": "application/vnd.mapbox-vector-tile",
}
CACHE_SECONDS = 7 * 24 * 3600  # a replaced file changes the ETag
# The admin's map widgets ask /basemaps/default/… always: where there is no tile, a clear one.
CLEAR_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNgYGBgAAAABQABeqhXUAAAAABJRU5ErkJggg=="
)


@require_GET
def basemap_tile_view(
    request: HttpRequest, name: str, z: int, x: int, y: int, ext: str | None = None
) -> HttpResponse:
    """A tile; 404 outside the file's zooms, where it has none, or for another format's extension.

    Open to anyone who reaches the server, like its other static files: a base map is streets or
    imagery, never personal data, and phones fetch it as plain images.
    """
    basemap = basemap_default() if name == "default" else get_object_or_404(Basemap, name=name)
    alias = ext is None  # /basemaps/default/z/x/y, for the admin's widgets: images only
    if alias and (basemap is None or basemap.tile_format == "pbf"):
        return HttpResponse(CLEAR_PNG, content_type="image/png")
    if basemap is None or (ext is not None and ext != basemap.tile_format):
        return HttpResponse(status=404)
    etag = f'"{basemap.name}-{basemap.version}"'
    if request.headers.get("If-None-Match") == etag:
        return _cached(HttpResponse(status=304), etag)
    data = basemap_tile(basemap, z, x, y)
    if data is None:
        if alias:
            return HttpResponse(CLEAR_PNG, content_type="image/png")
        return _cached(HttpResponse(status=404), etag)
    response = HttpResponse(content_type=CONTENT_TYPES[basemap.tile_format])
    if is_gzipped(data):  # vector tiles are kept gzipped; sent so where the client takes it
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            response["Content-Encoding"] = "gzip"
        else:
            data = gzip.decompress(data)
        response["Vary"] = "Accept-Encoding"
    response.content = data
    return _cached(response, etag)


def _cached(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


@require_GET
def basemap_file_view(request: HttpRequest, name: str, ext: str) -> HttpResponse | StreamingHttpResponse:
    """The whole file (byte ranges too), for ODK Collect's offline layers or another server."""
    basemap = get_object_or_404(Basemap, name=name, kind=ext)
    path = Path(settings.BASEMAP_ROOT) / basemap.path
    if not path.exists():
        return HttpResponse(status=404)
    return ranged_file_response(
        path.open("rb"),
        size=path.stat().st_size,
        filename=f"{basemap.name}.{basemap.kind}",
        content_type="application/vnd.sqlite3" if basemap.kind == "mbtiles" else "application/vnd.pmtiles",
        range_header=request.headers.get("Range"),
    )
