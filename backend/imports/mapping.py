"""Which column of a file feeds which field, and turning a row into the API's input shape."""

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import shapely
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from shapely.geometry import MultiPoint

from backend.imports.reading import Row
from backend.imports.sources import ImportFileError
from backend.partners.models import PartnerKind, Service
from geo.text import search_key


@dataclass(frozen=True)
class Target:
    """A field we fill, and the column names (compared by search_key) that feed it by default."""

    name: str
    aliases: tuple[str, ...]
    required: bool = False


NEIGHBORHOOD_TARGETS = (
    Target("code", ("code", "kod", "neighborhood_code", "mahalleh_code", "کد"), required=True),
    Target("name", ("name", "name_fa", "nam", "title", "نام", "نام محله"), required=True),
    Target("name_en", ("name_en", "english_name", "نام انگلیسی")),
    Target("county", ("county", "shahrestan", "شهرستان")),
    Target("city", ("city", "shahr", "شهر")),
    Target("population", ("population", "pop", "jamiat", "جمعیت")),
    Target("households", ("households", "hh", "khanevar", "خانوار")),
    Target("settlement_type", ("settlement_type", "settlement", "نوع سکونتگاه")),
)
PARTNER_TARGETS = (
    Target("ref", ("ref", "code", "external_id", "کد")),
    Target("kind", ("kind", "type", "category", "noe", "نوع"), required=True),
    Target("name", ("name", "name_fa", "nam", "title", "نام"), required=True),
    Target("address", ("address", "addr", "neshani", "نشانی", "آدرس")),
    Target("services", ("services", "khadamat", "خدمات")),
    Target("capacity", ("capacity", "zarfiat", "ظرفیت")),
    Target("is_active", ("is_active", "active", "faal", "فعال")),
    Target("contact_name", ("contact_name", "contact", "رابط", "نام رابط")),
    Target("phone", ("phone", "tel", "telephone", "mobile", "تلفن", "موبایل", "همراه")),
)
TARGETS = {"neighborhoods": NEIGHBORHOOD_TARGETS, "partners": PARTNER_TARGETS}

_TRUE = {"1", "true", "yes", "y", "بله", "آری", "فعال", "دارد"}
_FALSE = {"0", "false", "no", "n", "خیر", "نه", "غیرفعال", "ندارد"}
_LIST_SEPARATORS = re.compile(r"[,،;؛|/]")


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """'field=COLUMN' pairs (from the command line or the upload form) as a dict."""
    overrides = {}
    for pair in pairs:
        target, sep, column = pair.partition("=")
        if not sep or not target.strip() or not column.strip():
            raise ImportFileError(_("Write a field mapping as field=COLUMN; got %(pair)r.") % {"pair": pair})
        overrides[target.strip()] = column.strip()
    return overrides


def resolve_columns(kind: str, columns: list[str], overrides: dict[str, str]) -> dict[str, str]:
    """Return {field: column}: the overrides first, then columns named like the field."""
    targets = TARGETS[kind]
    known = {t.name for t in targets}
    listed = ", ".join(columns) or _("none")
    for field, column in overrides.items():
        if field not in known:
            raise ImportFileError(
                _("There is no field %(field)s to fill; the fields are: %(fields)s.")
                % {"field": field, "fields": ", ".join(t.name for t in targets)}
            )
        if column not in columns:
            raise ImportFileError(
                _("The file has no column %(column)s; its columns are: %(columns)s.")
                % {"column": column, "columns": listed}
            )
    by_key = {search_key(column): column for column in columns}
    chosen = dict(overrides)
    for target in targets:
        if target.name in chosen:
            continue
        for alias in (target.name, *target.aliases):
            if search_key(alias) in by_key:
                chosen[target.name] = by_key[search_key(alias)]
                break
        else:
            if target.required:
                raise ImportFileError(
                    _(
                        "No column gives the %(field)s; the file's columns are: %(columns)s. "
                        "Map one with %(field)s=COLUMN."
                    )
                    % {"field": target.name, "columns": listed}
                )
    return chosen


def input_data(kind: str, row: Row, columns: dict[str, str]) -> dict[str, Any]:
    """The row as the body the API's input serializer takes (so imports follow the API's rules)."""
    data: dict[str, Any] = {}
    for target, column in columns.items():
        value = row.attributes.get(column)
        if value is None:
            continue
        data[target] = _CONVERT.get(target, _text)(value)
    geometry = row.geometry
    if kind == "partners" and isinstance(geometry, MultiPoint) and len(geometry.geoms) == 1:
        geometry = geometry.geoms[0]
    geojson = json.loads(shapely.to_geojson(geometry)) if geometry is not None else None
    data["boundary" if kind == "neighborhoods" else "point"] = geojson
    return data


def _text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code read as 101.0 from a spreadsheet is "101"
    return str(value)


def _number(value: Any) -> Any:
    return value if isinstance(value, int | float) else str(value)


def _boolean(value: Any) -> Any:
    key = search_key(str(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return str(value)  # the serializer names it


def _choice(choices: type, value: str) -> str:
    """The choice named by value or by its Persian or English label; else value (for the serializer)."""
    return _choice_names(choices).get(search_key(value), value)


@lru_cache(maxsize=8)
def _choice_names(choices: type[models.Choices]) -> dict[str, str]:
    """search_key of each choice's value and labels → its value; built once, not once per row."""
    names = {}
    for choice in choices:
        for language in ("fa", "en"):
            with translation.override(language):
                names[search_key(str(choice.label))] = choice.value
        names[search_key(choice.value)] = choice.value
    return names


def _kind(value: Any) -> str:
    return _choice(PartnerKind, str(value))


def _services(value: Any) -> list[str]:
    return [_choice(Service, part.strip()) for part in _LIST_SEPARATORS.split(str(value)) if part.strip()]


_CONVERT = {
    "population": _number,
    "households": _number,
    "capacity": _number,
    "is_active": _boolean,
    "kind": _kind,
    "services": _services,
}
