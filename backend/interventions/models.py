"""Help delivered: interventions by partners in neighbourhoods, referrals from visits, funding.

Money is whole rials (BigInteger); pages show it in tomans. Dates are calendar days, shown Jalali.
An intervention's ``status`` is what people set; "verified" also follows from the visits: a
delivered intervention that a counted visit after its end reports seen working reads as verified
(selectors.with_status), so a visit rejected later un-verifies it by itself.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.partners.models import Service


class FundingSource(models.Model):
    """Where money comes from (provincial credits, a charity, the municipality); admins keep the list."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.name


class InterventionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    VERIFIED = "verified", _("Verified")
    CANCELLED = "cancelled", _("Cancelled")


# The only moves allowed; cancelling needs a reason, verifying a note.
INTERVENTION_MOVES: dict[str, tuple[str, ...]] = {
    "proposed": ("agreed", "cancelled"),
    "agreed": ("in_progress", "cancelled"),
    "in_progress": ("delivered", "cancelled"),
    "delivered": ("verified",),
    "verified": (),
    "cancelled": (),
}


def _money(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{name}__gte": 0}) | Q(**{f"{name}__isnull": True}), name=f"intervention_{name}_ge_0"
    )


def _ordered(start: str, end: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end}__gte": F(start)})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__isnull": True}),
        name=f"intervention_{end}_after_start",
    )


class Intervention(models.Model):
    """Help a lead partner (with others) brings to one or several neighbourhoods."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    kind = models.CharField(_("kind"), max_length=32, choices=Service.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=InterventionStatus.choices, default=InterventionStatus.PROPOSED
    )
    status_note = models.TextField(_("note on the status"), blank=True, max_length=2000)
    neighborhoods = models.ManyToManyField(
        "surveys.Neighborhood", verbose_name=_("neighbourhoods"), related_name="interventions"
    )
    lead_partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("lead partner"),
        on_delete=models.PROTECT,
        related_name="led_interventions",
    )
    partners = models.ManyToManyField(
        "partners.Partner", verbose_name=_("other partners"), related_name="interventions", blank=True
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households reached"), null=True, blank=True)
    budget_planned = models.BigIntegerField(_("planned budget (rials)"), null=True, blank=True)
    budget_spent = models.BigIntegerField(_("budget spent (rials)"), null=True, blank=True)
    funding_source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InterventionStatus.values), name="intervention_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=Service.values), name="intervention_kind_valid"),
            _money("budget_planned"),
            _money("budget_spent"),
            _ordered("planned_start", "planned_end"),
            _ordered("actual_start", "actual_end"),
            models.CheckConstraint(
                condition=Q(budget_spent__isnull=True) | Q(budget_spent=0) | Q(funding_source__isnull=False),
                name="intervention_spent_has_source",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"], name="intervention_status_kind")]

    def __str__(self) -> str:
        return self.title


def document_path(instance: "InterventionDocument", filename: str) -> str:
    return f"interventions/{instance.intervention_id}/{instance.uuid}{filename[filename.rfind('.') :]}"


class InterventionDocument(models.Model):
    """A PDF or a photo about an intervention (a contract, a receipt, the finished work)."""

    uuid = models.UUIDField(unique=True)
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(upload_to=document_path, max_length=300)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.name


class Need(models.TextChoices):
    """What a visit found that a partner could help with."""

    WATER = "water", _("No improved water")
    SANITATION = "sanitation", _("No improved sanitation")
    HOUSING = "housing", _("Non-durable or crowded housing")
    TENURE = "tenure", _("Insecure tenure")
    CHILD_LABOUR = "child_labour", _("Child labour")
    ADDICTION = "addiction", _("Addiction")
    SCAVENGING = "scavenging", _("Waste scavenging")
    FEMALE_HEADED = "female_headed_households", _("Female-headed household in need")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    FOOD = "food", _("Food insecurity")
    HEALTH = "health", _("Untreated illness")


# The services that answer each need; the first is the one proposed.
NEED_SERVICES: dict[str, tuple[str, ...]] = {
    Need.WATER: (Service.WATER_SANITATION,),
    Need.SANITATION: (Service.WATER_SANITATION,),
    Need.HOUSING: (Service.HOUSING_REPAIR,),
    Need.TENURE: (Service.LEGAL,),
    Need.CHILD_LABOUR: (Service.CHILDREN, Service.EDUCATION),
    Need.ADDICTION: (Service.ADDICTION, Service.HEALTH, Service.COUNSELLING),
    Need.SCAVENGING: (Service.EMPLOYMENT, Service.CHILDREN),
    Need.FEMALE_HEADED: (Service.CASH, Service.EMPLOYMENT, Service.COUNSELLING, Service.FOOD),
    Need.UNEMPLOYMENT: (Service.EMPLOYMENT,),
    Need.FOOD: (Service.FOOD, Service.CASH),
    Need.HEALTH: (Service.HEALTH,),
}


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    RESOLVED = "resolved", _("Resolved")


REFERRAL_MOVES: dict[str, tuple[str, ...]] = {
    "sent": ("accepted", "declined"),
    "accepted": ("resolved",),
    "declined": (),
    "resolved": (),
}


class Referral(models.Model):
    """Something a visit found, sent to a partner that offers the service that answers it."""

    # Made by the phone when the referral is written offline: a resend is recognised, stored once.
    client_uuid = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    visit = models.ForeignKey(
        "surveys.Visit", verbose_name=_("visit"), on_delete=models.PROTECT, related_name="referrals"
    )
    # The visit's neighbourhood when referred (none when the visit was outside every one).
    neighborhood = models.ForeignKey(
        "surveys.Neighborhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    need = models.CharField(_("need"), max_length=32, choices=Need.choices)
    service = models.CharField(_("service"), max_length=32, choices=Service.choices)
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="referrals"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    due_date = models.DateField(_("due date"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    status_note = models.TextField(_("note on the status"), blank=True, max_length=2000)
    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("intervention"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values), name="referral_status_valid"
            ),
            models.CheckConstraint(condition=Q(need__in=Need.values), name="referral_need_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.need} → {self.partner_id}"


class StatusChange(models.Model):
    """One move of an intervention or a referral: who, when, from what to what, and why."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, null=True, related_name="changes"
    )
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, null=True, related_name="changes")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    note = models.TextField(blank=True, max_length=2000)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(intervention__isnull=False, referral__isnull=True)
                | Q(intervention__isnull=True, referral__isnull=False),
                name="status_change_of_one",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


auditlog.register(FundingSource)
auditlog.register(Intervention, exclude_fields=["updated_at"], m2m_fields={"neighborhoods", "partners"})
auditlog.register(Referral, exclude_fields=["updated_at"])
