"""Official document pages (to be written)."""
