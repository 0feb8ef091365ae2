"""Content for the public-site tests: stories with everything a public page shows."""

from django.utils import timezone

from articles.models import EditorialNote, Flag, Mention, Quote
from tests.factories import PublishedArticleFactory


def story_body(marker=""):
    words = f" {marker}" if marker else ""
    return (
        f"Baku said on Monday that talks would resume{words}.\n\n"
        "Yerevan welcomed the so-called offer."
    )


def _span(body, text):
    start = body.index(text)
    return {"start": start, "end": start + len(text), "text": text}


def dressed_story(
    *, topic, event, actor, factory=PublishedArticleFactory, marker="", **kwargs
):
    """A story on `topic` and `event` that names and quotes `actor`.

    It carries one flag in each state (only the confirmed one is public) and one
    note of each public kind plus an internal one. `marker` goes into its body and
    its quote, so a test can tell whether any of its text reached a page.
    """
    body = story_body(marker)
    story = factory(body=body, **kwargs)
    story.topics.add(topic)
    story.events.add(event)
    Mention.objects.create(article=story, actor=actor, **_span(body, "Baku"))
    quote_text = "talks would resume" + (f" {marker}" if marker else "")
    Quote.objects.create(
        article=story, speaker=actor, event=event, **_span(body, quote_text)
    )
    now = timezone.now()
    Flag.objects.create(
        article=story,
        kind=Flag.Kind.LOADED_LANGUAGE,
        state=Flag.State.CONFIRMED,
        decided_at=now,
        reason="Dismissive wording in the reporter's voice.",
        decision_reason="Confirmed: the offer's name is the outlet's judgment.",
        **_span(body, "so-called"),
    )
    Flag.objects.create(
        article=story,
        kind=Flag.Kind.UNATTRIBUTED_CLAIM,
        reason="Suggested flag reason, undecided.",
        **_span(body, "Yerevan"),
    )
    Flag.objects.create(
        article=story,
        kind=Flag.Kind.OPINION_IN_REPORTING,
        state=Flag.State.DISMISSED,
        decided_at=now,
        reason="Dismissed flag reason.",
        **_span(body, "Monday"),
    )
    EditorialNote.objects.create(
        article=story, kind=EditorialNote.Kind.INTERNAL, body="Internal: check Baku."
    )
    EditorialNote.objects.create(
        article=story,
        kind=EditorialNote.Kind.EDITORS_NOTE,
        body=f"The outlet follows a government's line. {marker}".strip(),
    )
    return story
