"""Headless Debian Chromium, driven by Playwright, that may not leave this machine."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.db import connections
from playwright.sync_api import Page, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"  # scripts/vendor-js.sh


@dataclass
class PageLog:
    """What a page asked for and complained about."""

    external_requests: list[str] = field(default_factory=list)
    local_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


@contextmanager
def browser_page(
    width: int = 1280, height: int = 800, **context_options: Any
) -> Iterator[tuple[Page, PageLog]]:
    """Yield a page whose requests off this machine are recorded and refused.

    The guard is on the browser context, so it also sees what a service worker
    fetches (Playwright's service worker network events, Chromium only).
    """
    log = PageLog()
    os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"
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
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="fa-IR", **context_options
        )
        page = context.new_page()

        def guard(route: Any, request: Any) -> None:
            host = urlparse(request.url).hostname
            if request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
                log.local_requests.append(request.url)
                route.continue_()
            else:
                log.external_requests.append(request.url)
                route.abort()

        context.route("**/*", guard)

        def console(message: Any) -> None:
            if message.type == "error":
                log.console_errors.append(message.text)

        page.on("console", console)
        page.on("pageerror", lambda e: log.console_errors.append(f"{e}\n{e.stack}"))
        page.on("requestfailed", lambda r: log.failed_requests.append(r.url))
        try:
            yield page, log
        except Exception:
            screenshot(page, "failure")  # what the page showed when the test failed
            print("console:", *log.console_errors, sep="\n  ")
            raise
        finally:
            # Database queries made inside this block ran on their own connection
            # (Playwright's greenlet has its own context); close it with the browser.
            connections.close_all()
            browser.close()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_signed_in(page: Page, base_url: str, path: str, username: str, password: str) -> None:
    """Open a page that asks to sign in first, sign in there, and wait for the page itself."""
    page.goto(f"{base_url}{path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_url(f"**{path.split('?')[0]}**")


def accessibility_problems(page: Page) -> list[str]:
    """Run axe-core on the page as it stands; return its critical and serious findings, each with
    the rule, what it asks for and the first elements that break it (an empty list is a pass).

    The script is evaluated by the browser's own tooling, so the page's Content-Security-Policy
    (which rightly refuses any script we did not serve) does not stand in its way.
    """
    source = AXE.read_text(encoding="utf-8") + "\n;true"
    for frame in page.frames:  # the maps are documents of their own: axe looks inside each one
        if not frame.evaluate("typeof window.axe !== 'undefined'"):
            frame.evaluate(source)
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
                .filter(v => v.impact === "critical" || v.impact === "serious")
                .map(v => {
                    const where = v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ");
                    return `${v.impact} ${v.id}: ${v.help} — ${where}`;
                });
        }"""
    )
    return list(found)
