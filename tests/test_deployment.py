"""Deployment files and settings, checked without a Docker engine."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def documented_variables() -> set[str]:
    names = set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=", line)
        if match:
            names.add(match.group(1))
    return names


def test_compose_file_parses_and_runs_postgis_web_and_a_worker():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "web", "worker"}
    assert services["db"]["image"].startswith("postgis/postgis:")
    assert services["web"]["build"] == services["worker"]["build"] == "."
    assert services["worker"]["command"] == ["python", "manage.py", "procrastinate", "worker"]
    # The worker reads the same database and writes export files where the web app serves them.
    assert services["worker"]["environment"]["DATABASE_URL"] == services["web"]["environment"]["DATABASE_URL"]
    assert services["worker"]["volumes"] == services["web"]["volumes"]


def test_every_compose_variable_is_documented():
    used = set(re.findall(r"\$\{([A-Z0-9_]+)(?::?-[^}]*)?\}", (ROOT / "docker-compose.yml").read_text()))
    assert used, "the compose file should take its settings from the environment"
    assert used - documented_variables() == set()


def test_every_variable_the_settings_read_is_documented():
    read = set()
    for path in (ROOT / "backend" / "settings").glob("*.py"):
        read |= set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', path.read_text()))
    assert "SECRET_KEY" in read
    assert read - documented_variables() == set()


def test_dockerfile_runs_migrations_and_gunicorn():
    text = (ROOT / "Dockerfile").read_text()
    assert "manage.py migrate" in text and "gunicorn backend.wsgi" in text
    assert "collectstatic" in text


def run_production(**env: str) -> subprocess.CompletedProcess:
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    base.update(DJANGO_SETTINGS_MODULE="backend.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "x.org"}, "SECRET_KEY is required"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "x.org"}, "at least 50 characters"),
        ({"SECRET_KEY": "k" * 60}, "ALLOWED_HOSTS is required"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(env, message):
    result = run_production(**env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_S3_BUCKET is required"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE is 'local' or 's3'"),
    ],
)
def test_file_storage_is_checked_at_start(env, message):
    result = run_production(SECRET_KEY="p" * 30 + "Q9x!" * 10, ALLOWED_HOSTS="mahalleh.example.org", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_s3_storage_is_configured_from_the_environment():
    code = "from django.conf import settings; print(settings.STORAGES['default'])"
    env = {
        **os.environ,
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": "photos",
        "MEDIA_S3_ENDPOINT_URL": "http://minio:9000",
    }
    result = subprocess.run(  # noqa: S603 (our own interpreter, our own code)
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "backend.settings.test"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "storages.backends.s3.S3Storage" in result.stdout, result.stderr
    assert "'bucket_name': 'photos'" in result.stdout and "'default_acl': None" in result.stdout


def test_production_passes_the_deploy_check():
    result = run_production(SECRET_KEY="p" * 30 + "Q9x!" * 10, ALLOWED_HOSTS="mahalleh.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
