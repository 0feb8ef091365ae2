"""A story as IPTC ninjs 2.x (News in JSON), valid against the IPTC's own schema.

Only existing ninjs structures are used (the schema refuses unknown keys): the
desk's genre goes to `genres` with the IPTC genre code, actors to `people` and
`organisations`, the outlet and its original to `infosources` and `altids`.
"""

from datetime import UTC

from django.utils import timezone

from ..labels import GENRES
from ..models import Article

PUBSTATUS = {
    Article.Status.PUBLISHED: "usable",
    Article.Status.WITHDRAWN: "canceled",
}


MEDIATOPIC = "http://cv.iptc.org/newscodes/mediatopic/"


def _iso(moment):
    """To the second, in UTC with its offset: what ninjs readers parse (Superdesk)."""
    if moment is None:
        return None
    return timezone.localtime(moment, UTC).replace(microsecond=0).isoformat()


def article_to_ninjs(article, *, site_url):
    """`site_url(path)` makes the site's URLs absolute; the story's own `uri` is its
    permanent `tag:` name, the same after a rename and behind any host."""
    item = {
        "uri": article.tag_uri,
        "standard": {
            "name": "ninjs",
            "version": "2.2",
            "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
        },
        "type": "text",
        "representationtype": "full",
        "version": str(article.version),
        "versioncreated": _iso(article.updated_at),
        "firstcreated": _iso(article.published_at or article.created_at),
        "pubstatus": PUBSTATUS.get(article.status, "withheld"),
        "language": article.language,
        "slugline": article.slug,
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/plain",
                "value": article.body,
                "charcount": len(article.body),
                "wordcount": len(article.body.split()),
            }
        ],
        "infosources": [
            {
                "name": article.outlet.name,
                "role": "originator",
                "literal": article.outlet.slug,
                **(
                    {"uri": f"https://{article.outlet.domain}/"}
                    if article.outlet.domain
                    else {}
                ),
            }
        ],
    }
    if article.dek:
        item["descriptions"] = [{"role": "summary", "value": article.dek}]
    if article.byline:
        item["by"] = article.byline
    if article.original_url:
        item["altids"] = [{"role": "original-url", "value": article.original_url}]
    genre = GENRES[article.genre]
    if genre.iptc_code:
        item["genres"] = [
            {
                "name": str(genre.label),
                "uri": genre.iptc_uri,
                "literal": genre.iptc_code,
            }
        ]
    people, organisations = _entities(article)
    if people:
        item["people"] = people
    if organisations:
        item["organisations"] = organisations
    events = [
        {
            "name": event.title,
            "literal": event.slug,
            "uri": site_url(event.get_absolute_url()),
        }
        for event in article.events.all()
    ]
    if events:
        item["events"] = events
    places = _places(article)
    if places:
        item["places"] = places
    subjects = [
        {
            "name": topic.name,
            "literal": topic.slug,
            "rel": "about",
            **(
                {"uri": MEDIATOPIC + topic.iptc_mediatopic}
                if topic.iptc_mediatopic
                else {}
            ),
        }
        for topic in article.topics.all()
    ]
    if subjects:
        item["subjects"] = subjects
    notes = [note.body for note in article.notes.all() if note.is_public]
    flags = [flag for flag in article.flags.all() if flag.is_public]
    if notes or flags:
        item["descriptions"] = item.get("descriptions", []) + [
            {"role": "ednote-public", "value": body} for body in notes
        ] + [
            {"role": f"flag:{flag.kind}", "value": f"{flag.text} — {flag.decision_reason}"}
            for flag in flags
        ]  # fmt: skip
    return item


def _places(article):
    """Countries the story names (its state actors) and where its events happened."""
    places, seen = [], set()
    for mention in article.mentions.all():
        actor = mention.actor
        if actor.kind == "state" and actor.country and actor.country not in seen:
            seen.add(actor.country)
            places.append({"name": actor.name, "rel": "mentioned",
                           "literal": actor.country.upper()})  # fmt: skip
    for event in article.events.all():
        if event.place and event.place not in seen:
            seen.add(event.place)
            places.append({"name": event.place, "rel": "event-location"})
    return places


def _entities(article):
    seen, people, organisations = set(), [], []
    for mention in article.mentions.all():
        actor = mention.actor
        if actor.pk in seen:
            continue
        seen.add(actor.pk)
        entity = {"name": actor.name, "rel": "mentioned", "literal": actor.slug}
        if actor.wikidata_id:
            entity["uri"] = f"http://www.wikidata.org/entity/{actor.wikidata_id}"
        (people if actor.kind == "person" else organisations).append(entity)
    return people, organisations
