"""Measure the public pages and the API on the current database: queries and time.

Run it after `generate_corpus`. For each page it prints the queries and the
median and 95th-percentile time of a *cold* request (the cache emptied first, as
after a restart: everything is rendered), of a *warm* one (what the next anonymous
readers get), of the first request after a *change* elsewhere (a public change
makes every page stale; what did not change, such as a listed story's item, is
still in the cache) and after a *recount* (a public change that also moves every
list's number of stories by one, as a publication does on its topic's, outlet's
and actors' pages: what is drawn from the counts is drawn again; the counts are
put back after). `--writers N --seconds S` then runs N threads
deciding flags through the services for S seconds and counts the errors;
`--http URL --clients N` measures requests per second of a running server
(the topic page against `/robots.txt`, a bare view). Prints tables; asserts nothing
(the tests hold the query bounds). `--http URL --mixed --write-share 0.1` instead
runs readers and editors at once against a server on this database
(articles/devtools/load.py) and fails if any request answered 5xx or any
acknowledged write is missing from the database.
"""

import contextlib
import http.client
import random
import statistics
import threading
import time
import urllib.parse

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.models import F
from django.test import Client, override_settings

from actors.models import Actor, Event
from articles import services
from articles.devtools.load import mixed_load, percentile
from articles.models import Article, Flag, Tally, Topic
from articles.site import cache as site_cache


class QueryCounter(list):
    """An execute wrapper that records each statement a request runs."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Print queries, median and p95 ms per page (cold and warm); writers; req/s."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--writers", type=int, default=0)
        parser.add_argument("--seconds", type=float, default=30)
        parser.add_argument("--http", default="", help="base URL of a running server")
        parser.add_argument("--clients", type=int, default=4)
        parser.add_argument(
            "--mixed", action="store_true", help="with --http: readers and editors"
        )
        parser.add_argument("--write-share", type=float, default=0.1)

    def handle(self, *args, runs, writers, seconds, http, clients, **options):
        if http and options["mixed"]:
            return self.mixed(http, clients, seconds, options["write_share"])
        if http:
            return self.throughput(http, clients, seconds)
        story = Article.objects.published().order_by("-published_at").first()
        topic = Topic.objects.order_by("pk").first()
        if story is None or topic is None:
            raise CommandError("No published stories: run generate_corpus first.")
        self.stdout.write(
            f"{Article.objects.count()} articles, "
            f"{Article.objects.published().count()} published, "
            f"{connection.vendor}; {runs} runs each\n"
        )
        # The pages are measured, not the API's rate limit (its counters outlive
        # a run: a second run within the minute would time 429s).
        unlimited = {"anon": "1000000/minute", "user": "1000000/minute"}
        with override_settings(API_THROTTLE_RATES=unlimited):
            self.pages(self.urls(story, topic), runs)
        if writers:
            self.writers(writers, seconds)

    def urls(self, story, topic):
        word = story.headline.split()[-1]
        # Page 200, or the topic's last page when it has fewer.
        deep = min(
            200, (Article.objects.published().filter(topics=topic).count() + 19) // 20
        )
        actor = Actor.objects.filter(mentions__article=story).first()
        event = Event.objects.filter(articles__isnull=False).order_by("pk").first()
        pages = [
            ("home", "/"),
            ("topic, page 1", topic.get_absolute_url()),
            ("topic, page 200", f"{topic.get_absolute_url()}?page={deep}"),
            ("story", story.get_absolute_url()),
            ("outlet", story.outlet.get_absolute_url()),
            ("search", f"/search/?q={word}"),
            ("feed", "/feed/"),
            ("sitemap index", "/sitemap.xml"),
            ("sitemap stories, last", "/sitemap-stories.xml?p=999"),
            ("API list, 20", "/api/v1/articles/"),
            ("API list, 100 + bodies", "/api/v1/articles/?page_size=100&include=body"),
            (
                "API filtered",
                f"/api/v1/articles/?topic={topic.slug}&genre=reporting,opinion",
            ),
            ("API detail", f"/api/v1/articles/{story.slug}/"),
            ("API ninjs", f"/api/v1/articles/{story.slug}/ninjs/"),
        ]
        busiest = (
            Tally.objects.filter(scope=Tally.Scope.ACTOR, item=Tally.Item.STORIES)
            .order_by("-count")
            .values_list("scope_id", flat=True)
            .first()
        )
        if busiest:
            busiest_url = Actor.objects.get(pk=busiest).get_absolute_url()
            pages.insert(4, ("actor, busiest", busiest_url))
        if actor:
            pages.insert(4, ("actor", actor.get_absolute_url()))
        if event:
            pages.insert(4, ("event", event.get_absolute_url()))
        last = (Article.objects.published().count() - 1) // 10_000 + 1
        pages = [
            (label, url.replace("p=999", f"p={last}") if "p=999" in url else url)
            for label, url in pages
        ]
        return pages

    def pages(self, pages, runs):
        client = Client(SERVER_NAME="localhost")
        self.stdout.write(
            f"{'page':<26}{'status':>7}{'queries':>9}"
            f"{'cold med':>10}{'cold p95':>10}{'warm med':>10}{'warm p95':>10}"
            f"{'change med':>12}{'change p95':>12}"
            f"{'recount med':>13}{'recount p95':>13}"
        )
        for label, url in pages:
            cold, warm, changed, recounted = [], [], [], []
            for _ in range(runs):
                cache.clear()
                queries = QueryCounter()
                with connection.execute_wrapper(queries):
                    response, milliseconds = self.timed(client, url)
                cold.append(milliseconds)
                warm.append(self.timed(client, url)[1])
                site_cache.public_changed()  # an edit elsewhere: the page is stale
                changed.append(self.timed(client, url)[1])
                with self.recounted():
                    recounted.append(self.timed(client, url)[1])
            self.stdout.write(
                f"{label:<26}{response.status_code:>7}{len(queries):>9}"
                f"{statistics.median(cold):>10.1f}{p95(cold):>10.1f}"
                f"{statistics.median(warm):>10.1f}{p95(warm):>10.1f}"
                f"{statistics.median(changed):>12.1f}{p95(changed):>12.1f}"
                f"{statistics.median(recounted):>13.1f}{p95(recounted):>13.1f}"
            )

    @staticmethod
    @contextlib.contextmanager
    def recounted():
        """Every list one story longer, as the next reader sees it; then as it was."""
        counts = Tally.objects.filter(item=Tally.Item.STORIES)
        counts.update(count=F("count") + 1)
        site_cache.public_changed()
        try:
            yield
        finally:
            counts.update(count=F("count") - 1)
            site_cache.public_changed()

    @staticmethod
    def timed(client, url):
        """The answer to a GET of `url`, and the milliseconds it took."""
        started = time.perf_counter()
        response = client.get(url)
        return response, (time.perf_counter() - started) * 1000

    def writers(self, count, seconds):
        """`count` editors deciding flags at once through the services."""
        editor, _created = get_user_model().objects.get_or_create(
            username="benchmark-editor"
        )
        editor.groups.add(Group.objects.get(name="Editor"))
        flag_ids = list(
            Flag.objects.filter(article__status=Article.Status.PUBLISHED)
            .order_by("pk")
            .values_list("pk", flat=True)[:2000]
        )
        if not flag_ids:
            raise CommandError("No flags to decide: run generate_corpus first.")
        results = {"ok": 0, "errors": 0, "kinds": set()}
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def work(seed):
            rng = random.Random(seed)  # noqa: S311 - benchmark, not secrets
            user = get_user_model().objects.get(pk=editor.pk)
            try:
                while time.monotonic() < deadline:
                    flag = Flag(pk=rng.choice(flag_ids))
                    state = rng.choice([Flag.State.CONFIRMED, Flag.State.DISMISSED])
                    try:
                        services.flag_decide(
                            flag=flag, state=state, user=user, reason=f"r{rng.random()}"
                        )
                        outcome = "ok"
                    except Exception as exc:  # noqa: BLE001 - counting every error
                        outcome = "errors"
                        with lock:
                            results["kinds"].add(f"{type(exc).__name__}: {exc}")
                    with lock:
                        results[outcome] += 1
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.stdout.write(
            f"\n{count} writers for {seconds:.0f} s: {results['ok']} flag decisions, "
            f"{results['errors']} errors"
        )
        for kind in sorted(results["kinds"])[:5]:
            self.stdout.write(f"  {kind}")

    def throughput(self, base, clients, seconds):
        """Requests per second of a running server, `clients` at a time."""
        parsed = urllib.parse.urlsplit(base)
        topic = Topic.objects.order_by("pk").first()
        paths = [("bare view (/robots.txt)", "/robots.txt")]
        if topic:
            paths.append(("topic page", topic.get_absolute_url()))
        self.stdout.write(f"{'path':<28}{'clients':>8}{'req/s':>9}{'errors':>8}")
        for label, path in paths:
            done, errors = [0], [0]
            lock = threading.Lock()
            deadline = time.monotonic() + seconds

            def work(path=path, done=done, errors=errors, lock=lock, end=deadline):
                conn = http.client.HTTPConnection(
                    parsed.hostname, parsed.port, timeout=30
                )
                while time.monotonic() < end:
                    try:
                        conn.request("GET", path, headers={"Host": "localhost"})
                        response = conn.getresponse()
                        response.read()
                        ok = response.status == 200
                    except OSError:
                        conn.close()
                        conn = http.client.HTTPConnection(
                            parsed.hostname, parsed.port, timeout=30
                        )
                        ok = False
                    with lock:
                        (done if ok else errors)[0] += 1
                conn.close()

            threads = [threading.Thread(target=work) for _ in range(clients)]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            self.stdout.write(
                f"{label:<28}{clients:>8}{done[0] / elapsed:>9.1f}{errors[0]:>8}"
            )

    def mixed(self, base, clients, seconds, write_share):
        """Readers and editors at once: throughput, latency, 5xx, lost writes."""
        result = mixed_load(
            base, clients=clients, seconds=seconds, write_share=write_share
        )
        self.stdout.write(
            f"{clients} clients, {result.seconds:.0f} s, {write_share:.0%} editor "
            f"writes, {base}\n"
            f"{'requests':<16}{'count':>8}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}"
            f"{'5xx':>6}{'3xx/4xx':>9}{'no answer':>11}"
        )
        for label, tally in {**result.tallies, "all": result.total}.items():
            answered = tally.milliseconds or [0]
            refused = sum(
                n for status, n in tally.statuses.items() if 300 <= status < 500
            )
            self.stdout.write(
                f"{label:<16}{tally.requests:>8}{tally.requests / result.seconds:>8.1f}"
                f"{percentile(answered, 0.5):>9.0f}{percentile(answered, 0.99):>9.0f}"
                f"{tally.server_errors:>6}{refused:>9}{tally.unanswered:>11}"
            )
        self.stdout.write(
            "\n"
            f"writes acknowledged {len(result.acknowledged)}, found in the database "
            f"{result.found}, lost {result.lost}; 412 conflicts re-read and retried "
            f"{result.conflicts}, edits given up {result.abandoned}"
        )
        if result.server_errors or result.lost:
            raise CommandError(
                f"{result.server_errors} answers 5xx, {result.lost} writes lost."
            )
