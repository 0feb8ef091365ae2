"""API representations of stories and the desk's work on them.

Serializers only shape data and validate input; every write with a rule goes
through articles/services.py, called by the viewsets.
"""

from typing import Literal

from rest_framework import serializers

from actors.models import Actor, Event
from actors.serializers import ActorRefSerializer, EventRefSerializer
from newsdesk.api_fields import SlugField

from ..models import Article, EditorialNote, Flag, Mention, Outlet, Quote, Topic
from ..services import TRANSITIONS


class OutletSerializer(serializers.ModelSerializer):
    ownership_label = serializers.CharField(read_only=True)

    class Meta:
        model = Outlet
        fields = [
            "slug",
            "name",
            "domain",
            "country",
            "ownership",
            "ownership_label",
            "ownership_notes",
            "ownership_assessed_on",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class OutletRefSerializer(serializers.ModelSerializer):
    ownership_label = serializers.CharField(read_only=True)

    class Meta:
        model = Outlet
        fields = ["slug", "name", "ownership", "ownership_label"]


class TopicSerializer(serializers.ModelSerializer):
    events = SlugField(many=True, queryset=Event.objects.all(), required=False)

    class Meta:
        model = Topic
        fields = [
            "slug",
            "name",
            "description",
            "iptc_mediatopic",
            "events",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class MentionSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Mention
        fields = ["actor", "start", "end", "text", "review"]
        read_only_fields = ["review"]


class QuoteSerializer(serializers.ModelSerializer):
    speaker = ActorRefSerializer(read_only=True, allow_null=True)
    event = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Quote
        fields = ["id", "text", "start", "end", "speaker", "event", "review"]
        read_only_fields = ["review"]


class FlagSerializer(serializers.ModelSerializer):
    article = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Flag
        fields = [
            "id",
            "article",
            "kind",
            "state",
            "start",
            "end",
            "text",
            "reason",
            "decided_by",
            "decided_at",
            "decision_reason",
            "detached",
            "confidence",
        ]
        read_only_fields = fields


class PublicFlagSerializer(serializers.ModelSerializer):
    """A confirmed flag as readers see it: where, what kind, and the editor's reason."""

    class Meta:
        model = Flag
        fields = ["id", "kind", "start", "end", "text", "decision_reason", "decided_at"]


class NoteSerializer(serializers.ModelSerializer):
    article = SlugField(queryset=Article.objects.all())
    quote = serializers.PrimaryKeyRelatedField(
        queryset=Quote.objects.all(), required=False, allow_null=True
    )
    actor = SlugField(queryset=Actor.objects.all(), required=False, allow_null=True)
    corrected_text = serializers.CharField(read_only=True)

    class Meta:
        model = EditorialNote
        fields = [
            "id",
            "article",
            "kind",
            "body",
            "created_at",
            "passage_start",
            "passage_end",
            "previous_text",
            "corrected_text",
            "quote",
            "actor",
        ]
        read_only_fields = ["created_at"]


class ArticleListSerializer(serializers.ModelSerializer):
    """A story in a list: light, with its labels; the body only when asked for."""

    id = serializers.UUIDField(
        source="uuid",
        read_only=True,
        help_text="Minted once: the same whatever the story's slug becomes.",
    )
    uri = serializers.CharField(
        source="tag_uri",
        read_only=True,
        help_text="The story's permanent name (a `tag:` URI): the Atom entry id, "
        "ninjs `uri` and JSON-LD `@id`.",
    )
    url = serializers.HyperlinkedIdentityField(
        view_name="article-detail", lookup_field="slug", read_only=True
    )
    web_url = serializers.CharField(source="get_absolute_url", read_only=True)
    genre_label = serializers.CharField(read_only=True)
    genre_confirmed = serializers.BooleanField(read_only=True)
    outlet = OutletRefSerializer(read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "uri",
            "slug",
            "url",
            "web_url",
            "headline",
            "dek",
            "byline",
            "genre",
            "genre_label",
            "genre_confirmed",
            "status",
            "outlet",
            "topics",
            "published_at",
            "updated_at",
        ]

    def __init__(self, *args, include_body=False, **kwargs):
        super().__init__(*args, **kwargs)
        if include_body:
            self.fields["body"] = serializers.CharField(read_only=True)


class ArticleDetailSerializer(ArticleListSerializer):
    """A whole story, usable without further calls."""

    actors = serializers.SerializerMethodField()
    mentions = MentionSerializer(many=True, read_only=True)
    events = EventRefSerializer(many=True, read_only=True)
    quotes = QuoteSerializer(many=True, read_only=True)
    flags = serializers.SerializerMethodField()
    notes = NoteSerializer(many=True, read_only=True)

    class Meta(ArticleListSerializer.Meta):
        fields = [
            *ArticleListSerializer.Meta.fields,
            "body",
            "original_url",
            "language",
            "version",
            "withdrawal_reason",
            "actors",
            "mentions",
            "events",
            "quotes",
            "flags",
            "notes",
        ]

    def get_actors(self, article) -> list[dict]:
        """Each actor mentioned, once, in order of first mention."""
        seen = {}
        for mention in article.mentions.all():
            seen.setdefault(mention.actor.slug, mention.actor)
        return ActorRefSerializer(seen.values(), many=True).data

    def get_flags(self, article) -> list[dict]:
        """Confirmed flags for readers; every flag, with its state, for the desk."""
        if self.context.get("desk"):
            return FlagSerializer(article.flags.all(), many=True).data
        public = [flag for flag in article.flags.all() if flag.is_public]
        return PublicFlagSerializer(public, many=True).data


class ArticleWriteSerializer(serializers.ModelSerializer):
    """What a client may write; status, genre confirmation and version are the service's."""

    outlet = SlugField(
        queryset=Outlet.objects.all(),
        required=False,
        help_text="The publishing outlet's slug; left out, the desk's own outlet.",
    )
    topics = SlugField(many=True, queryset=Topic.objects.all(), required=False)
    events = SlugField(many=True, queryset=Event.objects.all(), required=False)

    class Meta:
        model = Article
        fields = [
            "slug",
            "headline",
            "dek",
            "body",
            "byline",
            "outlet",
            "original_url",
            "language",
            "published_at",
            "genre",
            "topics",
            "events",
        ]
        extra_kwargs = {
            "slug": {
                "required": False,
                "help_text": "Left out, one is made from the headline, unique.",
            }
        }

    def validate_body(self, value):
        return Article._meta.get_field("body").to_python(value)


class EditNoteInput(serializers.Serializer):
    """A public note on an edit of the body; its wording before and after is the diff's."""

    kind = serializers.ChoiceField(
        choices=[EditorialNote.Kind.CORRECTION, EditorialNote.Kind.CLARIFICATION]
    )
    body = serializers.CharField(min_length=1)


class ArticleUpdateSerializer(ArticleWriteSerializer):
    correction = EditNoteInput(
        required=False,
        write_only=True,
        help_text="Publish this edit of the body as a correction or clarification.",
    )

    class Meta(ArticleWriteSerializer.Meta):
        fields = [*ArticleWriteSerializer.Meta.fields, "correction"]


class SpanReportSerializer(serializers.Serializer):
    """What an edit of the body did to the story's flags, mentions and quotes."""

    moved = serializers.IntegerField(help_text="Kept their words, at new offsets.")
    changed = serializers.IntegerField(
        help_text="Their words were rewritten: re-anchored and back for review."
    )
    detached = serializers.IntegerField(
        help_text="Their words were deleted: kept for the record, never shown."
    )


class ArticleUpdateResultSerializer(ArticleDetailSerializer):
    spans = SpanReportSerializer(read_only=True)

    class Meta(ArticleDetailSerializer.Meta):
        fields = [*ArticleDetailSerializer.Meta.fields, "spans"]


class TransitionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(TRANSITIONS))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ConfirmGenreInput(serializers.Serializer):
    genre = serializers.ChoiceField(
        choices=[
            genre
            for genre in Article.Genre.values
            if genre != Article.Genre.UNCLASSIFIED
        ]
    )


class FlagDecisionInput(serializers.Serializer):
    reason = serializers.CharField(
        help_text="Why the editor confirms or dismisses the flag (required; readers "
        "see it under a confirmed flag)."
    )


class ErrorSerializer(serializers.Serializer):
    """The shape of every error answer: a human-readable reason."""

    detail = serializers.CharField()
    code = serializers.CharField(required=False)


class TombstoneSerializer(serializers.Serializer):
    """What a withdrawn story answers (410 Gone): that, why and when, never its text."""

    detail = serializers.CharField()
    code = serializers.CharField()
    pubstatus = serializers.ChoiceField(choices=["canceled"])
    id = serializers.UUIDField()
    uri = serializers.CharField()
    slug = serializers.SlugField()
    headline = serializers.CharField()
    reason = serializers.CharField()
    withdrawn_at = serializers.DateTimeField()


class ChangeSerializer(serializers.ModelSerializer):
    """A story on the public record as it last changed: where to read it, or, once
    withdrawn, its tombstone (the public reason and time, never the text)."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    uri = serializers.CharField(source="tag_uri", read_only=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="article-detail", lookup_field="slug", read_only=True
    )
    pubstatus = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()
    withdrawn_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "uri",
            "slug",
            "url",
            "updated_at",
            "pubstatus",
            "reason",
            "withdrawn_at",
        ]

    def get_pubstatus(self, story) -> Literal["usable", "canceled"]:
        """`usable`: read it at `url`; `canceled`: withdrawn, drop it."""
        return "canceled" if story.status == Article.Status.WITHDRAWN else "usable"

    def get_reason(self, story) -> str | None:
        """Why the desk withdrew it (null while it is published)."""
        if story.status == Article.Status.WITHDRAWN:
            return story.withdrawal_reason
        return None


class SuggestionCountsSerializer(serializers.Serializer):
    mentions = serializers.IntegerField()
    quotes = serializers.IntegerField()
    flags = serializers.IntegerField()


class SuggestedSerializer(serializers.Serializer):
    """What a re-analysis added: suggestions only, nothing decided changed."""

    added = SuggestionCountsSerializer()
