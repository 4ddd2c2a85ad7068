"""What each export holds: visits, neighbourhoods with their scores, partners — filtered like the API."""

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from django.contrib.gis.db.models import MultiPolygonField, Union
from django.db import models
from django.db.models import Func, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from backend.common.filters import bbox_filtered
from backend.common.l10n import jalali_local
from backend.exports.fields import Dataset, Field, iso
from backend.fieldwork.models import Assignment, AssignmentStatus
from backend.fieldwork.selectors import assignment_list
from backend.interventions.models import Intervention, InterventionStatus
from backend.interventions.selectors import intervention_list
from backend.partners.models import Partner, PartnerKind, Service
from backend.partners.selectors import partner_list
from backend.planning.models import COMPONENT_LABELS, NeighborhoodScore, WeightProfile
from backend.planning.selectors import priority_list
from backend.surveys import models as surveys
from backend.surveys.models import CHOICE_INDICATORS
from backend.surveys.selectors import visit_list
from geo.indicators import INDICATORS, Indicator
from geo.scoring import COMPONENTS

BOOLEAN = "bool"


def _of(model: type[models.Model], name: str, source: str | None = None, **options: Any) -> Field:
    """A field named (and headed) like the model's own; source defaults to the field itself."""
    field = cast(models.Field, model._meta.get_field((source or name).split("__")[-1]))
    return Field(name=name, header=field.verbose_name, source=source or name, **options)


def _dates(model: type[models.Model], source: str, name: str, jalali_name: str) -> list[Field]:
    """An ISO (UTC) column and, beside it, the same moment in Jalali, local time."""
    header = cast(models.Field, model._meta.get_field(source)).verbose_name
    return [
        Field(name, format_header(header, "ISO, UTC"), source, convert=iso),
        Field(jalali_name, format_header(header, _("Jalali")), source, convert=jalali_local),
    ]


def format_header(header: Any, detail: Any) -> Any:
    return _("%(header)s (%(detail)s)") % {"header": header, "detail": detail}


def visits(*, user: Any, filters: dict[str, Any]) -> Dataset:
    """The visits user may read; without ?review_state=, only those that count (SCORE_REVIEW_STATES)."""
    filters = {**filters, "counted": not filters.get("review_state")}
    queryset = bbox_filtered(visit_list(user=user, filters=filters), "point", filters.get("bbox"))
    indicators = [_indicator(indicator) for indicator in INDICATORS]
    fields = [
        _of(surveys.Visit, "id", kind="int"),
        _of(surveys.Visit, "uuid", "client_uuid", convert=str),
        _of(surveys.Neighborhood, "nbhd_code", "neighborhood__code"),
        _of(surveys.Neighborhood, "nbhd_name", "neighborhood__name"),
        *_dates(surveys.Visit, "visited_at", "visited_at", "visited_fa"),
        *_dates(surveys.Visit, "received_at", "received", "receivd_fa"),
        Field("visitor", _("visitor"), "visitor__username"),
        _of(surveys.Visit, "gps_acc_m", "gps_accuracy_m", kind="float"),
        *indicators,
        _of(surveys.Visit, "notes"),
        _of(surveys.Visit, "review", "review_state", choices=surveys.ReviewState),
        _of(surveys.Visit, "version", kind="int"),
        _of(surveys.Visit, "flags", "quality_flags", convert=",".join),
    ]
    return Dataset("visits", queryset.order_by("visited_at", "id"), "point", "Point", fields)


def _indicator(indicator: Indicator) -> Field:
    """An indicator's export column (geo.indicators): its answer's label, a yes/no, or a number."""
    if indicator.kind == "choice":
        choices = CHOICE_INDICATORS[indicator.field]
        return _of(surveys.Visit, indicator.column, indicator.field, choices=choices)
    if indicator.kind == "number":
        return _of(surveys.Visit, indicator.column, indicator.field, kind="float", convert=float)
    return _of(surveys.Visit, indicator.column, indicator.field, kind=BOOLEAN)


def _points_of(component: str) -> Callable[[dict[str, float]], float | None]:
    """A score's points from one component, or nothing when it is unknown."""
    return lambda points: points.get(component)


def neighborhoods(*, profile: WeightProfile | None, bbox: str | None = None) -> Dataset:
    queryset = bbox_filtered(priority_list(profile=profile), "neighborhood__boundary", bbox)
    fields = [
        _of(surveys.Neighborhood, "code", "neighborhood__code"),
        _of(surveys.Neighborhood, "name", "neighborhood__name"),
        _of(surveys.Neighborhood, "name_en", "neighborhood__name_en"),
        _of(surveys.Neighborhood, "county", "neighborhood__county"),
        _of(surveys.Neighborhood, "city", "neighborhood__city"),
        _of(surveys.Neighborhood, "population", "neighborhood__population", kind="int"),
        _of(surveys.Neighborhood, "households", "neighborhood__households", kind="int"),
        _of(
            surveys.Neighborhood,
            "settlement",
            "neighborhood__settlement_type",
            choices=surveys.SettlementType,
        ),
        Field("profile", _("weight profile"), "profile__name"),
        _of(NeighborhoodScore, "rank", kind="int"),
        _of(NeighborhoodScore, "score", kind="float"),
        _of(NeighborhoodScore, "confidence", kind="float"),
        _of(NeighborhoodScore, "visits", "visit_count", kind="int"),
        *_dates(NeighborhoodScore, "last_visit_at", "last_visit", "lastvis_fa"),
        Field("reasons", _("main reasons"), "reasons", convert=_reason_labels),
        *[
            Field(
                f"p_{index:02d}",
                COMPONENT_LABELS[name],
                "contributions",
                kind="float",
                convert=_points_of(name),
            )
            for index, name in enumerate(COMPONENTS, start=1)
        ],
        *_dates(NeighborhoodScore, "computed_at", "computed", "comput_fa"),
    ]
    return Dataset("neighborhoods", queryset, "neighborhood__boundary", "MultiPolygon", fields)


def _reason_labels(reasons: list[str]) -> str:
    return "; ".join(str(COMPONENT_LABELS[name]) for name in reasons)


def partners(*, filters: dict[str, Any], contacts: bool) -> Dataset:
    queryset = bbox_filtered(partner_list(filters=filters), "point", filters.get("bbox"))
    fields = [
        _of(Partner, "id", kind="int"),
        _of(Partner, "ref"),
        _of(Partner, "kind", choices=PartnerKind),
        _of(Partner, "name"),
        _of(Partner, "address"),
        Field("services", Partner._meta.get_field("services").verbose_name, "services", convert=",".join),
        _of(Partner, "capacity", kind="int"),
        _of(Partner, "is_active", kind=BOOLEAN),
    ]
    if contacts:  # personal data: only for the roles that may read it
        fields += [_of(Partner, "contact", "contact_name"), _of(Partner, "phone")]
    return Dataset("partners", queryset.order_by("id"), "point", "Point", fields)


def interventions(*, filters: dict[str, Any] | None = None) -> Dataset:
    """Interventions with their current status; the geometry is the union of their places."""
    queryset = intervention_list(filters=filters).annotate(places=places_of_interventions())
    fields = [
        _of(Intervention, "id", kind="int"),
        _of(Intervention, "title"),
        _of(Intervention, "kind", choices=Service),
        Field(
            "status",
            Intervention._meta.get_field("status").verbose_name,
            "current_status",
            choices=InterventionStatus,
        ),
        Field("lead", _("lead partner"), "lead_partner__name"),
        *[
            _of(Intervention, name, convert=date.isoformat)
            for name in ("planned_start", "planned_end", "actual_start", "actual_end")
        ],
        _of(Intervention, "households", kind="int"),
        # Rials run past 32-bit integers, the type GIS clients give "integer"; a double is exact here.
        _of(Intervention, "budget_plan", "budget_planned", kind="float"),
        _of(Intervention, "budget_spnt", "budget_spent", kind="float"),
        Field("funding", _("funding source"), "funding_source__name"),
    ]
    return Dataset("interventions", queryset.order_by("id"), "places", "MultiPolygon", fields)


def places_of_interventions() -> Any:
    """Each intervention's neighbourhoods as one MultiPolygon (a correlated subquery)."""
    union = (
        surveys.Neighborhood.objects.filter(interventions=OuterRef("pk"))
        .order_by()
        .values("interventions")
        .annotate(
            area=Func(Union("boundary"), function="ST_Multi", output_field=MultiPolygonField(srid=4326))
        )
        .values("area")
    )
    return Subquery(union, output_field=MultiPolygonField(srid=4326))


def assignments(*, user: Any, filters: dict[str, Any] | None = None) -> Dataset:
    """The assignments user may read, with their progress, at their neighbourhood."""
    fields = [
        _of(Assignment, "id", kind="int"),
        Field("team", Assignment._meta.get_field("team").verbose_name, "team__name"),
        _of(surveys.Neighborhood, "nbhd_code", "neighborhood__code"),
        _of(surveys.Neighborhood, "nbhd_name", "neighborhood__name"),
        Field("assignee", Assignment._meta.get_field("assignee").verbose_name, "assignee__username"),
        Field(
            "due_date",
            Assignment._meta.get_field("due_date").verbose_name,
            "due_date",
            convert=date.isoformat,
        ),
        _of(Assignment, "target", "target_visits", kind="int"),
        Field("done", _("visits done"), "visits_done", kind="int"),
        Field("status", _("status"), "status", choices=AssignmentStatus),
        Field("overdue", _("overdue"), "overdue", kind=BOOLEAN),
        _of(Assignment, "priority", kind="int"),
    ]
    queryset = assignment_list(user=user, filters=filters)
    return Dataset("assignments", queryset, "neighborhood__boundary", "MultiPolygon", fields)
