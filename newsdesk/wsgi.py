"""WSGI entry point, e.g. `gunicorn newsdesk.wsgi`.

A server never starts on a missing SQLite file: connecting would silently create an
empty database and serve it. `manage.py migrate` creates the file; restore a backup
with `manage.py restore`. Once started, the server opens the file read-write only
(SQLite's `mode=rw`), so a file removed or renamed while it runs is an error (503)
until it is back, never an empty database created in its place.
"""

import os
import urllib.parse
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
application = get_wsgi_application()


def _require_database():
    from django.db import connections

    database = connections["default"].settings_dict
    if not database["ENGINE"].endswith("sqlite3"):
        return
    path = Path(database["NAME"])
    if not path.exists():
        raise ImproperlyConfigured(
            f"The database {path} does not exist. Create it with "
            "`manage.py migrate` or restore a backup with `manage.py restore`."
        )
    # Django opens SQLite names as URIs; mode=rw opens the file or fails.
    database["NAME"] = f"file:{urllib.parse.quote(str(path.resolve()))}?mode=rw"


_require_database()
