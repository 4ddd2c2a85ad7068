"""Neighbourhoods and the visits that survey them.

A visit's neighbourhood is set by the database when the visit is stored (a
trigger, see migration 0002): the neighbourhood whose boundary covers the
point, the smallest when boundaries overlap. A point in no neighbourhood is
kept with an empty neighbourhood: the API flags it as ``outside_neighborhood``.
Visits describe places, not people: there is no field for a resident's name or ID.

A visit counts (in scores, maps, tiles and default exports) while its review
state is one of ``settings.SCORE_REVIEW_STATES``. That rule lives in two places
that say the same thing: ``VisitQuerySet.counted()`` for the ORM, and the
database view ``surveys_counted_visit`` for raw SQL (migration 0004), which reads
the same setting from the connection (``mahalleh.counted_states``).
"""

import uuid
from typing import Any, cast

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.geos import MultiPolygon
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.common.geometry import to_geos, to_shapely
from backend.common.l10n import geometry_message
from geo import indicators, quality
from geo.shapes import GeometryError, to_valid_multipolygon
from geo.text import search_key


class SettlementType(models.TextChoices):
    INFORMAL = "informal_settlement", _("Informal settlement")
    WORN_FABRIC = "worn_fabric", _("Worn-out urban fabric")
    PERI_URBAN = "peri_urban", _("Peri-urban")
    RURAL_FRINGE = "rural_fringe", _("Absorbed village / rural fringe")


def _choices(field: str) -> type[models.TextChoices]:
    """An indicator's answers (geo.indicators) as Django choices, labelled in the language shown."""
    indicator = indicators.BY_FIELD[field]
    members = [(value.upper(), (value, _(label))) for value, label in indicator.choices]
    # The functional form: django-stubs know only choices declared as classes.
    return models.TextChoices(field.title().replace("_", ""), members)  # type: ignore[call-overload]


# The typed indicators a visit records (geo.indicators): choice questions, and harms seen (yes/no).
CHOICE_INDICATORS: dict[str, type[models.TextChoices]] = {
    field: _choices(field) for field in indicators.CHOICE_FIELDS
}
HARM_INDICATORS = indicators.HARM_FIELDS


def indicator_label(field: str) -> Any:
    """An indicator's question, in the language shown."""
    return _(indicators.BY_FIELD[field].label)


def _choice_field(field: str) -> models.CharField:
    choices = CHOICE_INDICATORS[field].choices
    # Unanswered is blank, in the database too: a raw SQL insert that leaves it out stores blank.
    return models.CharField(
        indicator_label(field), max_length=16, choices=choices, blank=True, default="", db_default=""
    )


def _yes_no_field(field: str) -> models.BooleanField:
    return models.BooleanField(indicator_label(field), null=True, blank=True)


class ReviewState(models.TextChoices):
    RECEIVED = "received", _("Received")
    HAS_ISSUES = "has_issues", _("Has issues")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    EDITED = "edited", _("Edited")


# What a reviewer may decide; "edited" follows from a reviewer's correction, "received" from a visitor's.
REVIEW_DECISIONS = (ReviewState.APPROVED, ReviewState.HAS_ISSUES, ReviewState.REJECTED)


def review_decision_choices() -> list[tuple[str, Any]]:
    """The decisions as (value, label) choices: the review forms' and the API schema's."""
    return [(state.value, state.label) for state in REVIEW_DECISIONS]


class QualityFlag(models.TextChoices):
    """What the server noticed about a visit when it was stored. Flags order the review queue."""

    POOR_GPS = quality.POOR_GPS, _("Poor GPS accuracy")
    NO_GPS_ACCURACY = quality.NO_GPS_ACCURACY, _("No GPS accuracy")
    OUTSIDE_NEIGHBORHOOD = quality.OUTSIDE_NEIGHBORHOOD, _("Outside every neighbourhood")
    TOO_FAST = quality.TOO_FAST, _("Filled in too fast")
    NEAR_DUPLICATE = quality.NEAR_DUPLICATE, _("Near another visit by the same visitor")
    IMPLAUSIBLE = quality.IMPLAUSIBLE, _("Implausible answer")
    LATE_UPLOAD = quality.LATE_UPLOAD, _("Uploaded late")


class Neighborhood(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    name_search = models.CharField(max_length=200, editable=False, db_index=True)
    county = models.CharField(_("county"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    boundary = models.MultiPolygonField(_("boundary"), srid=4326)
    population = models.PositiveIntegerField(_("population estimate"), null=True, blank=True)
    households = models.PositiveIntegerField(_("household estimate"), null=True, blank=True)
    settlement_type = models.CharField(
        _("settlement type"),
        max_length=32,
        choices=SettlementType.choices,
        default=SettlementType.INFORMAL,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        constraints = [
            models.CheckConstraint(condition=Q(boundary__isvalid=True), name="neighborhood_boundary_valid"),
            models.CheckConstraint(
                condition=Q(settlement_type__in=SettlementType.values),
                name="neighborhood_settlement_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        self.name_search = search_key(self.name)
        if self.boundary is not None and not self.boundary.valid:
            # Same policy as the API (geo.shapes): repair, refuse only if no area is left.
            try:
                repaired, _ = to_valid_multipolygon(to_shapely(self.boundary))
            except GeometryError as exc:
                raise ValidationError({"boundary": geometry_message(exc)}) from None
            self.boundary = cast(MultiPolygon, to_geos(repaired))


def _choice_constraint(field: str, choices: type[models.TextChoices]) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": [*choices.values, ""]}), name=f"visit_{field}_valid"
    )


class VisitQuerySet(models.QuerySet["Visit"]):
    def counted(self) -> "VisitQuerySet":
        """Only the visits that count in scores, maps and default exports (SCORE_REVIEW_STATES)."""
        return self.filter(review_state__in=settings.SCORE_REVIEW_STATES)

    def visible_to(self, user: Any) -> "VisitQuerySet":
        """Only the visits user may read: all for reading roles (a team's supervisor: their teams'
        areas), their own for visitors, none else."""
        from backend.accounts.permissions import visit_scope

        scope = visit_scope(user)
        if scope == "all":
            return self
        if scope == "teams":
            return self.filter(neighborhood__in=Neighborhood.objects.filter(teams__supervisors=user))
        if scope == "own":
            return self.filter(visitor=user)
        return self.none()


class Visit(models.Model):
    client_uuid = models.UUIDField(
        _("client UUID"), unique=True, help_text=_("Made on the phone when the visit is captured.")
    )
    neighborhood = models.ForeignKey(
        Neighborhood,
        verbose_name=_("neighbourhood"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        help_text=_("Set by the database from the point; empty when outside every neighbourhood."),
    )
    point = models.PointField(_("location"), srid=4326)
    gps_accuracy_m = models.FloatField(_("GPS accuracy (m)"), null=True, blank=True)
    visited_at = models.DateTimeField(_("visited at"), db_index=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    form_version = models.CharField(_("form version"), max_length=32, default="1")

    # The indicators (geo.indicators declares their answers and labels).
    water = _choice_field("water")
    sanitation = _choice_field("sanitation")
    housing = _choice_field("housing")
    persons_per_room = models.DecimalField(
        indicator_label("persons_per_room"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    tenure = _choice_field("tenure")
    electricity = _choice_field("electricity")
    waste = _choice_field("waste")
    # Social harms observed in the place; null means "not observed / unknown".
    child_labour = _yes_no_field("child_labour")
    addiction = _yes_no_field("addiction")
    scavenging = _yes_no_field("scavenging")
    female_headed_households = _yes_no_field("female_headed_households")
    unemployment = _yes_no_field("unemployment")

    extra = models.JSONField(_("further answers"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    partners_met = models.ManyToManyField(
        "partners.Partner", verbose_name=_("partners met"), blank=True, related_name="visits"
    )
    # SHA-256 of the submitted content: tells a resend from a conflicting submission.
    content_sha256 = models.CharField(max_length=64, editable=False)
    # The assignment the visit was made for, when the phone says so. Without one, a visit still
    # counts towards an open assignment for its neighbourhood and visitor (fieldwork.selectors).
    assignment = models.ForeignKey(
        "fieldwork.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    # Interventions (ids) the visitor saw working here: a counted visit after an intervention's
    # end verifies it. Plain ids, not a relation: surveys know nothing of the apps above them.
    interventions_seen = ArrayField(
        models.BigIntegerField(),
        verbose_name=_("interventions seen working"),
        default=list,
        db_default=[],
        blank=True,
    )
    # When the form was opened and saved on the phone (ODK: start and end): how long it took.
    form_opened_at = models.DateTimeField(_("form opened at"), null=True, blank=True)
    form_saved_at = models.DateTimeField(_("form saved at"), null=True, blank=True)

    review_state = models.CharField(
        _("review state"),
        max_length=16,
        choices=ReviewState.choices,
        default=ReviewState.RECEIVED,
        db_default=ReviewState.RECEIVED,  # database defaults too: raw SQL inserts get them
    )
    # Raised by every review, edit and correction: a change sent against an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)
    quality_flags = ArrayField(
        models.CharField(max_length=32, choices=QualityFlag.choices),
        verbose_name=_("quality flags"),
        default=list,
        db_default=[],
        blank=True,
    )
    flag_count = models.GeneratedField(
        expression=Func(F("quality_flags"), function="cardinality"),
        output_field=models.IntegerField(),
        db_persist=True,
    )

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_at", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(
                condition=Q(gps_accuracy_m__gte=0) | Q(gps_accuracy_m__isnull=True),
                name="visit_gps_accuracy_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(persons_per_room__gte=0, persons_per_room__lte=50)
                | Q(persons_per_room__isnull=True),
                name="visit_persons_per_room_range",
            ),
            *(_choice_constraint(field, choices) for field, choices in CHOICE_INDICATORS.items()),
            models.CheckConstraint(
                condition=Q(review_state__in=ReviewState.values), name="visit_review_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(quality_flags__contained_by=QualityFlag.values), name="visit_quality_flags_valid"
            ),
        ]
        indexes = [
            # The review queue: one state, flagged first, oldest first.
            models.Index(
                "review_state", F("flag_count").desc(), "received_at", "id", name="visit_review_queue"
            ),
            models.Index(fields=["visitor", "visited_at"], name="visit_visitor_time"),
            # An assignment's progress: its visitor's visits in one place since it was made.
            models.Index(fields=["neighborhood", "visitor", "visited_at"], name="visit_place_visitor_time"),
            # The few visits that report interventions seen working (verification reads only these).
            models.Index(
                fields=["visited_at"], condition=~Q(interventions_seen=[]), name="visit_saw_interventions"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_uuid} @ {self.visited_at:%Y-%m-%d}"

    @property
    def outside_neighborhood(self) -> bool:
        return self.neighborhood_id is None


class EventKind(models.TextChoices):
    REVIEW = "review", _("Review")
    EDIT = "edit", _("Edit by a reviewer")
    CORRECTION = "correction", _("Correction by the visitor")
    COMMENT = "comment", _("Comment")


class VisitEvent(models.Model):
    """Something that happened to a stored visit: a review, an edit, a correction or a comment.

    The visit's creation is its own row (``received_at``, ``visitor``); history joins the two.
    """

    Kind = EventKind

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    # The visit's state and version after this event (a comment changes neither).
    state = models.CharField(max_length=16, choices=ReviewState.choices, blank=True)
    version = models.PositiveIntegerField()
    note = models.TextField(blank=True, max_length=2000)
    # Edits and corrections: {"field": [old, new]}.
    changes = models.JSONField(default=dict, blank=True)
    # Made on the phone for a correction or comment, so a resend is stored once.
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["visit", "at"], name="visitevent_visit_at")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="visitevent_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of visit {self.visit_id} v{self.version}"


def photo_path(photo: "VisitPhoto", filename: str) -> str:
    return f"visits/{photo.visit.client_uuid}/{photo.photo_uuid}.{photo.extension}"


class VisitPhoto(models.Model):
    photo_uuid = models.UUIDField(unique=True, default=uuid.uuid4)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_path)
    content_type = models.CharField(max_length=32)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=["image/jpeg", "image/png", "image/webp"]),
                name="visitphoto_content_type_valid",
            ),
        ]

    @property
    def extension(self) -> str:
        return self.content_type.split("/")[-1].replace("jpeg", "jpg")


# Audit trail: every change to these rows, with who made it (visits created in bulk are logged by the
# service that inserts them, since bulk inserts send no signals).
auditlog.register(Neighborhood, exclude_fields=["name_search", "updated_at"])
auditlog.register(Visit, exclude_fields=["content_sha256"], m2m_fields={"partners_met"})
auditlog.register(VisitPhoto)
auditlog.register(VisitEvent)
