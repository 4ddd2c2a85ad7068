from django.apps import AppConfig


class FieldappConfig(AppConfig):
    name = "fieldapp"
