"""What the role journeys and the usability tests share: signing in, the menu, screenshots,
the checks of labels and horizontal scrolling, and the collection of console errors.

Not a test module (pytest collects ``test_*.py`` only); the fixtures stay in ``conftest.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page, ViewportSize, expect

from govit.testing.world import PASSWORD

PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1366, "height": 768}


# --- signing in and moving around ----------------------------------------------------------
def sign_in(page: Page, base_url: str, username: str) -> None:
    """Through the login form, as a person would."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("current-user")).to_contain_text(username)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def menu(page: Page, entry: str) -> None:
    """An entry of the header menu (主导航)."""
    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name=entry, exact=True
    ).click()


def visit(page: Page, base_url: str, url_name: str, *args: object) -> None:
    page.goto(base_url + reverse(url_name, args=args))


def open_project(page: Page, name: str) -> None:
    """From anywhere: the 项目 menu, a search by name, then the project."""
    menu(page, "项目")
    page.get_by_label("搜索", exact=True).fill(name)
    page.get_by_role("button", name="筛选", exact=True).click()
    page.get_by_test_id("projects").get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


def expect_state(page: Page, label: str) -> None:
    expect(page.get_by_test_id("project-state")).to_have_text(label)


def expect_success(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.locator(".alert-success")).to_contain_text(text)


def shot(page: Page, folder: Path, name: str) -> Path:
    """A full-page screenshot ``<name>.png`` under ``var/screenshots``."""
    path = folder / f"{name}.png"
    if page.locator(".govit-chart canvas").count():
        # ECharts grows its bars for a second (animationDuration 1000 ms): shoot them grown.
        page.wait_for_timeout(1200)
    page.screenshot(path=path, full_page=True)
    return path


# --- checks evaluated in the page ----------------------------------------------------------
# Every visible form control of the main content without an accessible name: a <label for>,
# a wrapping <label> (both in ``el.labels``), aria-label or aria-labelledby.
UNNAMED_FIELDS = """
() => Array.from(document.querySelectorAll("main input, main select, main textarea"))
  .filter((el) => !["hidden", "submit", "button", "reset", "image"].includes(el.type))
  .filter((el) => el.getClientRects().length > 0)
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
                  && !el.getAttribute("aria-labelledby"))
  .map((el) => el.name || el.id || el.outerHTML.slice(0, 80))
"""

# What sticks out to the right when the page scrolls sideways (to say which element to fix).
HORIZONTAL_OVERFLOW = """
() => {
  const width = window.innerWidth;
  const page = document.documentElement.scrollWidth;
  const culprits = [];
  if (page > width + 1) {
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      // Inside a scrolling box only what is positioned outside of it (absolute) can stick out.
      const scroller = el.parentElement && el.parentElement.closest(".table-responsive, .govit-flow-scroll");
      const escapes = ["absolute", "fixed"].includes(getComputedStyle(el).position);
      if (box.right > width + 1 && box.width > 0 && (!scroller || escapes)) {
        const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
          + (el.className && typeof el.className === "string"
             ? "." + el.className.trim().split(/\\s+/).join(".") : "");
        culprits.push(name + " right=" + Math.round(box.right));
        if (culprits.length >= 8) break;
      }
    }
  }
  return {page, width, culprits};
}
"""


def unnamed_fields(page: Page) -> list[str]:
    return list(page.evaluate(UNNAMED_FIELDS))


def horizontal_overflow(page: Page) -> dict[str, Any]:
    """``{"page": scrollWidth, "width": innerWidth, "culprits": [...]}``."""
    return dict(page.evaluate(HORIZONTAL_OVERFLOW))


# --- console errors and CSP violations -----------------------------------------------------
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@dataclass
class Problems:
    """Console errors, uncaught exceptions and CSP violations seen while it was listening."""

    page: Page
    errors: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return list(self.page.evaluate("() => window.__cspViolations || []"))

    def all(self) -> list[str]:
        return [*self.errors, *self.csp_violations()]


@contextmanager
def watching(page: Page) -> Iterator[Problems]:
    """Collect the page's console errors, JavaScript exceptions and CSP violations.

    The CSP listener is an init script (Playwright injects it outside the page's CSP), so it
    runs before any of the page's own scripts on every navigation.
    """
    problems = Problems(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.errors.append(f"console: {message.text} ({page.url})")

    def on_error(error: Exception) -> None:
        problems.errors.append(f"pageerror: {error} ({page.url})")

    page.add_init_script(CSP_LISTENER)
    page.on("console", on_console)
    page.on("pageerror", on_error)
    try:
        yield problems
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_error)


# Table cells squeezed so narrow that their text stands one character per line (a phone's
# table without a minimum width): the cell is narrower than two characters of its font.
SQUEEZED_CELLS = """
() => Array.from(document.querySelectorAll("main td, main th"))
  .filter((cell) => cell.getClientRects().length > 0)
  .filter((cell) => {
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return cell.innerText.trim().length >= 3 && inner < 2 * parseFloat(style.fontSize);
  })
  .map((cell) => {
    const table = cell.closest("table");
    const name = table && (table.dataset.testid || table.className);
    return name + ": " + cell.innerText.trim().slice(0, 12);
  })
"""


def squeezed_cells(page: Page) -> list[str]:
    return list(page.evaluate(SQUEEZED_CELLS))
