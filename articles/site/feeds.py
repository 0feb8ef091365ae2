"""Atom feeds of published stories: the whole site (`/feed/`) and each topic.

Each entry carries its type of work as an IPTC genre category
(standards.md §6), its topics as plain categories, and a summary that starts
with the labels a reader sees on the site. Entries and feeds are named by `tag:`
URIs that no rename or host changes. Stories withdrawn in the last
`TOMBSTONE_DAYS` follow the entries as RFC 6721 tombstones (`at:deleted-entry`,
`ref` the entry's id), so a reader that kept one drops it.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, rfc3339_date

from newsdesk.site import public_url

from ..labels import IPTC_GENRE_SCHEME, genre_info
from ..models import Article, Topic

FEED_LENGTH = 30
TOMBSTONE_DAYS = 30
TOMBSTONES_NS = "http://purl.org/atompub/tombstones/1.0"


def _tag(specific):
    return (
        f"tag:{settings.NEWSDESK_SITE_DOMAIN},{settings.NEWSDESK_TAG_DATE}:{specific}"
    )


class LabelledAtomFeed(Atom1Feed):
    """Atom whose entries name their IPTC genre: `<category scheme=... term=...>`,
    followed by the tombstones of recent withdrawals."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:at": TOMBSTONES_NS}

    def write_items(self, handler):
        super().write_items(handler)
        for story in self.feed["withdrawn"]:
            handler.startElement(
                "at:deleted-entry",
                {"ref": story.tag_uri, "when": rfc3339_date(story.withdrawn_at)},
            )
            handler.addQuickElement("at:comment", story.withdrawal_reason)
            handler.endElement("at:deleted-entry")

    def latest_post_date(self):
        """A withdrawal changes the feed too (Last-Modified, `<updated>`)."""
        withdrawals = [story.withdrawn_at for story in self.feed["withdrawn"]]
        return max([super().latest_post_date(), *withdrawals])

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        genre = item.get("genre")
        if genre and genre.iptc_code:
            handler.addQuickElement(
                "category",
                "",
                {
                    "term": genre.iptc_code,
                    "scheme": IPTC_GENRE_SCHEME,
                    "label": str(genre.label),
                },
            )


class LatestStoriesFeed(Feed):
    feed_type = LabelledAtomFeed
    title = "Newsdesk: latest stories"
    subtitle = (
        "Published stories, each labelled with its type of work and its outlet's "
        "ownership."
    )
    author_name = "Newsdesk"

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = public_url(request.path, request)
        return feed

    def link(self):
        return public_url(reverse("home"))

    def feed_guid(self):
        return _tag("feed")

    def items(self):
        return Article.objects.published().for_listing(topics=True)[:FEED_LENGTH]

    def withdrawn(self, obj):
        """The stories withdrawn lately, newest withdrawal first."""
        since = timezone.now() - datetime.timedelta(days=TOMBSTONE_DAYS)
        return (
            Article.objects.filter(status=Article.Status.WITHDRAWN)
            .with_withdrawn_at()
            .filter(withdrawn_at__gte=since)
            .only("uuid", "withdrawal_reason", "updated_at")
            .order_by("-withdrawn_at")
        )

    def feed_extra_kwargs(self, obj):
        return {"withdrawn": list(self.withdrawn(obj)[:FEED_LENGTH])}

    def item_title(self, story):
        return story.headline

    def item_description(self, story):
        labels = (
            f"{story.genre_label} · {story.outlet.name} "
            f"({story.outlet.ownership_label})"
        )
        return f"{labels}. {story.dek}" if story.dek else f"{labels}."

    def item_link(self, story):
        # Relative without a configured origin: the feed makes it absolute.
        return public_url(story.get_absolute_url())

    def item_guid(self, story):
        """The entry's id: the story's permanent name, the same after a rename."""
        return story.tag_uri

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return max(story.published_at, story.updated_at)

    def item_author_name(self, story):
        return story.byline or story.outlet.name

    def item_categories(self, story):
        return [topic.name for topic in story.topics.all()]

    def item_extra_kwargs(self, story):
        return {"genre": genre_info(story.genre)}


class TopicStoriesFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return f"Newsdesk: {topic.name}"

    def subtitle(self, topic):
        return topic.description or f"Published stories on {topic.name}."

    def link(self, topic):
        return public_url(topic.get_absolute_url())

    def feed_guid(self, topic):
        return _tag(f"topic-feed:{topic.pk}")

    def withdrawn(self, topic):
        return super().withdrawn(topic).filter(topics=topic)

    def items(self, topic):
        return (
            Article.objects.published()
            .filter(topics=topic)
            .for_listing(topics=True)[:FEED_LENGTH]
        )
