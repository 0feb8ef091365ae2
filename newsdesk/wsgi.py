"""WSGI entry point, e.g. `gunicorn newsdesk.wsgi`.

A server never starts on a missing SQLite file: connecting would silently create an
empty database and serve it. `manage.py migrate` creates the file; restore a backup
with `manage.py restore`.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
application = get_wsgi_application()


def _require_database():
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and not Path(database["NAME"]).exists():
        raise ImproperlyConfigured(
            f"The database {database['NAME']} does not exist. Create it with "
            "`manage.py migrate` or restore a backup with `manage.py restore`."
        )


_require_database()
