"""What a visit records about a place, declared once: each indicator's answers, which of them count
as lacking, the score component it feeds, and its labels.

Everything else is made from this list: the visit model's choices and checks, the API's and the
field app's questions, the ODK submission mapping, the score's components and default weights
(geo.scoring), the visit aggregates behind a score (backend.planning.selectors), the export columns
and the labels of the scores' reasons. tests/test_indicators.py holds them, and the XLSForm, to it.
The README says how to add one.

Labels are English, marked for translation (``make messages`` finds them), and translated where
they are shown.
"""

from dataclasses import dataclass
from typing import Literal

Kind = Literal["choice", "yes_no", "number"]


def gettext_noop(text: str) -> str:
    """Mark English text for translation without translating it here (geo/ has no Django)."""
    return text


@dataclass(frozen=True)
class Indicator:
    field: str  # the visit's column, and its name in the API, the field app, the XLSForm and exports
    label: str  # what the question is about
    kind: Kind
    column: str  # its export column: at most ten letters (a Shapefile's limit)
    choices: tuple[tuple[str, str], ...] = ()  # a choice question's answers: (value, label)
    lacking: tuple[str, ...] = ()  # the answers that count as the deprivation
    component: str | None = None  # the score component it feeds; None: recorded, not scored
    need: str = ""  # the component's label: what a high value means

    @property
    def is_harm(self) -> bool:
        """A social harm seen in the place (a yes/no), weighed less by default than a deprivation."""
        return self.kind == "yes_no"


# In the order the form asks them. The deprivations are UN-Habitat's five (SDG 11.1.1).
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "water",
        gettext_noop("water"),
        "choice",
        "water",
        choices=(
            ("improved", gettext_noop("Improved source")),
            ("unimproved", gettext_noop("Unimproved source")),
            ("none", gettext_noop("No access")),
        ),
        lacking=("unimproved", "none"),
        component="water",
        need=gettext_noop("No improved water"),
    ),
    Indicator(
        "sanitation",
        gettext_noop("sanitation"),
        "choice",
        "sanitation",
        choices=(
            ("improved", gettext_noop("Improved sanitation")),
            ("unimproved", gettext_noop("Unimproved sanitation")),
            ("open_defecation", gettext_noop("Open defecation")),
        ),
        lacking=("unimproved", "open_defecation"),
        component="sanitation",
        need=gettext_noop("No improved sanitation"),
    ),
    # Overcrowding: more persons per room than settings.CROWDING_PERSONS_PER_ROOM.
    Indicator(
        "persons_per_room",
        gettext_noop("persons per room"),
        "number",
        "crowding",
        component="living_area",
        need=gettext_noop("Overcrowding"),
    ),
    Indicator(
        "housing",
        gettext_noop("housing durability"),
        "choice",
        "housing",
        choices=(
            ("durable", gettext_noop("Durable")),
            ("semi_durable", gettext_noop("Semi-durable")),
            ("non_durable", gettext_noop("Non-durable")),
        ),
        lacking=("semi_durable", "non_durable"),  # semi-durable housing is not durable
        component="durable_housing",
        need=gettext_noop("Non-durable housing"),
    ),
    Indicator(
        "tenure",
        gettext_noop("tenure"),
        "choice",
        "tenure",
        choices=(
            ("formal_deed", gettext_noop("Official deed")),
            ("informal_deed", gettext_noop("Informal deed (qolnameh)")),
            ("rented", gettext_noop("Rented")),
            ("none", gettext_noop("No documents")),
        ),
        lacking=("informal_deed", "none"),  # an informal deed (qolnameh) is not secure tenure
        component="tenure",
        need=gettext_noop("Insecure tenure"),
    ),
    Indicator(
        "electricity",
        gettext_noop("electricity"),
        "choice",
        "electric",
        choices=(
            ("legal", gettext_noop("Legal connection")),
            ("informal", gettext_noop("Informal connection")),
            ("none", gettext_noop("None")),
        ),
    ),
    Indicator(
        "waste",
        gettext_noop("waste collection"),
        "choice",
        "waste",
        choices=(
            ("regular", gettext_noop("Regular collection")),
            ("irregular", gettext_noop("Irregular collection")),
            ("none", gettext_noop("No collection")),
        ),
    ),
    # Social harms seen in the place: yes, no, or not observed (unknown).
    Indicator(
        "child_labour",
        gettext_noop("child labour"),
        "yes_no",
        "child_lab",
        component="child_labour",
        need=gettext_noop("Child labour"),
    ),
    Indicator(
        "addiction",
        gettext_noop("addiction"),
        "yes_no",
        "addiction",
        component="addiction",
        need=gettext_noop("Addiction"),
    ),
    Indicator(
        "scavenging",
        gettext_noop("waste scavenging"),
        "yes_no",
        "scavenging",
        component="scavenging",
        need=gettext_noop("Waste scavenging"),
    ),
    Indicator(
        "female_headed_households",
        gettext_noop("female-headed households"),
        "yes_no",
        "female_hh",
        component="female_headed_households",
        need=gettext_noop("Female-headed households"),
    ),
    Indicator(
        "unemployment",
        gettext_noop("unemployment"),
        "yes_no",
        "unemploy",
        component="unemployment",
        need=gettext_noop("Unemployment"),
    ),
)

BY_FIELD = {indicator.field: indicator for indicator in INDICATORS}
CHOICE_FIELDS = tuple(i.field for i in INDICATORS if i.kind == "choice")
HARM_FIELDS = tuple(i.field for i in INDICATORS if i.is_harm)
SCORED = tuple(i for i in INDICATORS if i.component)
