"""schema.org JSON-LD for a story (standards.md §1 and "How the desk uses these").

`@type` follows the genre (labels.GENRES); the public notes go in as corrections
and backstory; events and topics are what the story is `about`, the actors it
names are its `mentions`. `jsonld_script` writes it into a page safely.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..labels import genre_info
from ..models import Article, EditorialNote

# Inside <script>, "</script>" or "<!--" in a value would end or bend the element.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}

ACTOR_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "state": "Country",
    "group": "Organization",
}


def _iso(value):
    return value.isoformat() if value else None


def _actor(actor, absolute):
    data = {
        "@type": ACTOR_TYPES.get(actor.kind, "Thing"),
        "name": actor.name,
        "url": absolute(actor.get_absolute_url()),
    }
    if actor.wikidata_id:
        data["sameAs"] = f"https://www.wikidata.org/wiki/{actor.wikidata_id}"
    return data


def _event(event, absolute):
    data = {
        "@type": "Event",
        "name": event.title,
        "url": absolute(event.get_absolute_url()),
        "startDate": event.date.isoformat(),
    }
    if event.end_date:
        data["endDate"] = event.end_date.isoformat()
    if event.status == "cancelled":
        data["eventStatus"] = "https://schema.org/EventCancelled"
    elif event.status == "postponed":
        data["eventStatus"] = "https://schema.org/EventPostponed"
    if event.place:
        data["location"] = {"@type": "Place", "name": event.place}
    return data


def _publisher(outlet, absolute):
    data = {
        "@type": "NewsMediaOrganization",
        "name": outlet.name,
        "url": absolute(outlet.get_absolute_url()),
        "ownershipFundingInfo": " ".join(
            part
            for part in (
                f"{outlet.ownership_label}.",
                outlet.ownership_notes,
            )
            if part
        ),
    }
    if outlet.domain:
        data["sameAs"] = f"https://{outlet.domain}/"
    return data


def story_jsonld(*, story, notes, actors, absolute):
    """The story as a NewsArticle (or subtype) dict.

    `notes` are the story's public notes, `actors` those it names; `absolute`
    turns a path into an absolute URL.
    """
    genre = genre_info(story.genre)
    outlet = story.outlet
    url = absolute(story.get_absolute_url())
    types = list(genre.schema_types)
    publisher = _publisher(outlet, absolute)
    if story.byline:
        # A byline is a name only: the desk keeps no pages for its writers.
        author = [{"@type": "Person", "name": story.byline}]
    else:
        author = [{"@type": "Organization", "name": outlet.name,
                   "url": publisher["url"]}]  # fmt: skip
    data = {
        "@context": "https://schema.org",
        "@type": types[0] if len(types) == 1 else types,
        "@id": story.tag_uri,
        "url": url,
        "mainEntityOfPage": url,
        "headline": story.headline,
        "description": story.dek or None,
        "datePublished": _iso(story.published_at),
        "dateModified": _iso(max(filter(None, [story.published_at, story.updated_at]))),
        "inLanguage": story.language,
        "genre": genre.label,
        "author": author,
        "publisher": publisher,
        "about": [_event(event, absolute) for event in story.events.all()]
        + [
            {
                "@type": "Thing",
                "name": topic.name,
                "url": absolute(topic.get_absolute_url()),
            }
            for topic in story.topics.all()
        ],
        "mentions": [_actor(actor, absolute) for actor in actors],
    }
    if story.genre == Article.Genre.AGGREGATED and story.original_url:
        data["isBasedOn"] = story.original_url
    corrections = [
        {
            "@type": "CorrectionComment",
            "name": note.get_kind_display(),
            "text": note.body,
            "datePublished": _iso(note.created_at),
        }
        for note in notes
        if note.kind
        in (EditorialNote.Kind.CORRECTION, EditorialNote.Kind.CLARIFICATION)
    ]
    if corrections:
        data["correction"] = corrections
    backstory = [
        note.body for note in notes if note.kind == EditorialNote.Kind.EDITORS_NOTE
    ]
    if backstory:
        data["backstory"] = backstory[0] if len(backstory) == 1 else backstory
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def jsonld_script(data):
    """`<script type="application/ld+json">` holding `data`, safe in any HTML page."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),  # noqa: S308 - escaped above
    )


def _page(data):
    return {
        "@context": "https://schema.org",
        **{key: value for key, value in data.items() if value not in (None, [], "")},
    }


def website_jsonld(*, absolute, search_path):
    """The home page: the site, and how to search it."""
    return _page(
        {
            "@type": "WebSite",
            "@id": absolute("/"),
            "name": "Newsdesk",
            "url": absolute("/"),
            "potentialAction": {
                "@type": "SearchAction",
                "target": absolute(search_path) + "?q={search_term_string}",
                "query-input": "required name=search_term_string",
            },
        }
    )


def topic_jsonld(topic, *, absolute):
    url = absolute(topic.get_absolute_url())
    return _page(
        {
            "@type": "CollectionPage",
            "@id": url,
            "url": url,
            "name": topic.name,
            "description": topic.description,
            "about": {"@type": "Thing", "name": topic.name},
        }
    )


def event_jsonld(event, *, absolute):
    data = _event(event, absolute)
    return _page({**data, "@id": data["url"], "description": event.description})


def actor_jsonld(actor, *, absolute):
    data = _actor(actor, absolute)
    return _page({**data, "@id": data["url"], "description": actor.description})


def outlet_jsonld(outlet, *, absolute):
    data = _publisher(outlet, absolute)
    return _page({**data, "@id": data["url"]})
