"""The README's commands run as written: those that change nothing are run here, in a shell, the
way a newcomer would type them after `make run` (no DATABASE_URL: the project-local cluster is
found by the settings)."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Commands that only read (showmigrations reaches the database), safe to run beside the tests.
SAFE = (".venv/bin/python manage.py showmigrations",)


def readme_commands() -> list[str]:
    """Every command of the README's ```sh blocks, a line ending in \\ joined to the next (comment
    lines and trailing comments dropped)."""
    blocks = re.findall(r"^```sh\n(.*?)^```", (ROOT / "README.md").read_text(), flags=re.M | re.S)
    joined = [block.replace("\\\n", " ") for block in blocks]
    lines = [line.split("  #")[0].strip() for block in joined for line in block.splitlines()]
    return [re.sub(r"\s+", " ", line) for line in lines if line and not line.startswith("#")]


def test_the_readme_shows_commands_that_need_no_database_url():
    commands = readme_commands()
    assert any(command.startswith(SAFE) for command in commands)
    assert not any("DATABASE_URL" in command for command in commands)


@pytest.mark.skipif(not (ROOT / ".venv/bin/python").exists(), reason="needs the project's .venv")
def test_the_safe_readme_commands_run_as_written():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    ran = 0
    for command in readme_commands():
        if command.startswith(SAFE):
            done = subprocess.run(command, shell=True, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S602
            assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
            ran += 1
    assert ran == len(SAFE)


def database_url(settings_dict: dict) -> str:
    """The test database as a URL, for a command run in its own process."""
    from urllib.parse import quote

    host = quote(settings_dict["HOST"] or "", safe="")
    return (
        f"postgres://{quote(settings_dict['USER'])}:{quote(settings_dict['PASSWORD'] or '')}@{host}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


@pytest.mark.skipif(not (ROOT / ".venv/bin/python").exists(), reason="needs the project's .venv")
def test_the_readme_makes_a_field_team_as_written(transactional_db):
    """The "create accounts" lines, run as typed (pointed at the test database, not the local one):
    the first asks for the password, the second takes it on the command line."""
    from django.db import connection

    from backend.accounts.models import Role, User

    made = [c for c in readme_commands() if c.startswith(".venv/bin/python manage.py create_user")]
    assert len(made) == 2
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = database_url(connection.settings_dict)
    for command in made:
        typed = command.replace("'…'", "'a-long-Pass-1405'")
        done = subprocess.run(  # noqa: S602 (the README's own line)
            typed,
            shell=True,
            cwd=ROOT,
            env=env,
            input="a-long-Pass-1405\na-long-Pass-1405\n",
            capture_output=True,
            text=True,
            start_new_session=True,  # no terminal: getpass reads stdin
        )
        assert done.returncode == 0, f"{typed}\n{done.stdout}\n{done.stderr}"
    assert {(u.username, u.role) for u in User.objects.all()} >= {
        ("maryam", Role.VISITOR),
        ("ali", Role.COORDINATOR),
    }
    # Its hash is the local settings' (not the tests' fast one): set, and not the text itself.
    ali = User.objects.get(username="ali")
    assert ali.has_usable_password() and "a-long-Pass-1405" not in ali.password


@pytest.mark.slow  # the demo loaded and served (gunicorn)
def test_the_readme_api_example_runs_as_written(demo_server):
    """The curl lines: a token for the demo planner, then the neighbourhoods with it."""
    lines = [c for c in readme_commands() if c.startswith("curl -s") and "localhost:8000/api/v1/" in c]
    get_token, list_neighbourhoods = lines
    host = demo_server.url.removeprefix("http://")
    token_line = get_token.replace("localhost:8000", host)
    done = subprocess.run(token_line, shell=True, capture_output=True, text=True, check=True)  # noqa: S602
    token = json.loads(done.stdout)["token"]
    listed = list_neighbourhoods.replace("localhost:8000", host).replace("Token …", f"Token {token}")
    done = subprocess.run(listed, shell=True, capture_output=True, text=True, check=True)  # noqa: S602
    answer = json.loads(done.stdout)
    assert answer["type"] == "FeatureCollection" and answer["count"] > 0 and answer["features"]
