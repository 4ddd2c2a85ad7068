from rest_framework import serializers

from backend.common.serializers import StrictSerializer
from backend.partners.serializers import PartnerListFilters
from backend.surveys.serializers import VisitListFilters

BBOX_HELP = "min_lon,min_lat,max_lon,max_lat (WGS 84): only what intersects the box."


class VisitExportParams(StrictSerializer, VisitListFilters):
    bbox = serializers.CharField(required=False, max_length=200, help_text=BBOX_HELP)


class PartnerExportParams(StrictSerializer, PartnerListFilters):
    bbox = serializers.CharField(required=False, max_length=200, help_text=BBOX_HELP)


class NeighborhoodExportParams(StrictSerializer):
    profile = serializers.CharField(
        max_length=100, required=False, help_text="A weight profile's id or name (default: the default one)."
    )
    bbox = serializers.CharField(required=False, max_length=200, help_text=BBOX_HELP)
