"""The site under real faults and under load: gunicorn serving a SQLite file that
another process locks, that turns read-only, that disappears, that readers and
editors use at once.

Each fault answers 503 with Retry-After (JSON on the API, a plain page on the site),
never a trace; what the database still allows goes on; and once the fault is gone the
same request succeeds without restarting the server. The server runs with the
production settings (`tests.settings`: debug off, only the password hasher and static
files differ) on its own SQLite file, whatever database the rest of the suite uses:
these faults are SQLite's, so they run on both of CI's passes. `-m server` selects them.
"""

import ctypes
import http.client
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.server

EDITOR = ("editor", "editor-demo-2024")  # a demo account (articles/devtools/demo.py)
# Seconds a writer waits for the lock: short, so a lock shows quickly, yet long
# enough that editors under the load test never wait that long on a slow machine.
SQLITE_TIMEOUT = 5
STARTUP_SECONDS = 120  # a shared, slow machine: wait long, poll often

# linux/prctl.h and linux/capability.h
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE = 1
CAP_DAC_READ_SEARCH = 2
CAP_SETPCAP = 8


def _drop_root_file_override():
    """Root writes any file whatever its mode (CI runs as root); drop that power from
    the server, so a read-only file is read-only to it, as to a server run by its
    own user. Root keeps every other right, e.g. to read the project it owns."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _may_drop_capabilities():
    status = Path("/proc/self/status").read_text()
    effective = int(re.search(r"^CapEff:\s*([0-9a-f]+)$", status, re.M).group(1), 16)
    return bool(effective & (1 << CAP_SETPCAP))


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def text(self):
        return self.body.decode()


@dataclass
class Server:
    """A running gunicorn, its database file and an editor's API token."""

    port: int
    database: Path
    log: Path
    environment: dict
    token: str = ""

    def request(self, method, path, *, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={"Host": "localhost", **(headers or {})},
            )
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def api(self, method, path, payload=None, **headers):
        return self.request(
            method,
            path,
            body=None if payload is None else json.dumps(payload),
            headers={
                "Authorization": f"Token {self.token}",
                "Content-Type": "application/json",
                **headers,
            },
        )

    def edit_dek(self, slug, dek, etag):
        return self.api(
            "PATCH", f"/api/v1/articles/{slug}/", {"dek": dek}, **{"If-Match": etag}
        )

    def etag(self, slug):
        answer = self.api("GET", f"/api/v1/articles/{slug}/")
        assert answer.status == 200, answer.text
        return answer.headers["ETag"]

    def stored_dek(self, slug):
        """The dek as the file holds it, read beside the server."""
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as reader:
            row = reader.execute(
                "SELECT dek FROM articles_article WHERE slug = ?", (slug,)
            ).fetchone()
        reader.close()
        return row[0]

    def files(self):
        """The database and the companions SQLite keeps beside it in WAL mode."""
        return [Path(f"{self.database}{suffix}") for suffix in ("", "-wal", "-shm")]

    def log_tail(self):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-40:])


def _manage(environment, *arguments):
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR, env=environment, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn with two workers on a migrated demo database, ready to answer."""
    root = os.geteuid() == 0
    if root and not _may_drop_capabilities():
        pytest.fail(
            "Running as root without CAP_SETPCAP: the server cannot be made to "
            "respect file modes, so a read-only database cannot be simulated."
        )
    directory = tmp_path_factory.mktemp("faults")
    database = directory / "db.sqlite3"
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_DEBUG", "REDIS_URL", "WEB_CONCURRENCY"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SECRET_KEY="test-only-key-not-a-secret",
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SQLITE_TIMEOUT=str(SQLITE_TIMEOUT),
    )
    _manage(environment, "migrate", "--no-input")
    # The demo accounts have published passwords: made with DEBUG on, as `make run`
    # does; the server itself runs with DEBUG off.
    _manage({**environment, "DJANGO_DEBUG": "1"}, "load_demo", "--with-accounts")

    listener = socket.create_server(("127.0.0.1", 0))
    listener.set_inheritable(True)
    port = listener.getsockname()[1]
    log = directory / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "newsdesk.wsgi",
                "--bind", f"fd://{listener.fileno()}", "--workers", "2",
                "--timeout", "120", "--access-logfile", "-",
            ],
            cwd=settings.BASE_DIR, env=environment, stdout=output,
            stderr=subprocess.STDOUT, pass_fds=[listener.fileno()],
            preexec_fn=_drop_root_file_override if root else None,
            start_new_session=True,
        )  # fmt: skip
    listener.close()
    running = Server(port=port, database=database, log=log, environment=environment)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert process.poll() is None, f"gunicorn exited:\n{running.log_tail()}"
            try:
                if running.get("/healthz").status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"no answer:\n{running.log_tail()}"
            time.sleep(0.2)
        username, password = EDITOR
        answer = running.request(
            "POST",
            "/api/v1/auth/token/",
            body=json.dumps({"username": username, "password": password}),
            headers={"Content-Type": "application/json"},
        )
        assert answer.status == 200, answer.text
        running.token = answer.json()["token"]
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def story(server):
    """The slug of a published demo story."""
    answer = server.get("/api/v1/articles/")
    assert answer.status == 200, answer.text
    return answer.json()["results"][0]["slug"]


def _assert_unavailable_json(answer):
    assert answer.status == 503, answer.text
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json()["code"] == "unavailable"
    assert int(answer.headers["Retry-After"]) > 0


def _assert_unavailable_page(answer):
    assert answer.status == 503, answer.text
    assert answer.headers["Content-Type"].startswith("text/html")
    assert int(answer.headers["Retry-After"]) > 0
    assert "try again" in answer.text
    assert "Traceback" not in answer.text and "OperationalError" not in answer.text


def _admin_login(server):
    """Sign in to admin as the editor: a write on the site (session, login time)."""
    form = server.get("/admin/login/")
    assert form.status == 200
    # The CSRF cookie is Secure; a browser on plain HTTP would not send it back,
    # this client does.
    cookie = re.search(r"csrftoken=([^;]+)", form.headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    username, password = EDITOR
    return server.request(
        "POST",
        "/admin/login/",
        body=urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": username,
                "password": password,
                "next": "/admin/",
            }
        ),
        headers={
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": "http://localhost/admin/login/",
        },
    )


def test_a_locked_database_refuses_the_write_for_now_and_reads_go_on(server, story):
    etag = server.etag(story)
    before = server.stored_dek(story)
    holder = sqlite3.connect(server.database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        started = time.monotonic()
        answer = server.edit_dek(story, "Written past a lock", etag)
        waited = time.monotonic() - started
        _assert_unavailable_json(answer)
        assert waited >= SQLITE_TIMEOUT * 0.9  # it queued for the lock first
        # WAL: readers never wait for a writer.
        assert server.get(f"/api/v1/articles/{story}/").status == 200
        assert server.api("GET", f"/api/v1/articles/{story}/").status == 200
        assert server.get("/").status == 200
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert server.stored_dek(story) == before

    answer = server.edit_dek(story, "Written past a lock", etag)
    assert answer.status == 200, answer.text
    assert server.stored_dek(story) == "Written past a lock"


def test_a_read_only_database_refuses_writes_until_it_is_writable(server, story):
    etag = server.etag(story)
    try:
        server.database.chmod(0o444)
        _assert_unavailable_json(server.edit_dek(story, "Written when read-only", etag))
        _assert_unavailable_page(_admin_login(server))
        assert server.get("/healthz").status == 200
        assert server.get(f"/api/v1/articles/{story}/").status == 200
    finally:
        # SQLite gives the -wal and -shm files it creates the database's mode: an
        # operator makes all three writable again.
        for path in server.files():
            if path.exists():
                path.chmod(0o644)

    answer = server.edit_dek(story, "Written when read-only", etag)
    assert answer.status == 200, answer.text
    assert server.stored_dek(story) == "Written when read-only"
    assert _admin_login(server).status == 302


def test_a_missing_database_is_503_until_it_is_back_never_recreated(server, story):
    etag = server.etag(story)
    moved = [(path, path.with_name(f"{path.name}.moved")) for path in server.files()]
    try:
        for path, aside in moved:
            if path.exists():
                path.rename(aside)
        _assert_unavailable_json(server.get("/api/v1/articles/"))
        _assert_unavailable_json(server.edit_dek(story, "Written when gone", etag))
        _assert_unavailable_page(server.get("/"))
        readiness = server.get("/readyz")
        assert readiness.status == 503
        assert readiness.json()["database"].startswith("unreachable")
        assert server.get("/healthz").status == 200
        assert not server.database.exists()  # no empty database in its place
    finally:
        for path, aside in moved:
            if aside.exists():
                aside.replace(path)

    assert server.get("/readyz").status == 200
    answer = server.edit_dek(story, "Written when back", etag)
    assert answer.status == 200, answer.text
    assert server.stored_dek(story) == "Written when back"


def test_readers_and_editors_at_once_get_no_5xx_and_lose_no_write(server):
    """`benchmark_pages --mixed` for a few seconds; it fails on any 5xx or lost write."""
    result = subprocess.run(
        [
            sys.executable, "manage.py", "benchmark_pages", "--http",
            f"http://127.0.0.1:{server.port}", "--mixed", "--clients", "4",
            "--seconds", "5", "--write-share", "0.3",
        ],
        cwd=settings.BASE_DIR, env=server.environment, capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    acknowledged = re.search(
        r"writes acknowledged (\d+), found in the database (\d+), lost 0;",
        result.stdout,
    )
    assert acknowledged, result.stdout
    assert int(acknowledged.group(1)) > 0
    assert acknowledged.group(1) == acknowledged.group(2)
