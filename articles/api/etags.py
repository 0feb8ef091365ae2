"""A story's ETag, `"<version>-<digest>"`, and the version-only `"<version>"`.

The digest covers the whole representation a client gets (`ArticleViewSet`); the
version alone is what a client that kept only `version` sends in `If-Match`. Here,
not in the views, so what reads the tags back (the load check of acknowledged
writes, `articles/devtools/load.py`) need not import a view module.
"""

import re

ETAG = re.compile(r'^"(\d+)(?:-[0-9a-f]+)?"$')


def story_etag(version: int, digest: str) -> str:
    """A story's ETag, `"<version>-<digest>"`; `etag_version` reads it back."""
    return f'"{version}-{digest}"'


def version_etag(version: int) -> str:
    """The tag `"<version>"` alone, which `If-Match` accepts for that version."""
    return f'"{version}"'


def etag_version(etag: str) -> int | None:
    """The story version an ETag names (`"<version>-<digest>"` or `"<version>"`, weak
    or strong); None for a tag of another form."""
    found = ETAG.match(etag.removeprefix("W/"))
    return int(found[1]) if found else None
