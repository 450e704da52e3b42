"""The browser fixtures of the web app's end-to-end tests."""

from govit.web.tests.e2e.conftest import browser, live_world, page, screenshot_dir

__all__ = ["browser", "live_world", "page", "screenshot_dir"]
