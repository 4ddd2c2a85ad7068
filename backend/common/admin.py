"""The admin as one more caller of the services: its forms check, the services write."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest


class ServiceWrites(admin.ModelAdmin):
    """Save and delete through an app's services, as its API and pages do, so that whatever a
    service keeps in step (visits placed, coverage measured, scores queued, one default profile)
    follows the admin's changes too. Name the fields a service takes and the three calls."""

    service_fields: tuple[str, ...] = ()

    def create(self, request: HttpRequest, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def update(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def remove(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = {name: value for name, value in form.cleaned_data.items() if name in self.service_fields}
        if change:  # the stored row, not the form's copy: a service compares before and after
            self.update(request, type(obj)._default_manager.get(pk=obj.pk), data)
        else:
            obj.pk = self.create(request, data).pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.remove(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:  # the bulk action too, one by one through the service
            self.remove(request, obj)
