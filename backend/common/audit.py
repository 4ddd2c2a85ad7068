"""The audit trail (django-auditlog): naming the actor, and logging rows inserted in bulk."""

import json
from collections.abc import Callable, Sequence
from datetime import UTC
from typing import Any

from auditlog.context import auditlog_value
from auditlog.diff import get_field_value, get_fields_in_model, model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.encoding import smart_str

from backend.common.services import rows_copy


def name_actor(user: Any) -> None:
    """Make user the actor of the audit entries written for the rest of this request.

    AuditlogMiddleware names the actor before the view runs, which is too early for DRF's token
    authentication; the entries read the actor from this request's context when they are saved.
    """
    try:
        context = auditlog_value.get()
    except LookupError:  # outside a request (management commands): no actor
        return
    context["actor"] = user


def log_bulk_created(instances: Sequence[models.Model], *, actor: Any) -> None:
    """Write one "created" audit entry per row inserted in bulk (which sends no signals): the
    entry auditlog's own signal would write, made for thousands of rows at a time."""
    if not instances:
        return
    content_type = ContentType.objects.get_for_model(instances[0])
    try:
        remote_addr = auditlog_value.get().get("remote_addr")
    except LookupError:
        remote_addr = None
    created = _CreatedDiff(instances[0])
    # Plain rows, not LogEntry instances: the same columns a LogEntry() would store, made without
    # building a model instance and preparing every field of it per row.
    now = timezone.now()
    shared = {
        "content_type": content_type.pk,
        "action": int(LogEntry.Action.CREATE),
        "changes_text": "",
        "actor": getattr(actor, "pk", None),
        "actor_email": getattr(actor, "email", None),
        "remote_addr": remote_addr,
        "timestamp": now,
    }
    rows = (
        {
            **shared,
            "object_pk": str(instance.pk),
            "object_id": instance.pk if isinstance(instance.pk, int) else None,
            "object_repr": str(instance),
            "changes": created(instance),
        }
        for instance in instances
    )
    rows_copy(LogEntry, rows, LOG_COLUMNS)


LOG_COLUMNS = (
    "content_type", "action", "changes_text", "actor", "actor_email", "remote_addr", "timestamp",
    "object_pk", "object_id", "object_repr", "changes",
)  # fmt: skip


class _CreatedDiff:
    """auditlog's model_instance_diff(None, instance) for many instances of one model, with the
    work that is the same for every row done once: which fields, their defaults, and the reverse
    relations (whose logged value is a constant). Generated columns are left out."""

    def __init__(self, sample: models.Model) -> None:
        options = auditlog.get_model_fields(type(sample))
        fields = get_fields_in_model(sample)
        if options["include_fields"]:
            fields = [f for f in fields if f.name in options["include_fields"]]
        fields = [f for f in fields if f.name not in options["exclude_fields"]]
        self.exact = bool(options["mask_fields"]) or getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
        # A generated column is the database's to compute, and a row copied in has not read it back.
        self.fields = [f for f in fields if f.concrete and not getattr(f, "generated", False)]
        self.constant: dict[str, tuple[str, str]] = {}
        for field in fields:
            if not field.concrete:  # a reverse relation: "None" → "<app.Model>.None", as auditlog logs it
                old, new = get_field_value(None, field), get_field_value(sample, field)
                if old != new:
                    self.constant[field.name] = (smart_str(old), smart_str(new))
        # What auditlog logs as the "before" of a new row: each field's default, made once per
        # batch (a default of now is the batch's now), and how to read each field's "after".
        self.getters = [(f.name, _logged_getter(f), get_field_value(None, f)) for f in self.fields]
        self.before = {name: smart_str(default) for name, _get, default in self.getters}

    def __call__(self, instance: models.Model) -> dict[str, Any] | None:
        if self.exact:
            return model_instance_diff(None, instance)
        diff = dict(self.constant)
        for name, get, default in self.getters:
            new = get(instance)
            if default != new:
                diff[name] = (self.before[name], new if type(new) is str else _text(new))
        return diff or None


def _text(value: Any) -> str:
    """smart_str(value): str() of anything but bytes, without its checks (thousands of cells)."""
    return smart_str(value) if isinstance(value, bytes) else str(value)


def _logged_getter(field: Any) -> Callable[[models.Model], Any]:
    """auditlog's get_field_value for a loaded concrete field, with its look-ups made once per
    field instead of once per call (tests/test_audit.py holds the two to the same result)."""
    attname = field.attname
    if isinstance(field, models.DateTimeField):
        convert = settings.USE_TZ

        def moment(instance: models.Model) -> Any:
            value = getattr(instance, attname)
            if value is not None and convert and not timezone.is_naive(value):
                if value.tzinfo is UTC:  # as make_naive(value, UTC) gives it, without its checks
                    return value.replace(tzinfo=None)
                value = timezone.make_naive(value, timezone=UTC)
            return value

        return moment
    if isinstance(field, models.JSONField):
        encoder = (field.encoder or json.JSONEncoder)(sort_keys=True)  # json.dumps makes one per call

        def as_json(instance: models.Model) -> Any:
            try:
                return encoder.encode(getattr(instance, attname))
            except TypeError:
                return getattr(instance, attname)

        return as_json
    if field.many_to_one or field.one_to_one:
        return lambda instance: smart_str(getattr(instance, attname), strings_only=True)

    def plain(instance: models.Model) -> Any:
        value = getattr(instance, attname)
        return value if type(value) is str else _text(value)

    return plain
