"""Mixed load over HTTP: readers and editors at once, and proof that no write is lost.

`benchmark_pages --http URL --mixed` runs it against a server that uses the same
database as the command. Each client, in a loop, either reads (story pages, the home
page, topic pages, the API's list and detail) or, with probability `write_share`,
writes as an editor would: it changes a story's dek through the API with the ETag it
holds in `If-Match`, and on 412 (someone saved the story since) reads the story
again and retries. The stories edited are a few shared by every editor, so edits do
collide. Every client is an editor with its own account and token (made here,
tokens deleted afterwards).

Afterwards each acknowledged write (answered 200, with the story's new version as
ETag) is looked up in the stories' history (`writes_found`). A write is lost when
its version and dek are not there, when two writes were acknowledged for the same
version (one overwrote the other), or when it is its story's newest and the story
does not show it.
"""

import datetime
import http.client
import json
import math
import random
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from knox.models import AuthToken

from articles.api.etags import etag_version, version_etag
from articles.models import Article, Topic

KINDS = ("page", "API read", "editor write", "editor re-read")
MAX_ATTEMPTS = 10  # tries of one edit before the client gives up (all 412)


def percentile(values, share):
    """Nearest-rank percentile (`share` 0.99 for p99) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Tally:
    """What the clients saw for one kind of request."""

    milliseconds: list = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    unanswered: int = 0

    @property
    def requests(self):
        return len(self.milliseconds) + self.unanswered

    @property
    def server_errors(self):
        return sum(n for status, n in self.statuses.items() if status >= 500)


@dataclass
class LoadResult:
    seconds: float
    tallies: dict
    acknowledged: list  # (slug, version, dek) of every write answered 200
    conflicts: int = 0  # 412s, each followed by a re-read and a retry
    abandoned: int = 0  # edits still refused after MAX_ATTEMPTS
    found: int = 0

    @property
    def lost(self):
        return len(self.acknowledged) - self.found

    @property
    def server_errors(self):
        return sum(tally.server_errors for tally in self.tallies.values())

    @property
    def total(self):
        """Every request, whatever its kind."""
        total = Tally()
        for tally in self.tallies.values():
            total.milliseconds += tally.milliseconds
            total.statuses += tally.statuses
            total.unanswered += tally.unanswered
        return total


def mixed_load(base, *, clients, seconds, write_share, seed=1):
    """Run the load against `base` (e.g. http://127.0.0.1:8000) and check the writes."""
    stories = list(
        Article.objects.published()
        .order_by("-published_at", "-pk")
        .values_list("slug", flat=True)[:200]
    )
    if not stories:
        raise ValueError("No published stories to read and edit.")
    reads = {
        "story": [
            article.get_absolute_url()
            for article in Article.objects.filter(slug__in=stories).only("slug")
        ],
        "topic": [topic.get_absolute_url() for topic in Topic.objects.order_by("pk")],
        "detail": [f"/api/v1/articles/{slug}/" for slug in stories],
    }
    edited = stories[: 2 * clients]
    versions = dict(
        Article.objects.filter(slug__in=edited).values_list("slug", "version")
    )
    tokens, instances = _editors_create(clients)
    run = f"Mixed load {uuid.uuid4().hex[:8]}"
    result = LoadResult(
        seconds=0, tallies={kind: Tally() for kind in KINDS}, acknowledged=[]
    )
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_client,
            kwargs={
                "base": base,
                "token": tokens[index],
                "reads": reads,
                "edited": edited,
                "etags": {s: version_etag(v) for s, v in versions.items()},
                "write_share": write_share,
                "deadline": deadline,
                "lock": lock,
                "result": result,
                "rng": random.Random(seed + index),  # noqa: S311
                "label": f"{run} c{index}",
            },
        )
        for index in range(clients)
    ]
    started = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        AuthToken.objects.filter(pk__in=[i.pk for i in instances]).delete()
    result.seconds = time.monotonic() - started
    result.found = writes_found(result.acknowledged, run)
    return result


def _editors_create(count):
    """One editor account and API token per client."""
    editors = Group.objects.get(name="Editor")
    tokens, instances = [], []
    for index in range(count):
        user, _created = get_user_model().objects.get_or_create(
            username=f"benchmark-editor-{index}", defaults={"is_staff": True}
        )
        user.groups.add(editors)
        instance, token = AuthToken.objects.create(
            user, expiry=datetime.timedelta(hours=2)
        )
        tokens.append(token)
        instances.append(instance)
    return tokens, instances


def _client(
    *,
    base,
    token,
    reads,
    edited,
    etags,
    write_share,
    deadline,
    lock,
    result,
    rng,
    label,
):
    """One client's loop until the deadline; `etags` are the versions it last saw."""
    parsed = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    desk = {"Authorization": f"Token {token}"}
    edits = 0

    def send(kind, method, path, body=None, headers=None):
        started = time.perf_counter()
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={"Host": "localhost", **(headers or {})},
            )
            response = connection.getresponse()
            response.read()
        except OSError:
            connection.close()
            with lock:
                result.tallies[kind].unanswered += 1
            return None
        with lock:
            tally = result.tallies[kind]
            tally.milliseconds.append((time.perf_counter() - started) * 1000)
            tally.statuses[response.status] += 1
        return response

    while time.monotonic() < deadline:
        if rng.random() >= write_share:
            send(*_read(reads, rng))
            continue
        slug = rng.choice(edited)
        edits += 1
        dek = f"{label} w{edits}"
        for _attempt in range(MAX_ATTEMPTS):
            response = send(
                "editor write",
                "PATCH",
                f"/api/v1/articles/{slug}/",
                body=json.dumps({"dek": dek}),
                headers={
                    **desk,
                    "Content-Type": "application/json",
                    "If-Match": etags[slug],
                },
            )
            if response is None or response.status != 412:
                break
            with lock:
                result.conflicts += 1
            path = f"/api/v1/articles/{slug}/"
            again = send("editor re-read", "GET", path, headers=desk)
            if again is not None and again.status == 200:
                etags[slug] = again.headers["ETag"]
        else:
            with lock:
                result.abandoned += 1
            continue
        if response is not None and response.status == 200:
            etags[slug] = response.headers["ETag"]
            with lock:
                result.acknowledged.append((slug, etag_version(etags[slug]), dek))
    connection.close()


def _read(reads, rng):
    """A reader's request: 40% story pages, 15% each home, topic pages, the API's
    list and its story detail."""
    draw = rng.random()
    if draw < 0.4:
        return "page", "GET", rng.choice(reads["story"])
    if draw < 0.55 or not reads["topic"]:
        return "page", "GET", "/"
    if draw < 0.7:
        return "page", "GET", rng.choice(reads["topic"])
    if draw < 0.85:
        return "API read", "GET", "/api/v1/articles/"
    return "API read", "GET", rng.choice(reads["detail"])


def writes_found(acknowledged, run):
    """How many acknowledged writes the database holds.

    A write is held when the story's history has its version with its dek, no other
    write was acknowledged for that version, and, if it is the story's newest, the
    story still shows it.
    """
    stored = set(
        Article.history.filter(dek__startswith=run).values_list(
            "slug", "version", "dek"
        )
    )
    claims = Counter((slug, version) for slug, version, _dek in acknowledged)
    # Sorted by story and version, the last write kept per story is its newest.
    newest = {write[0]: write for write in sorted(acknowledged)}
    current = dict(Article.objects.filter(slug__in=newest).values_list("slug", "dek"))
    return sum(
        1
        for slug, version, dek in acknowledged
        if (slug, version, dek) in stored
        and claims[slug, version] == 1
        and (newest[slug] != (slug, version, dek) or current[slug] == dek)
    )
