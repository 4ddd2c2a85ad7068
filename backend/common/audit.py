"""The audit trail (django-auditlog): naming the actor, and logging rows inserted in bulk."""

from collections.abc import Sequence
from typing import Any

from auditlog.context import auditlog_value
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models


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
    """Write one "created" audit entry per row inserted by bulk_create (which sends no signals)."""
    if not instances:
        return
    content_type = ContentType.objects.get_for_model(instances[0])
    try:
        remote_addr = auditlog_value.get().get("remote_addr")
    except LookupError:
        remote_addr = None
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type=content_type,
            object_pk=str(instance.pk),
            object_id=instance.pk if isinstance(instance.pk, int) else None,
            object_repr=str(instance),
            action=LogEntry.Action.CREATE,
            changes=model_instance_diff(None, instance),
            actor=actor,
            actor_email=getattr(actor, "email", None),
            remote_addr=remote_addr,
        )
        for instance in instances
    )
