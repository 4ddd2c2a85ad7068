"""python manage.py load_demo — the synthetic Qazvin data set and one user per role."""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from backend.demo.services import DEMO_USERS, demo_load


class Command(BaseCommand):
    help = "Load the synthetic demo data set (never under production settings)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = demo_load()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Demo data (synthetic, labelled 'نمونه'): added {report.neighborhoods} neighbourhoods, "
            f"{report.partners} partners, {report.liaisons} liaisons, {report.visits} visits, "
            f"{report.reviews} reviews, {report.assignments} assignments, "
            f"{report.interventions} interventions, {report.basemaps} base map, {report.users} users."
        )
        self.stdout.write("Demo accounts (role: username / password):")
        for role, (username, password) in DEMO_USERS.items():
            self.stdout.write(f"  {role:<12} {username} / {password}")
