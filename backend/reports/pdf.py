"""Our templates as PDF with WeasyPrint: Persian shaped by Pango and HarfBuzz in the vendored
Vazirmatn, and nothing fetched from off the machine while rendering.

Pictures go in as data: URLs (photos as small JPEG thumbnails), maps and charts as inline SVG or
HTML, so the only files read are our own stylesheets and fonts.
"""

import base64
import io
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.contrib.staticfiles import finders
from django.core.files import File
from django.template.loader import render_to_string
from PIL import Image, ImageOps
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

STYLES = ("mahalleh/fonts.css", "mahalleh/charts.css", "mahalleh/print.css")
THUMBNAIL = (480, 360)


class LocalFetcher(URLFetcher):
    """Fetches data: URLs and files inside folders; refuses anything else, and lists what it refused
    (a link to another server in a template would otherwise be fetched while rendering)."""

    def __init__(self, folders: list[Path]) -> None:
        super().__init__(allowed_protocols={"data", "file"})
        self.folders = [folder.resolve() for folder in folders]
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not self._allowed(url):
            self.refused.append(url)
            raise ValueError(f"Reports read no file outside {self.folders} and nothing remote: {url}")
        self.fetched.append(url)
        return super().fetch(url, headers)

    def _allowed(self, url: str) -> bool:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return True
        if scheme != "file":
            return False
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        return any(path.is_relative_to(folder) for folder in self.folders)


def _stylesheets() -> list[Path]:
    return [Path(str(finders.find(name))) for name in STYLES]


def fetcher() -> LocalFetcher:
    """A fetcher that reads only the folders of our stylesheets (and the fonts beside them)."""
    static = {path.parent.parent for path in _stylesheets()}  # …/static/ holds mahalleh/ and vendor/
    return LocalFetcher(sorted(static))


def render_pdf(
    template: str, context: dict[str, Any], *, base_url: str, local: LocalFetcher | None = None
) -> bytes:
    """Render template with context as a PDF; its links lead to base_url (this server's)."""
    html = render_to_string(template, context)
    local = local or fetcher()
    fonts = FontConfiguration()
    styles = [CSS(filename=str(path), font_config=fonts, url_fetcher=local) for path in _stylesheets()]
    document = HTML(string=html, base_url=base_url, url_fetcher=local)
    return bytes(document.write_pdf(stylesheets=styles, font_config=fonts))


def thumbnail_data_url(image: File) -> str:
    """A JPEG thumbnail of a stored image as a data: URL, upright as the camera held it."""
    with image.open("rb") as stream, Image.open(stream) as picture:
        small = ImageOps.exif_transpose(picture).convert("RGB")
        small.thumbnail(THUMBNAIL)
        out = io.BytesIO()
        small.save(out, "JPEG", quality=75)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")
