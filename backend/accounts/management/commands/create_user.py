"""python manage.py create_user NAME --role ROLE [--password P]"""

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.accounts.models import Role, User
from backend.accounts.services import user_create


class Command(BaseCommand):
    help = "Create an account for a field visitor, planner, coordinator or admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password", help="For scripts; asked for when left out.")

    def handle(self, *args: Any, username: str, role: str, password: str | None, **kw: Any) -> None:
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        if password is None:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        try:
            user = user_create(username=username, role=role, password=password)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} with role {user.role}."))
