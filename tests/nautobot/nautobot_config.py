"""Minimal Nautobot settings for Aurum's Golden Config comparison harness.

Everything that differs between runs comes from environment variables set by
setup.sh / run.sh, so one file serves the template migration and every run:

  NAUTOBOT_DB_NAME        database of this run (a copy of the migrated template)
  AURUM_NB_REDIS_DB       Redis database for the cache (default 7); the Celery
                          broker uses the next number (default 8)
  AURUM_NB_GIT_ROOT       where Nautobot clones GitRepository objects
  NAUTOBOT_ROOT           media/static/jobs root (a cache dir, outside the checkout)

It only ever talks to 127.0.0.1 (PostgreSQL 5432, Redis 6379).
"""

import os

from nautobot.core.settings import *  # noqa: F401,F403  pylint: disable=wildcard-import,unused-wildcard-import
from nautobot.core.settings_funcs import is_truthy

_REDIS_DB = int(os.getenv("AURUM_NB_REDIS_DB", "7"))
_REDIS_URL = "redis://127.0.0.1:6379/{}"

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
DEBUG = is_truthy(os.getenv("AURUM_NB_DEBUG", "false"))
# Fixed, test-only key: this instance only ever listens on loopback.
SECRET_KEY = os.getenv("NAUTOBOT_SECRET_KEY", "aurum-test-only-secret-key-loopback-nautobot-0123456789abcdef")

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.getenv("NAUTOBOT_DB_NAME", "aurum_nautobot"),
        "USER": os.getenv("NAUTOBOT_DB_USER", "postgres"),
        "PASSWORD": os.getenv("NAUTOBOT_DB_PASSWORD", ""),
        "HOST": "127.0.0.1",
        "PORT": "5432",
        # Short-lived connections: CREATE DATABASE ... TEMPLATE needs the
        # template to have no open sessions.
        "CONN_MAX_AGE": 0,
    }
}

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": _REDIS_URL.format(_REDIS_DB),
        "TIMEOUT": 300,
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        # Keys of different runs (different databases) must not collide.
        "KEY_PREFIX": os.getenv("NAUTOBOT_DB_NAME", "aurum_nautobot"),
    }
}
CELERY_BROKER_URL = _REDIS_URL.format(_REDIS_DB + 1)
# Jobs are run with `runjob --local`; nothing is expected on the broker.

GIT_ROOT = os.getenv("AURUM_NB_GIT_ROOT", os.path.join(NAUTOBOT_ROOT, "git"))  # noqa: F405

METRICS_ENABLED = False
INSTALLATION_METRICS_ENABLED = False
CHANGELOG_RETENTION = 0
RELEASE_CHECK_URL = None
LOG_LEVEL = os.getenv("AURUM_NB_LOG_LEVEL", "WARNING")

PLUGINS = ["nautobot_plugin_nornir", "nautobot_golden_config"]
PLUGINS_CONFIG = {
    "nautobot_plugin_nornir": {
        "nornir_settings": {
            "credentials": "nautobot_plugin_nornir.plugins.credentials.env_vars.CredentialsEnvVars",
            "runner": {"plugin": "threaded", "options": {"num_workers": int(os.getenv("AURUM_NB_NORNIR_WORKERS", "4"))}},
        },
    },
    "nautobot_golden_config": {
        "enable_backup": True,
        "enable_compliance": True,
        "enable_intended": True,
        "enable_sotagg": True,
        "enable_plan": True,
        "enable_deploy": False,
        "enable_postprocessing": False,
    },
}
