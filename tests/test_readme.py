"""The README's commands run as written: those that change nothing are run here, in a shell, the
way a newcomer would type them after `make run` (no DATABASE_URL: the project-local cluster is
found by the settings)."""

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Commands that only read (showmigrations reaches the database), safe to run beside the tests.
SAFE = (".venv/bin/python manage.py showmigrations",)


def readme_commands() -> list[str]:
    """Every command line of the README's ```sh blocks (comments and continuations dropped)."""
    blocks = re.findall(r"^```sh\n(.*?)^```", (ROOT / "README.md").read_text(), flags=re.M | re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


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
