"""The XForm ODK clients download, generated with pyxform from the XLSForm kept beside this file."""

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from pyxform.xls2xform import convert

from backend.fieldwork.selectors import assignments_mine
from backend.interventions.selectors import interventions_delivered_in
from backend.partners.models import Partner
from geo.text import jalali_day

FORMS = Path(__file__).parent / "forms"
HTML = "http://www.w3.org/1999/xhtml"
XFORMS = "http://www.w3.org/2002/xforms"
PARTNERS_FILE = "partners.csv"  # the choices of "partners met", made from the registry on request
ASSIGNMENTS_FILE = "assignments.csv"  # the choices of "which assignment": the visitor's open ones
# The choices of "seen working?": delivered interventions, each with its neighbourhoods' bounding box
# so that the form offers those around the visit's point (choice_filter on the geopoint).
INTERVENTIONS_FILE = "interventions.csv"


@dataclass(frozen=True)
class Form:
    form_id: str
    title: str
    version: str
    xml: bytes

    @property
    def md5(self) -> str:
        return md5_hex(self.xml)


def md5_hex(content: bytes) -> str:
    """The checksum OpenRosa form lists and manifests carry ("md5:…"); not for security."""
    return hashlib.md5(content, usedforsecurity=False).hexdigest()


@lru_cache(maxsize=8)
def _built(path: Path, modified: float) -> Form:
    xml = convert(xlsform=str(path)).xform.encode("utf-8")
    # The form's id, version and title, as ODK reads them: from the XForm itself.
    document = ElementTree.fromstring(xml)  # noqa: S314 (our own generated XML)
    model = document.find(f"{{{HTML}}}head/{{{XFORMS}}}model/{{{XFORMS}}}instance")
    title = document.findtext(f"{{{HTML}}}head/{{{HTML}}}title")
    if model is None or not len(model) or title is None:  # pyxform always writes both
        raise ValueError(f"{path.name}: the generated XForm has no instance or no title.")
    instance = model[0]
    return Form(instance.attrib["id"], title, instance.attrib.get("version", ""), xml)


def forms() -> dict[str, Form]:
    """Every form in backend/openrosa/forms, by form id (rebuilt when its file changes)."""
    built = [_built(path, path.stat().st_mtime) for path in sorted(FORMS.glob("*.md"))]
    return {form.form_id: form for form in built}


def partners_csv() -> bytes:
    """The active partners as a choice list: name is the partner's id, label its name and kind."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "label"])
    for pk, name, kind in (
        Partner.objects.filter(is_active=True).order_by("name", "id").values_list("id", "name", "kind")
    ):
        writer.writerow([pk, f"{name} ({Partner(kind=kind).get_kind_display()})"])
    return out.getvalue().encode("utf-8")


def assignments_csv(user: Any) -> bytes:
    """The user's open assignments as a choice list: name is the assignment's id."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "label"])
    for assignment in assignments_mine(user=user):
        writer.writerow(
            [assignment.pk, f"{assignment.neighborhood.name} — {jalali_day(assignment.due_date)}"]
        )
    return out.getvalue().encode("utf-8")


def interventions_csv() -> bytes:
    """Delivered interventions as a choice list: name is the intervention's id, with a bounding box."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "label", "minlon", "minlat", "maxlon", "maxlat"])
    for intervention in interventions_delivered_in():
        boxes = [n.boundary.extent for n in intervention.neighborhoods.all()]
        names = "، ".join(n.name for n in intervention.neighborhoods.all())
        writer.writerow(
            [
                intervention.pk,
                f"{intervention.title} ({names})",
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            ]
        )
    return out.getvalue().encode("utf-8")


# The media files a form's manifest lists, each made for the signed-in user.
MEDIA: dict[str, Callable[[Any], bytes]] = {
    PARTNERS_FILE: lambda user: partners_csv(),
    ASSIGNMENTS_FILE: assignments_csv,
    INTERVENTIONS_FILE: lambda user: interventions_csv(),
}
