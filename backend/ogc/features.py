"""Reads for the OGC API: a collection's features for a query, one feature, and the extents."""

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.contrib.gis.db.models import Extent
from django.contrib.gis.geos import Polygon
from django.db.models import Max, Min

from backend.exports.fields import Dataset, Field, iso
from backend.exports.formats import features
from backend.ogc.collections import Collection
from backend.ogc.errors import invalid, not_found
from backend.ogc.params import ItemsQuery
from geo.text import parse_whole, to_latin_digits

BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


@dataclass(frozen=True)
class Page:
    features: list[dict[str, Any]]
    matched: int


def items(collection: Collection, user: Any, query: ItemsQuery) -> Page:
    """The features of the collection user may read that match query: one page, and how many match."""
    dataset = _filtered(collection, collection.build(user), query)
    window = slice(query.offset, query.offset + query.limit)
    return Page(features(dataset, ids=collection.ids, window=window), dataset.queryset.count())


def item(collection: Collection, user: Any, feature_id: str) -> dict[str, Any]:
    """One feature by its id, if user may read it; else a 404."""
    number = parse_whole(feature_id, max_digits=18)
    if number is None:
        raise not_found(f"There is no feature {feature_id[:40]!r} in {collection.id}: ids are whole numbers.")
    dataset = collection.build(user)
    dataset = dataclasses.replace(dataset, queryset=dataset.queryset.filter(**{collection.ids: number}))
    found = features(dataset, ids=collection.ids, window=slice(0, 1))
    if not found:
        raise not_found(f"There is no feature {number} in {collection.id} that you may read.")
    return found[0]


def extent(collection: Collection, user: Any) -> dict[str, Any]:
    """The collection's spatial extent (CRS84) and, when it has one, its time span, over what user sees."""
    dataset = collection.build(user)
    queryset = dataset.queryset.order_by()
    aggregates: dict[str, Any] = {"box": Extent(dataset.geometry)}
    if collection.temporal:
        aggregates |= {"first": Min(collection.temporal), "last": Max(collection.temporal)}
    found = queryset.aggregate(**aggregates)
    result: dict[str, Any] = {}
    if found["box"]:
        crs = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
        result["spatial"] = {"bbox": [[round(v, 6) for v in found["box"]]], "crs": crs}
    if collection.temporal:
        span = [_iso(found["first"]), _iso(found["last"])]
        trs = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
        result["temporal"] = {"interval": [span], "trs": trs}
    return result


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


def _filtered(collection: Collection, dataset: Dataset, query: ItemsQuery) -> Dataset:
    queryset = dataset.queryset
    if query.bbox:
        box = Polygon.from_bbox(query.bbox)
        box.srid = 4326
        queryset = queryset.filter(**{f"{dataset.geometry}__intersects": box})
    if query.since or query.until:
        if collection.temporal is None:
            raise invalid(f"{collection.id} has no time to filter on: leave datetime out.")
        if query.since:
            queryset = queryset.filter(**{f"{collection.temporal}__gte": query.since})
        if query.until:
            queryset = queryset.filter(**{f"{collection.temporal}__lt": query.until})
    fields = {field.name: field for field in dataset.fields}
    for name, raw in query.properties.items():
        queryset = queryset.filter(**{fields[name].source: _value(fields[name], raw)})
    return dataclasses.replace(dataset, queryset=queryset)


def _value(field: Field, raw: str) -> Any:
    """A property filter's value in the field's own type (a 400 when it cannot be one)."""
    text = to_latin_digits(raw.strip())
    if field.choices is not None:
        codes = [choice.value for choice in field.choices]
        if text not in codes:
            raise invalid(f"{field.name} must be one of {', '.join(codes)}; got {raw[:40]!r}.")
        return text
    if field.kind == "int":
        number = parse_whole(text, max_digits=18)
        if number is None:
            raise invalid(f"{field.name} must be a whole number; got {raw[:40]!r}.")
        return number
    if field.kind == "bool":
        if text.lower() not in BOOLEANS:
            raise invalid(f"{field.name} must be true or false; got {raw[:40]!r}.")
        return BOOLEANS[text.lower()]
    return raw


JSON_TYPES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}


def feature_schema(collection: Collection, user: Any, url: str) -> dict[str, Any]:
    """The JSON Schema of the collection's features (a GeoJSON Feature and its typed properties):
    clients read it to type their fields, instead of guessing that a Jalali date is a Gregorian one."""
    dataset = collection.build(user)
    properties = {}
    # An "id" attribute is the feature's id as well: GDAL takes a field by that name from the
    # features themselves, and a second one from the schema would come out empty.
    for f in (f for f in dataset.fields if f.name != "id"):
        kind: dict[str, Any] = {"type": JSON_TYPES[f.kind], "title": str(f.header)}
        if f.convert is iso:
            kind["format"] = "date-time"
        elif f.convert is date.isoformat:
            kind["format"] = "date"
        if f.choices is not None:
            kind["enum"] = [choice.value for choice in f.choices]
        properties[f.name] = kind
    return {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": url,
        "title": str(collection.title),
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "integer"},
            "geometry": {"type": "object", "title": dataset.geometry_type},
            "properties": {"type": "object", "properties": properties},
        },
    }
