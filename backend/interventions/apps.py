from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "backend.interventions"
    verbose_name = "Interventions"
