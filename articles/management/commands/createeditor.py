"""``manage.py createeditor``: make a newsroom editor's account.

An editor is a staff user (so that the admin lets them in) in the "Editors" group (so that the
admin and the API allow the same writes), and never a superuser: superusers manage accounts."""

from __future__ import annotations

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

EDITORS_GROUP = "Editors"
PASSWORD_ENVIRONMENT_VARIABLE = "EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an editor: a staff account in the Editors group, not a superuser.\n\n"
        "The password is read from the EDITOR_PASSWORD environment variable or asked for on "
        "the terminal; it is never taken as an argument, so that it stays out of the shell's "
        "history and the process list.\n\n"
        "Examples:\n"
        "  manage.py createeditor ana --email ana@example.org\n"
        "  EDITOR_PASSWORD=... manage.py createeditor ana --no-input"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The editor's login name.")
        parser.add_argument("--email", default="", help="The editor's email address.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Never prompt; the password must come from {PASSWORD_ENVIRONMENT_VARIABLE}.",
        )

    def handle(self, *args, username: str, email: str, interactive: bool, **options) -> None:
        User = get_user_model()
        if User._default_manager.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        group = Group.objects.filter(name=EDITORS_GROUP).first()
        if group is None:
            raise CommandError(
                f"The {EDITORS_GROUP!r} group does not exist: run `manage.py migrate` first."
            )

        user = User(username=username, email=email, is_staff=True, is_superuser=False)
        password = self._password(user, interactive=interactive)
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(group)
        self.stdout.write(f"Editor {username!r} created; they can log in at /admin/.")

    def _password(self, user, *, interactive: bool) -> str:
        password = os.environ.get(PASSWORD_ENVIRONMENT_VARIABLE)
        if password is None:
            if not (interactive and sys.stdin.isatty()):
                raise CommandError(
                    f"No password: set {PASSWORD_ENVIRONMENT_VARIABLE} or run the command "
                    "on a terminal to be asked for one."
                )
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password is too weak: " + " ".join(error.messages)) from error
        return password
