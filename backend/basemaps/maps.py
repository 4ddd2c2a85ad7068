"""What every page's Folium map is drawn with: our own static files, the kept base map, its
controls' words and the reading direction of the language shown."""

from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from backend.basemaps.selectors import base_map
from geo import maps
from geo.maps import with_script_nonce


def map_settings() -> maps.MapSettings:
    """Return the map settings for the current request's language."""
    return maps.MapSettings(
        static=static,
        base=base_map(),
        labels={
            "base_map": _("Base map"),
            "fullscreen": _("Full screen"),
            "exit_fullscreen": _("Exit full screen"),
        },
        rtl=get_language_bidi(),
    )


def with_nonce(document: str, request: HttpRequest) -> str:
    """A map document whose scripts carry this response's Content-Security-Policy nonce (which
    django-csp puts on the request)."""
    return with_script_nonce(document, request.csp_nonce)  # type: ignore[attr-defined]
