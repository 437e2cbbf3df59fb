"""Gunicorn's settings for `make run` and `make web` (`gunicorn -c python:iep_portal.gunicorn_conf`).

The app's log format and time zone for gunicorn's own lines, and no control socket. Address,
workers and the access log stay on the command line.
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iep_portal.settings")

from django.conf import settings  # noqa: E402

# Reading the settings here also sets this process's time zone to TIME_ZONE (Django does), so
# the master's lines carry the same offset as its workers', which load the settings anyway.
logconfig_dict: dict[str, Any] = {
    **settings.LOGGING,
    "loggers": {
        **settings.LOGGING["loggers"],
        # Through the root handler, in the one format.
        "gunicorn.error": {"level": "INFO", "propagate": True},
        "gunicorn.access": {"level": "INFO", "propagate": True},
    },
}
# The default, less its time (%(t)s): each line already starts with one.
access_log_format = '%(h)s %(l)s %(u)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'
# Nothing here drives gunicorn through gunicornc; by default it would put a socket in ~/.gunicorn.
control_socket_disable = True
