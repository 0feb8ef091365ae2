import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin

from . import desk, services
from .anchoring import normalise_newlines
from .highlight import body_with_flags
from .models import (
    Article,
    ArticleQuerySet,
    AuditEntry,
    EditorialNote,
    Flag,
    Mention,
    Outlet,
    Quote,
    Topic,
)


class ServiceRefusalAsMessage:
    """A step the services refuse while saving is rolled back and said, not a 500."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A step the services refuse while saving is rolled back and said, not a 500."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (services.WorkflowError, PermissionDenied) as exc:
            if request.method != "POST":
                raise
            # Admin's own refusals (a change page the user may only read) say nothing.
            reason = str(exc) or "you may not change this."
            self.message_user(request, f"Nothing was saved: {reason}", messages.ERROR)
            return HttpResponseRedirect(request.path)


class ReviewQueueFilter(admin.SimpleListFilter):
    """The review queue's three views, linked from the admin index with live counts."""

    title = "review queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            (key, label) for key, (label, _) in ArticleQuerySet.REVIEW_QUEUES.items()
        ]

    def queryset(self, request, queryset):
        if self.value() in ArticleQuerySet.REVIEW_QUEUES:
            return getattr(queryset, ArticleQuerySet.REVIEW_QUEUES[self.value()][1])()
        return queryset


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "country", "ownership", "ownership_assessed_on"]
    list_filter = ["ownership", "country"]
    search_fields = ["name", "domain", "ownership_notes"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "iptc_mediatopic"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["events"]


class StoredBodyFormSet(BaseInlineFormSet):
    """Existing spans and notes are checked against the body as stored.

    The story's form may change the body in the same post; its save re-anchors every
    span (services.spans_follow_edit), so checking old offsets against the new body
    here would refuse every edit of annotated copy.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk is not None and self.instance.pk is not None:
            # The inline's link to its story, which validation checks it against.
            form.fields[self.fk.name].parent_instance = self.stored_article

    @cached_property
    def stored_article(self):
        return Article.objects.get(pk=self.instance.pk)


class SpanCardForm(forms.ModelForm):
    """A mention or quote card: Accept, Change actor (or speaker), Remove.

    The card's buttons (`_span_decision`) set `accept` or the formset's DELETE and
    save the whole form, as the flag cards do; a changed actor or speaker is a
    relink, which the service records as accepted too.
    """

    accept = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SpanCardFormSet(StoredBodyFormSet):
    """The cards, each with its words in the text around them."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        span = form.instance
        if span.pk is not None:
            form.in_context = desk.in_context(self.card_body, span.start, span.end)

    @cached_property
    def card_body(self):
        # Offsets point into the body as stored, whatever this post changes.
        return self.stored_article.body if self.is_bound else self.instance.body

    @cached_property
    def unreviewed_count(self):
        return sum(
            1
            for form in self.forms
            if form.instance.pk
            and form.instance.review == form.instance.Review.SUGGESTED
        )


class SpanInline(admin.TabularInline):
    """Mentions and quotes as review cards: the words in context, who they name.

    Accept, change who a mention names or who spoke a quote, or remove one; each
    goes through a service, which checks who may and audits it. No offsets are
    shown or typed: the words are.
    """

    extra = 0
    form = SpanCardForm
    formset = SpanCardFormSet
    template = "admin/articles/article/span_cards.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(*self.card_relations, "reviewed_by")
            .order_by("start", "pk")
        )

    def has_add_permission(self, request, obj=None):
        return False


class MentionInline(SpanInline):
    model = Mention
    fields = ["actor"]
    autocomplete_fields = ["actor"]
    verbose_name_plural = "Review: mentions (who each name in the text is)"
    card = "mention"
    card_relations = ["actor", "alias"]
    link_word = "actor"


class QuoteInline(SpanInline):
    model = Quote
    fields = ["speaker", "event"]
    autocomplete_fields = ["speaker", "event"]
    verbose_name_plural = "Review: quotes (who said them, and where)"
    card = "quote"
    card_relations = ["speaker", "event"]
    link_word = "speaker"


class FlagInlineForm(forms.ModelForm):
    """A flag found is decided, not rewritten; a new one names its words, never offsets.

    The decision is a state (set by the card's Confirm / Dismiss / Reopen buttons)
    and a reason, which confirming or dismissing needs, as `services.flag_decide`
    says; checking it here keeps the editor's other edits on the page.
    """

    class Meta:
        model = Flag
        fields = ["kind", "text", "reason", "state", "decision_reason"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "state": forms.HiddenInput,
            "decision_reason": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "text": "Words to flag",
            "reason": "Why flag them",
            "decision_reason": "Your reason",
        }
        help_texts = {"text": "The flagged words, exactly as they stand in the body."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        existing = self.instance.pk is not None
        # The card shows the decision as stored, whatever this post asked for.
        self.stored_state = self.instance.state
        self.stored_state_label = Flag.State(self.instance.state).label
        for name in ("kind", "text", "reason", "state", "decision_reason"):
            if name in self.fields:  # a reporter's view has none of them
                new_only = name in ("kind", "text", "reason")
                self.fields[name].disabled = existing if new_only else not existing

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("text"):
            try:  # against the body as this same form post leaves it
                services.span_locate(self.instance.article.body, cleaned["text"])
            except services.WorkflowError as exc:
                raise forms.ValidationError({"text": str(exc)}) from exc
        state = cleaned.get("state")
        if (
            self.instance.pk is not None
            and state in (Flag.State.CONFIRMED, Flag.State.DISMISSED)
            and self.has_changed()
            and not (cleaned.get("decision_reason") or "").strip()
        ):
            verb = "confirm" if state == Flag.State.CONFIRMED else "dismiss"
            self.add_error(
                "decision_reason",
                f"Say why you {verb} this flag: readers see the reason of a "
                "confirmed flag, and the desk that of a dismissed one.",
            )
        return cleaned


class FlagFormSet(StoredBodyFormSet):
    """The review cards, with the body they point into."""

    @cached_property
    def review_body(self):
        flags = [form.instance for form in self.forms if form.instance.pk]
        return body_with_flags(self.instance.body, flags, link=True)

    @cached_property
    def legend(self):
        kinds = {form.instance.kind for form in self.forms if form.instance.pk}
        return [(value, label) for value, label in Flag.Kind.choices if value in kinds]

    @cached_property
    def undecided_count(self):
        return sum(
            1
            for form in self.forms
            if form.instance.pk and form.instance.state == Flag.State.SUGGESTED
        )


FLAG_DECISION = re.compile(r"^(flags-\d+):(suggested|confirmed|dismissed)$")
SPAN_DECISION = re.compile(r"^((mentions|quotes)-\d+):(accept|relink|remove)$")


class FlagInline(admin.TabularInline):
    """Each flag as a review card; decisions and new flags go through the services."""

    model = Flag
    form = FlagInlineForm
    formset = FlagFormSet
    template = "admin/articles/article/flag_cards.html"
    can_delete = False
    verbose_name_plural = "Review: flags"
    fields = ["kind", "text", "reason", "state", "decision_reason", "decided_by"]

    def get_queryset(self, request):
        # Detached flags are the record of deleted words: never shown.
        return (
            super()
            .get_queryset(request)
            .attached()
            .select_related("decided_by")
            .order_by("start", "-end", "pk")
        )

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if self.has_add_permission(request, obj) else 0

    def get_max_num(self, request, obj=None, **kwargs):
        # One new flag per save, on the form under the cards (no script adds rows).
        extra = self.get_extra(request, obj)
        return (obj.flags.attached().count() if obj else 0) + extra

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm("articles.review_article"):
            return ["decided_by"]
        return self.fields

    def has_add_permission(self, request, obj=None):
        return obj is not None and request.user.has_perm("articles.review_article")


PASSAGE_LABEL = "Passage (words in the story as it reads now)"


class EditorialNoteForm(forms.ModelForm):
    """A correction names the passage it fixes by its words, never by offsets.

    The words are looked for in the body as this post leaves it
    (`services.span_locate`), so a missing or repeated passage is an error on the
    form, with the rest of the editor's edits kept; the offsets are found again
    when the note is saved (`locate_passage`), after the story's own save.
    """

    passage = forms.CharField(
        label=PASSAGE_LABEL,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For a correction or clarification: copy the words it fixes "
        "from the body, enough of them to occur there only once.",
    )

    class Meta:
        model = EditorialNote
        fields = ["article", "kind", "body", "passage", "previous_text", "quote",
                  "actor"]  # fmt: skip
        widgets = {"previous_text": forms.Textarea(attrs={"rows": 2})}
        labels = {"previous_text": "What the passage said before"}

    def __init__(self, *args, story=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The story whose body the passage is in; the note admin has no story
        # around the form, so there it is the note's (or the chosen) article.
        self.story = story
        if self.instance.passage_start is not None:
            # Its offsets point into the body as stored, which its article (read
            # afresh, not the story this post changes) holds.
            self.initial["passage"] = self.instance.corrected_text

    def clean(self):
        cleaned = super().clean()
        words = normalise_newlines(cleaned.get("passage", "")).strip()
        cleaned["passage"] = words
        # What the body holds may have spaces at its ends, which a paste loses.
        self.passage_changed = words != self.initial.get("passage", "").strip()
        if not words:
            return cleaned
        if cleaned.get("kind") not in (
            EditorialNote.Kind.CORRECTION,
            EditorialNote.Kind.CLARIFICATION,
        ):
            self.add_error(
                "passage",
                "Only a correction or clarification points at a passage: "
                "change the kind, or leave the passage empty.",
            )
        elif self.passage_changed and (story := self._story()) is not None:
            try:
                services.span_locate(story.body, words)
            except services.WorkflowError as exc:
                self.add_error("passage", str(exc))
        return cleaned

    def _story(self):
        if self.story is not None:
            return self.story
        if self.cleaned_data.get("article") is not None:
            return self.cleaned_data["article"]
        return self.instance.article if self.instance.article_id else None

    def locate_passage(self, body):
        """Point the note at its passage in `body`, the story as just saved.

        Words typed here are found in it; a passage left as it was keeps the place
        the story's save moved it to (`services.spans_follow_edit`).
        """
        note = self.instance
        if self.passage_changed:
            words = self.cleaned_data["passage"]
            note.passage_start, note.passage_end = (
                services.span_locate(body, words) if words else (None, None)
            )
        elif note.pk is not None:
            note.refresh_from_db(fields=["passage_start", "passage_end"])


class EditorialNoteFormSet(StoredBodyFormSet):
    """Notes look for their passage's words in the story as this post leaves it."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "story": self.instance}


class PassageAsWords:
    """A note shown read-only (to a reporter) shows its passage as words too."""

    @admin.display(description=PASSAGE_LABEL)
    def passage(self, note):
        return note.corrected_text


class EditorialNoteInline(PassageAsWords, admin.StackedInline):
    """Notes; a correction's passage is shown and typed as words, never offsets."""

    model = EditorialNote
    form = EditorialNoteForm
    formset = EditorialNoteFormSet
    extra = 0
    fields = [
        "kind",
        "body",
        "passage",
        "previous_text",
        ("quote", "actor"),
        "author",
        "created_at",
    ]
    readonly_fields = ["author", "created_at"]
    autocomplete_fields = ["quote", "actor"]


class ArticleAdminForm(forms.ModelForm):
    """Carries the version the editor opened, so a concurrent save is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    edit_note_kind = forms.ChoiceField(
        label="This edit is a",
        required=False,
        choices=[
            ("", "plain edit (no public note)"),
            (EditorialNote.Kind.CORRECTION, "correction"),
            (EditorialNote.Kind.CLARIFICATION, "clarification"),
        ],
        help_text="A correction or clarification is shown to readers with the "
        "words this edit changed, before and after.",
    )
    edit_note = forms.CharField(
        label="Note to readers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. “An earlier version misquoted the minister.”",
    )
    workflow_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed to send back or withdraw; a withdrawal reason is public.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "outlet" in self.fields:
            self.fields["outlet"].required = False
            self.fields["outlet"].help_text = (
                "Left empty: the desk's own outlet. Choose another only for "
                "coverage the desk collected."
            )
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields[
                "slug"
            ].help_text = (
                "The story's address; left empty, it is made from the headline."
            )
        if self.instance.pk:
            # The version in the database now: for a revert from history too.
            self.fields["expected_version"].initial = (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    def clean(self):
        cleaned = super().clean()
        if (
            "slug" in self.fields
            and not cleaned.get("slug")
            and cleaned.get("headline")
        ):
            cleaned["slug"] = services.article_unique_slug(
                cleaned["headline"], exclude_pk=self.instance.pk
            )
        if cleaned.get("edit_note_kind") and not cleaned.get("edit_note", "").strip():
            self.add_error("edit_note", "Say what the correction or clarification is.")
        if cleaned.get("edit_note_kind") and "body" not in self.changed_data:
            self.add_error(
                "edit_note_kind", "A correction goes with a change of the body."
            )
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is None:
            raise forms.ValidationError(
                "This form does not say which version you opened: reload the story."
            )
        if self.instance.pk:
            try:
                services.article_check_version(
                    article=self.instance, expected_version=expected
                )
            except services.StaleVersionError as exc:
                raise forms.ValidationError(str(exc), code="stale") from exc
        return cleaned


def note_target(note):
    """The parts of a note that say what it corrects (all of them, set or not)."""
    return {field: getattr(note, field) for field in services.NOTE_TARGET_FIELDS}


WORKFLOW_BUTTONS = [
    ("reanalyse", "Re-analyse"),
    ("confirm_genre", "Confirm genre"),
    ("submit", "Submit for review"),
    ("send_back", "Send back"),
    ("publish", "Publish"),
    ("spike", "Spike"),
    ("withdraw", "Withdraw"),
]


@admin.register(Article)
class ArticleAdmin(ServiceRefusalAsMessage, SimpleHistoryAdmin):
    form = ArticleAdminForm
    save_on_top = True  # Enter in a field saves; the first submit button is Save
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline",
        "outlet",
        "genre",
        "genre_confirmed",
        "status",
        "undecided_flags",
        "published_at",
    ]
    list_filter = [
        "status", "genre", ReviewQueueFilter, "outlet", "topics", "published_at",
    ]  # fmt: skip
    # At 100,000 stories a date hierarchy (a DISTINCT over every date) and the
    # full count cost seconds per page; a date filter and "show all" do not.
    show_full_result_count = False
    # The desk works on what changed last (drafts have no publication time).
    ordering = ["-updated_at", "-pk"]
    list_select_related = ["outlet"]
    search_fields = ["headline", "byline", "dek"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["outlet", "topics", "events"]
    readonly_fields = [
        "status",
        "genre_confirmed_by",
        "genre_confirmed_at",
        "withdrawal_reason",
        "version",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "byline", "body"]}),
        ("Correction", {"fields": ["edit_note_kind", "edit_note"]}),
        (
            "Source",
            {
                "fields": [
                    "outlet",
                    "original_url",
                    "language",
                    "published_at",
                    "ingested_at",
                ]
            },
        ),
        (
            "Desk",
            {
                "fields": [
                    "genre",
                    "genre_confirmed_by",
                    "genre_confirmed_at",
                    "status",
                    "withdrawal_reason",
                    "workflow_reason",
                    "topics",
                    "events",
                ]
            },
        ),
        (
            "Record",
            {
                "fields": [
                    "version",
                    "expected_version",
                    "created_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),  # fmt: skip
    ]
    inlines = [FlagInline, EditorialNoteInline, QuoteInline, MentionInline]
    actions = [
        "submit_selected",
        "confirm_genre_selected",
        "publish_selected",
        "spike_selected",
    ]

    class Media:
        css = {"all": ["css/admin-flags.css"]}
        js = ["js/admin-a11y.js", "js/admin-presence.js"]

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return services.article_can_edit(user=request.user, article=obj)

    object_history_list_template = "admin/articles/article/history_list.html"
    history_list_display = ["changes_in_words"]

    def changes_in_words(self, record):
        return desk.version_changes(record)

    def history_view(self, request, object_id, extra_context=None):
        """Versions with word-level diffs, and every step and decision in plain words."""
        entries = list(
            AuditEntry.objects.filter(article_id=object_id)
            .select_related("user")
            .order_by("-created_at", "-pk")[:200]
        )
        ids = {
            (entry.after or {}).get("flag") or (entry.before or {}).get("flag")
            for entry in entries
        }
        flags = Flag.objects.in_bulk([pk for pk in ids if pk])
        extra_context = {
            **(extra_context or {}),
            "audit": [
                (entry, desk.describe(entry, flags), desk.when(entry.created_at))
                for entry in entries
            ],
        }
        return super().history_view(request, object_id, extra_context)

    def view_on_site(self, article):
        """The public page once published (or withdrawn); the desk's preview before."""
        if article.status in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN):
            return article.get_absolute_url()
        return reverse("articles:story_preview", kwargs={"slug": article.slug})

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("outlet", services.outlet_house().pk)
        return initial

    def get_urls(self):
        from .ingest.admin import ingest_urls  # ingest: upload page and comparison

        presence = path(
            "<int:object_id>/presence/",
            self.admin_site.admin_view(self.presence_view),
            name="articles_article_presence",
        )
        return [presence, *ingest_urls(self), *super().get_urls()]

    def presence_view(self, request, object_id):
        """The change form says it is still open (POST) or was left (POST close=1)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=object_id)
        if request.POST.get("close"):
            services.editing_session_close(article=article, user=request.user)
        else:
            services.editing_session_open(article=article, user=request.user)
        return HttpResponse(status=204)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).with_undecided_flag_count()
        match = request.resolver_match
        if match and match.url_name == "articles_article_changelist":
            queryset = queryset.defer("body")  # the list never shows it
        return queryset

    @admin.display(boolean=True, description="Genre confirmed")
    def genre_confirmed(self, article):
        return article.genre_confirmed

    @admin.display(description="Undecided flags", ordering="undecided_flag_count")
    def undecided_flags(self, article):
        return article.undecided_flag_count

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None and request.method == "GET":
            sent_back = desk.send_back_pending(article)
            if sent_back is not None:
                self.message_user(
                    request, desk.send_back_message(sent_back), messages.WARNING
                )
            others = services.editing_session_open(article=article, user=request.user)
            if others:
                names = ", ".join(user.get_username() for user in others)
                self.message_user(
                    request,
                    f"{names} {'has' if len(others) == 1 else 'have'} this story "
                    "open for editing now.",
                    messages.WARNING,
                )
        if article is not None:
            extra_context["workflow_buttons"] = [
                (action, label)
                for action, label in WORKFLOW_BUTTONS
                if action in services.article_available_actions(article=article, user=request.user)
                or (action == "confirm_genre"
                    and request.user.has_perm("articles.review_article"))
                or (action == "reanalyse"
                    and services.article_can_edit(user=request.user, article=article))
            ]  # fmt: skip
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        relations = {
            name: form.cleaned_data[name]
            for name in ("topics", "events")
            if name in form.cleaned_data
        }
        if change:
            kind = form.cleaned_data.get("edit_note_kind")
            services.article_update(
                article=obj,
                user=request.user,
                expected_version=form.cleaned_data["expected_version"],
                fields=relations,
                correction={"kind": kind, "body": form.cleaned_data["edit_note"]}
                if kind
                else None,
            )
        else:
            services.article_create(article=obj, user=request.user, fields=relations)

    def save_related(self, request, form, formsets, change):
        # Topics and events were set by the service in save_model.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        """Every inline change is a service call; nothing is saved directly."""
        save_inline = {
            Flag: self._save_flag,
            EditorialNote: self._save_note,
            Mention: self._save_mention,
            Quote: self._save_quote,
        }[formset.model]
        # What admin's own change message reads from a saved formset.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = (
            [],
            [],
            [],
        )
        for inline_form in formset.forms:
            instance = inline_form.instance
            if formset.can_delete and formset._should_delete_form(inline_form):
                if instance.pk:
                    self._delete_inline(request, instance)
                    formset.deleted_objects.append(instance)
            elif inline_form.has_changed():
                new = instance.pk is None
                save_inline(request, form.instance, inline_form)
                if new:
                    formset.new_objects.append(instance)
                else:
                    formset.changed_objects.append((instance, inline_form.changed_data))

    def _save_flag(self, request, article, flag_form):
        flag = flag_form.instance
        if flag.pk is None:
            services.flag_add(article=article, kind=flag.kind, text=flag.text,
                              reason=flag.reason, user=request.user)  # fmt: skip
        else:
            services.flag_decide(flag=flag, state=flag.state, user=request.user,
                                 reason=flag.decision_reason)  # fmt: skip

    def _save_note(self, request, article, note_form):
        note = note_form.instance
        note_form.locate_passage(article.body)
        target = note_target(note)
        if note.pk is None:
            services.note_add(article=article, kind=note.kind, body=note.body,
                              user=request.user, **target)  # fmt: skip
        else:
            services.note_update(note=note, kind=note.kind, body=note.body,
                                 user=request.user, **target)  # fmt: skip

    def _save_mention(self, request, article, mention_form):
        mention = mention_form.instance
        if "actor" in mention_form.changed_data:
            services.mention_update(mention=mention, actor=mention.actor,
                                    user=request.user)  # fmt: skip
        elif mention_form.cleaned_data.get("accept"):
            services.mention_accept(mention=mention, user=request.user)

    def _save_quote(self, request, article, quote_form):
        quote = quote_form.instance
        if {"speaker", "event"} & set(quote_form.changed_data):
            services.quote_update(quote=quote, speaker=quote.speaker,
                                  event=quote.event, user=request.user)  # fmt: skip
        elif quote_form.cleaned_data.get("accept"):
            services.quote_accept(quote=quote, user=request.user)

    def _delete_inline(self, request, instance):
        delete = {
            EditorialNote: lambda: services.note_delete(
                note=instance, user=request.user
            ),
            Mention: lambda: services.mention_delete(
                mention=instance, user=request.user
            ),
            Quote: lambda: services.quote_delete(quote=instance, user=request.user),
        }[type(instance)]
        delete()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        post = request.POST.copy() if request.method == "POST" else {}
        if decision := post.get("_flag_decision"):
            # A card's Confirm / Dismiss / Reopen button: the flag's state, then
            # the usual save of the whole form (the service decides the flag).
            match = FLAG_DECISION.match(decision)
            if match is None:
                raise PermissionDenied
            post[f"{match[1]}-state"] = match[2]
            request.POST = post
        if decision := post.get("_span_decision"):
            # A mention or quote card's Accept / Change / Remove button, likewise:
            # a relink is the actor or speaker the card's field now holds.
            match = SPAN_DECISION.match(decision)
            if match is None:
                raise PermissionDenied
            field = {"accept": "accept", "remove": "DELETE"}.get(match[3])
            if field:
                post[f"{match[1]}-{field}"] = "on"
            request.POST = post
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        decision = FLAG_DECISION.match(request.POST.get("_flag_decision", ""))
        if decision:
            pk = request.POST.get(f"{decision[1]}-id", "")
            self.message_user(
                request,
                f"Flag {int(decision[1].split('-')[1]) + 1}: "
                f"{Flag.State(decision[2]).label.lower()}.",
                messages.SUCCESS,
            )
            anchor = f"#flag-card-{pk}" if pk.isdigit() else "#review"
            return HttpResponseRedirect(request.path + anchor)
        span = SPAN_DECISION.match(request.POST.get("_span_decision", ""))
        if span:
            return self._span_decided(request, *span.groups())
        action = request.POST.get("_workflow")
        if action:
            self._run_workflow(
                request, obj, action, request.POST.get("workflow_reason", "")
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def _span_decided(self, request, prefix, kind, decision):
        """Say what a mention or quote card's button did, and go back to the card."""
        model = Mention if kind == "mentions" else Quote
        label = (
            f"{model._meta.verbose_name.capitalize()} {int(prefix.split('-')[1]) + 1}"
        )
        pk = request.POST.get(f"{prefix}-id", "")
        span = model.objects.filter(pk=pk).first() if pk.isdigit() else None
        if span is None:
            self.message_user(request, f"{label}: removed.", messages.SUCCESS)
            return HttpResponseRedirect(f"{request.path}#{kind}-review")
        who = span.actor if model is Mention else span.speaker or "speaker not known"
        if decision == "accept":
            done = f"{label} accepted: {who}."
        elif model is Mention:
            done = f"{label} now names {who}."
        else:
            done = f"{label}: spoken by {who}."
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(
            f"{request.path}#{model._meta.model_name}-card-{pk}"
        )

    def _run_workflow(self, request, article, action, reason=""):
        try:
            if action == "confirm_genre":
                article.refresh_from_db()
                services.article_confirm_genre(
                    article=article, genre=article.genre, user=request.user
                )
                done = f"genre confirmed as {article.genre_label}"
            elif action == "reanalyse":
                added = services.article_suggest(article=article, user=request.user)
                done = (
                    "the analyzer added {flags} flag(s), {mentions} mention(s) and "
                    "{quotes} quote(s); nothing decided changed".format(**added)
                )
            else:
                article = services.article_transition(
                    article=article, action=action, user=request.user, reason=reason
                )
                done = f"now {article.get_status_display().lower()}"
        except (services.WorkflowError, PermissionDenied) as exc:
            self.message_user(request, f"“{article}”: {exc}", messages.ERROR)
            return False
        self.message_user(request, f"“{article}”: {done}.", messages.SUCCESS)
        return True

    def _run_bulk(self, request, queryset, action):
        done = sum(self._run_workflow(request, article, action) for article in queryset)
        if done > 1:
            self.message_user(request, f"{done} stories done.", messages.SUCCESS)

    @admin.action(description="Submit selected drafts for review")
    def submit_selected(self, request, queryset):
        self._run_bulk(request, queryset, "submit")

    @admin.action(description="Confirm the genre of selected stories")
    def confirm_genre_selected(self, request, queryset):
        self._run_bulk(request, queryset, "confirm_genre")

    @admin.action(description="Publish selected stories")
    def publish_selected(self, request, queryset):
        self._run_bulk(request, queryset, "publish")

    @admin.action(description="Spike selected stories")
    def spike_selected(self, request, queryset):
        self._run_bulk(request, queryset, "spike")


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """History to read; a revert would write around the services, so there is none."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ChangedOnTheStoryAdmin(admin.ModelAdmin):
    """A list to search; each one is changed on its story's page, through a service."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Mention)
class MentionAdmin(ChangedOnTheStoryAdmin):
    list_display = ["text", "actor", "article", "start", "end"]
    list_select_related = ["actor", "article"]
    search_fields = ["text", "actor__name", "article__headline"]


@admin.register(Quote)
class QuoteAdmin(ChangedOnTheStoryAdmin):
    list_display = ["__str__", "speaker", "article", "event"]
    list_select_related = ["speaker", "article", "event"]
    list_filter = [("speaker", admin.EmptyFieldListFilter)]
    search_fields = ["text", "speaker__name", "article__headline"]


@admin.register(Flag)
class FlagAdmin(ChangedOnTheStoryAdmin, ReadOnlyHistoryAdmin):
    list_display = ["__str__", "kind", "state", "article", "decided_by", "decided_at"]
    list_filter = ["state", "kind"]
    list_select_related = ["article", "decided_by"]
    search_fields = ["text", "reason", "article__headline"]


@admin.register(EditorialNote)
class EditorialNoteAdmin(PassageAsWords, ServiceRefusalAsMessage, ReadOnlyHistoryAdmin):
    list_display = ["__str__", "kind", "author", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["article", "author"]
    search_fields = ["body", "article__headline"]
    autocomplete_fields = ["article", "quote", "actor"]
    form = EditorialNoteForm

    def get_readonly_fields(self, request, obj=None):
        # `note_update` never moves a note to another story.
        return ["author"] if obj is None else ["article", "author"]

    def save_model(self, request, obj, form, change):
        form.locate_passage(obj.article.body)
        if change:
            services.note_update(note=obj, kind=obj.kind, body=obj.body,
                                 user=request.user, **note_target(obj))  # fmt: skip
            return
        note = services.note_add(article=obj.article, kind=obj.kind, body=obj.body,
                                 user=request.user, **note_target(obj))  # fmt: skip
        obj.pk, obj.author, obj.created_at = note.pk, note.author, note.created_at

    def delete_model(self, request, obj):
        services.note_delete(note=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for note in queryset:
            services.note_delete(note=note, user=request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail is read-only: it records what the services did."""

    list_display = ["created_at", "article", "in_words"]
    list_filter = ["action"]
    list_select_related = ["article", "user"]
    search_fields = ["article__headline", "reason", "user__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="What happened")
    def in_words(self, entry):
        return desk.describe(entry)
