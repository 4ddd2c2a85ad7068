"""Base maps served from files on this server (MBTiles or PMTiles), drawn under every map."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArchiveKind(models.TextChoices):
    MBTILES = "mbtiles", "MBTiles"
    PMTILES = "pmtiles", "PMTiles"


class TileFormat(models.TextChoices):
    PNG = "png", "PNG"
    JPG = "jpg", "JPEG"
    WEBP = "webp", "WebP"
    PBF = "pbf", _("vector (MVT)")


class Basemap(models.Model):
    name = models.SlugField(_("name"), max_length=50, unique=True, help_text=_("In its tile addresses."))
    title = models.CharField(_("title"), max_length=200, blank=True)
    path = models.CharField(_("file"), max_length=300, editable=False)  # under BASEMAP_ROOT
    kind = models.CharField(_("kind"), max_length=10, choices=ArchiveKind.choices, editable=False)
    tile_format = models.CharField(
        _("tile format"), max_length=10, choices=TileFormat.choices, editable=False
    )
    min_zoom = models.PositiveSmallIntegerField(_("lowest zoom"), editable=False)
    max_zoom = models.PositiveSmallIntegerField(_("highest zoom"), editable=False)
    west = models.FloatField(editable=False)
    south = models.FloatField(editable=False)
    east = models.FloatField(editable=False)
    north = models.FloatField(editable=False)
    attribution = models.CharField(_("attribution"), max_length=500, blank=True)
    size_bytes = models.BigIntegerField(_("size (bytes)"), editable=False)
    tile_count = models.PositiveIntegerField(_("tiles"), default=0, editable=False)
    is_default = models.BooleanField(_("default"), default=False, help_text=_("Drawn under every map."))
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("base map")
        verbose_name_plural = _("base maps")
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_basemap"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.name

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return self.west, self.south, self.east, self.north

    @property
    def tile_bytes(self) -> int:
        """A tile's size on average: what the phone's offline download estimates with."""
        return self.size_bytes // max(self.tile_count, 1)

    @property
    def version(self) -> str:
        """Changes whenever the file is replaced: tiles are cached under it."""
        return str(int(self.updated_at.timestamp()))
