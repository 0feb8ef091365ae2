"""Production settings are safe by default and refuse to start half-configured."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_ALLOWED_HOSTS="news.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", DJANGO_SECRET_KEY=PRODUCTION_ENV["DJANGO_SECRET_KEY"])
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_development_starts_with_no_configuration():
    result = manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_the_public_origin_follows_the_site_domain():
    result = manage(
        "shell", "--no-imports", "-c", "from django.conf import settings; "
        "print(settings.NEWSDESK_SITE_ORIGIN)",
        DJANGO_DEBUG="1", NEWSDESK_SITE_DOMAIN="news.example.org",
    )  # fmt: skip
    assert result.stdout.strip() == "https://news.example.org", result.stderr


def test_security_headers_are_sent(client, db):
    response = client.get("/", secure=True)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_database_url_selects_the_database(db):
    """CI runs the suite twice; this proves the second run really is on PostgreSQL."""
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "sqlite:")
    expected = (
        "postgresql" if url.startswith(("postgres:", "postgresql:")) else "sqlite"
    )
    assert connection.vendor == expected
