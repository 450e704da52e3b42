"""Uploaded documents."""

from .env import env_int

# Largest accepted upload, in MiB (construction plans with drawings can be large).
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 50, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
