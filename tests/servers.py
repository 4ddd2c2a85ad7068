"""gunicorn serving the current database on loopback, for the fault test and `make load`."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with plain settings (DEBUG off; or those named) on the database Django is using now.

    It runs in its own process group, so that one signal reaches the master and
    its workers: ``kill`` is a power cut, ``stop`` a graceful shutdown.
    """

    def __init__(self, workers: int = 1, settings: str = "backend.settings.base") -> None:
        self.port = free_port()
        self.workers = workers
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        self.env = {
            **os.environ,
            "DATABASE_URL": f"{base}/{connection.settings_dict['NAME']}",
            "DJANGO_SETTINGS_MODULE": settings,
            "MAHALLEH_TEST_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),  # files the tests' jobs wrote
        }
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start gunicorn and return once /healthz answers."""
        command = [sys.executable, "-m", "gunicorn", "backend.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
        command += ["--timeout", "60", "--log-level", "critical"]
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT, start_new_session=True)  # noqa: S603
        for _ in range(150):
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        """SIGKILL the whole server mid-work: no graceful shutdown, like a power cut."""
        self._signal(signal.SIGKILL)

    def stop(self) -> None:
        self._signal(signal.SIGTERM)

    def _signal(self, number: int) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(self.process.pid, number)
        self.process.wait(timeout=30)
