"""Loaded with ``-p govit.testing.env`` before pytest-django starts Django: test environment."""

import os

os.environ.setdefault("GOVIT_TESTING", "true")
os.environ.setdefault("AUDIT_HMAC_KEY", "test-audit-key")
