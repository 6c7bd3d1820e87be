"""Settings for the test suite: fast hashing and a throwaway media folder."""

import os
import tempfile

from config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsapi-test-media-")

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # One test database per run, so that runs side by side (CI, a developer) do not collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
