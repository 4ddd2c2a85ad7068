"""Headless Debian Chromium, driven by Playwright, that may not leave this machine."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@dataclass
class PageLog:
    """What a page asked for and complained about."""

    external_requests: list[str] = field(default_factory=list)
    local_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


@contextmanager
def browser_page(width: int = 1280, height: int = 800) -> Iterator[tuple[Page, PageLog]]:
    """Yield a page whose requests off this machine are recorded and refused."""
    log = PageLog()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": width, "height": height}, locale="fa-IR")

        def guard(route, request):
            host = urlparse(request.url).hostname
            if request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
                log.local_requests.append(request.url)
                route.continue_()
            else:
                log.external_requests.append(request.url)
                route.abort()

        page.route("**/*", guard)
        page.on("console", lambda m: m.type == "error" and log.console_errors.append(m.text))
        page.on("pageerror", lambda e: log.console_errors.append(str(e)))
        page.on("requestfailed", lambda r: log.failed_requests.append(r.url))
        try:
            yield page, log
        finally:
            browser.close()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
