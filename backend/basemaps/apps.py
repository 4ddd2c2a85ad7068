from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BasemapsConfig(AppConfig):
    name = "backend.basemaps"
    verbose_name = _("Base maps")
    default_auto_field = "django.db.models.BigAutoField"
