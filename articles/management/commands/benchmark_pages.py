"""Measure the public pages and the API on the current database: queries and time.

Run it after `generate_corpus` to see that the number of queries per page stays
bounded whatever the page size, and how long each page takes. Prints a table;
asserts nothing (the tests hold the query bounds).
"""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Topic


class Command(BaseCommand):
    help = "Print queries and median time for each public page and API endpoint."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, runs, **options):
        story = Article.objects.published().order_by("-published_at").first()
        topic = Topic.objects.order_by("pk").first()
        if story is None or topic is None:
            raise CommandError("No published stories: run generate_corpus first.")
        word = story.headline.split()[-1]
        pages = [
            ("home", "/"),
            ("topic, page 1", topic.get_absolute_url()),
            ("topic, page 20", f"{topic.get_absolute_url()}?page=20"),
            ("story", story.get_absolute_url()),
            ("outlet", story.outlet.get_absolute_url()),
            ("search", f"/search/?q={word}"),
            ("feed", "/feed/"),
            ("sitemap", "/sitemap.xml"),
            ("API list, 20", "/api/v1/articles/"),
            ("API list, 100 + bodies", "/api/v1/articles/?page_size=100&include=body"),
            (
                "API filtered",
                f"/api/v1/articles/?topic={topic.slug}&genre=reporting,opinion",
            ),
            ("API detail", f"/api/v1/articles/{story.slug}/"),
            ("API ninjs", f"/api/v1/articles/{story.slug}/ninjs/"),
        ]
        client = Client(SERVER_NAME="localhost")
        self.stdout.write(
            f"{Article.objects.count()} articles, "
            f"{Article.objects.published().count()} published; {runs} runs each\n"
        )
        self.stdout.write(f"{'page':<26}{'status':>7}{'queries':>9}{'median ms':>11}")
        for label, url in pages:
            timings = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
            self.stdout.write(
                f"{label:<26}{response.status_code:>7}{len(queries):>9}"
                f"{statistics.median(timings):>11.1f}"
            )
