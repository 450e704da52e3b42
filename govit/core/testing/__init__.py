"""Shared test helpers: personas, the small world they live in, and access cases."""
