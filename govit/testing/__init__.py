"""Test support that knows the domain: the small world of named personas."""
