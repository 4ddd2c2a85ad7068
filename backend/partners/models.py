"""Local partners (mosques, volunteer groups, NGOs, …) and Imam Mahalleh liaisons.

Phone numbers and contact names are personal data: only the roles that
``can_read_partner_contacts`` allows ever receive them.
"""

from auditlog.registry import auditlog
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo.text import normalize_phone_ir, search_key

PHONE_HELP = _("Not a valid Iranian phone number; write it like 0912 345 6789 or +98 28 3333 4444.")


NOT_A_MOSQUE = _("A liaison's partner must be a mosque.")


def is_mosque(partner: "Partner") -> bool:
    """An Imam Mahalleh (a liaison) belongs to a mosque, and only to one."""
    return partner.kind == PartnerKind.MOSQUE


def clean_phone(instance: "Partner | Liaison") -> None:
    """Store an Iranian phone number as +98…, whichever way it was typed (admin, API, pages)."""
    if instance.phone:
        try:
            instance.phone = normalize_phone_ir(instance.phone)
        except ValueError:
            raise ValidationError({"phone": PHONE_HELP}) from None


class PartnerKind(models.TextChoices):
    MOSQUE = "mosque", _("Mosque")
    HOSSEINIYEH = "hosseiniyeh", _("Hosseiniyeh")
    JIHADI_GROUP = "jihadi_group", _("Volunteer (jihadi) group")
    NGO = "ngo", _("NGO")
    CHARITY = "charity", _("Charity")
    ACTIVIST = "activist", _("Community activist")
    HEALTH_CENTRE = "health_centre", _("Health centre")
    SCHOOL = "school", _("School")


class Service(models.TextChoices):
    """What partners offer, and so what kind of help an intervention or a referral is."""

    WATER_SANITATION = "water_sanitation", _("Water and sanitation works")
    FOOD = "food", _("Food aid")
    CASH = "cash_aid", _("Cash aid")
    HEALTH = "health", _("Health care")
    EDUCATION = "education", _("Education")
    EMPLOYMENT = "employment", _("Employment and skills")
    HOUSING_REPAIR = "housing_repair", _("Housing repair")
    ADDICTION = "addiction_support", _("Addiction support")
    LEGAL = "legal_aid", _("Legal aid")
    COUNSELLING = "counselling", _("Counselling")
    CHILDREN = "child_support", _("Child support")


class Partner(models.Model):
    ref = models.CharField(_("external reference"), max_length=64, unique=True, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=PartnerKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_search = models.CharField(max_length=200, editable=False, db_index=True)
    point = models.PointField(_("location"), srid=4326)
    address = models.CharField(_("address"), max_length=500, blank=True)
    services = ArrayField(
        models.CharField(max_length=32, choices=Service.choices),
        verbose_name=_("services"),
        default=list,
        blank=True,
    )
    capacity = models.PositiveIntegerField(_("capacity (households a month)"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Personal data: coordinators and admins only.
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [
            # Distances are in metres on geography: this index serves nearest-first
            # (KNN, ``<->``) and radius (``ST_DWithin``) queries on point::geography.
            GistIndex(Cast("point", models.PointField(geography=True)), name="partner_point_geog"),
            # Typo-tolerant name search (pg_trgm). Migration 0004 also indexes the
            # space-free form, replace(name_search, ' ', ''), so that "کتاب خانه",
            # "کتاب‌خانه" and "کتابخانه" find each other.
            GinIndex(fields=["name_search"], opclasses=["gin_trgm_ops"], name="partner_name_trgm"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PartnerKind.values), name="partner_kind_valid"),
            models.CheckConstraint(
                condition=Q(services__contained_by=Service.values), name="partner_services_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name_search = search_key(self.name)
        clean_phone(self)

    def service_labels(self) -> list[str]:
        """Return the names of the services offered, in the active language."""
        labels = dict(Service.choices)
        return [str(labels[s]) for s in self.services if s in labels]


class Liaison(models.Model):
    """An Imam Mahalleh: a mosque's imam who acts as a neighbourhood's liaison."""

    ref = models.CharField(_("external reference"), max_length=64, unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    mosque = models.ForeignKey(
        Partner,
        verbose_name=_("mosque"),
        on_delete=models.PROTECT,
        related_name="liaisons",
        limit_choices_to={"kind": PartnerKind.MOSQUE},
    )
    neighborhoods = models.ManyToManyField(
        "surveys.Neighborhood",
        verbose_name=_("neighbourhoods"),
        related_name="liaisons",
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)  # personal data
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("liaison (Imam Mahalleh)")
        verbose_name_plural = _("liaisons (Imam Mahalleh)")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        clean_phone(self)
        if self.mosque_id and not is_mosque(self.mosque):
            raise ValidationError({"mosque": NOT_A_MOSQUE})


class NeighborhoodCoverage(models.Model):
    """Who can reach one neighbourhood, as measured when a partner, a liaison or its boundary last
    changed (services.coverage_refresh): scores and the coverage pages read this, not the geometry."""

    neighborhood = models.OneToOneField(
        "surveys.Neighborhood", primary_key=True, on_delete=models.CASCADE, related_name="coverage"
    )
    walk_m = models.FloatField(help_text="The walking distance it was measured with.")
    liaisons = models.PositiveIntegerField(help_text="Active liaisons assigned to it.")
    liaison_mosque_m = models.FloatField(null=True, help_text="Nearest mosque with an active liaison.")
    partners_within_walk = models.PositiveIntegerField()
    nearest_m = models.JSONField(default=dict, help_text="Per partner kind, the nearest active one.")
    measured_at = models.DateTimeField()

    class Meta:
        verbose_name = _("neighbourhood coverage")
        verbose_name_plural = _("neighbourhood coverage")


# Audit trail: every change to these rows, with who made it. Readable by admins only, because the
# entries hold phone numbers.
auditlog.register(Partner, exclude_fields=["name_search", "updated_at"])
auditlog.register(Liaison, exclude_fields=["updated_at"], m2m_fields={"neighborhoods"})
