"""Production settings: every unsafe value is refused at start, naming the setting."""

from config.settings.base import *  # noqa: F403
from config.settings.env import ImproperlyConfiguredSetting, env_bool, env_str

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfiguredSetting("DEBUG must be off in production (unset DEBUG)")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY or SECRET_KEY.startswith("insecure-") or len(SECRET_KEY) < 50:
    raise ImproperlyConfiguredSetting(
        "SECRET_KEY must be set to a random value of at least 50 characters in production"
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
