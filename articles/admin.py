from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import services
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


class SpanInline(admin.TabularInline):
    extra = 0
    fields = ["start", "end", "text"]


class MentionInline(SpanInline):
    model = Mention
    fields = ["actor", "alias", *SpanInline.fields]
    autocomplete_fields = ["actor", "alias"]


class QuoteInline(SpanInline):
    model = Quote
    fields = ["speaker", "event", *SpanInline.fields]
    autocomplete_fields = ["speaker", "event"]


class FlagInline(SpanInline):
    """Each flag with its decision; a changed decision is saved through flag_decide."""

    model = Flag
    fields = ["kind", "text", "reason", "state", "decision_reason", "decided_by"]
    readonly_fields = ["decided_by"]

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm("articles.review_article"):
            return self.readonly_fields
        return [*self.readonly_fields, "state", "decision_reason"]


class EditorialNoteInline(admin.StackedInline):
    model = EditorialNote
    extra = 0
    fields = [
        "kind",
        "body",
        ("passage_start", "passage_end", "previous_text"),
        ("quote", "actor"),
        "author",
        "created_at",
    ]
    readonly_fields = ["author", "created_at"]
    autocomplete_fields = ["quote", "actor"]


class ArticleAdminForm(forms.ModelForm):
    """Carries the version the editor opened, so a concurrent save is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    workflow_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed to send back or withdraw; a withdrawal reason is public.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The version in the database now: for a revert from history too.
            self.fields["expected_version"].initial = (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            try:
                services.article_check_version(
                    article=self.instance, expected_version=expected
                )
            except services.StaleVersionError as exc:
                raise forms.ValidationError(str(exc), code="stale") from exc
        return cleaned


def note_target(note):
    """The parts of a note that say what it corrects, when it says so."""
    fields = ["passage_start", "passage_end", "previous_text", "quote", "actor"]
    values = {field: getattr(note, field) for field in fields}
    return {field: value for field, value in values.items() if value not in (None, "")}


WORKFLOW_BUTTONS = [
    ("confirm_genre", "Confirm genre"),
    ("submit", "Submit for review"),
    ("send_back", "Send back"),
    ("publish", "Publish"),
    ("spike", "Spike"),
    ("withdraw", "Withdraw"),
]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
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
    list_filter = ["status", "genre", ReviewQueueFilter, "outlet", "topics"]
    list_select_related = ["outlet"]
    search_fields = ["headline", "byline", "dek"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["outlet", "topics", "events"]
    readonly_fields = [
        "status",
        "genre_confirmed_by",
        "genre_confirmed_at",
        "withdrawal_reason",
        "flagged_body",
        "version",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "byline", "body"]}),
        ("Flags in place", {"fields": ["flagged_body"]}),
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

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return services.article_can_edit(user=request.user, article=obj)

    def get_urls(self):
        from .admin_ingest import ingest_urls  # ingest: upload page and comparison

        return ingest_urls(self) + super().get_urls()

    def get_queryset(self, request):
        undecided = Count("flags", filter=Q(flags__state=Flag.State.SUGGESTED))
        return super().get_queryset(request).annotate(undecided_flag_count=undecided)

    @admin.display(boolean=True, description="Genre confirmed")
    def genre_confirmed(self, article):
        return article.genre_confirmed

    @admin.display(description="Undecided flags", ordering="undecided_flag_count")
    def undecided_flags(self, article):
        return article.undecided_flag_count

    @admin.display(description="Body with flags")
    def flagged_body(self, article):
        if not article.pk:
            return "—"
        return format_html(
            '<div class="flagged-body">{}</div>',
            body_with_flags(article.body, article.flags.all()),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None and request.method == "GET":
            others = services.editing_session_open(article=article, user=request.user)
            if others:
                names = ", ".join(user.get_username() for user in others)
                self.message_user(
                    request,
                    f"{names} opened this story for editing in the last "
                    f"{services.EDITING_WINDOW.seconds // 60} minutes.",
                    messages.WARNING,
                )
        if article is not None:
            extra_context["workflow_buttons"] = [
                (action, label)
                for action, label in WORKFLOW_BUTTONS
                if action in services.article_available_actions(article=article, user=request.user)
                or (action == "confirm_genre"
                    and request.user.has_perm("articles.review_article"))
            ]  # fmt: skip
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        services.article_save(
            article=obj,
            user=request.user,
            expected_version=form.cleaned_data.get("expected_version"),
            changed_fields=form.changed_data,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Flag:
            instances = formset.save(commit=False)
            for instance in instances:
                if isinstance(instance, EditorialNote) and instance.pk is None:
                    services.note_add(
                        article=instance.article,
                        kind=instance.kind,
                        body=instance.body,
                        user=request.user,
                        **note_target(instance),
                    )
                else:
                    instance.save()
            for obj in formset.deleted_objects:
                obj.delete()
            formset.save_m2m()
            return
        for flag_form in formset.forms:
            decided = {"state", "decision_reason"} & set(flag_form.changed_data)
            flag = flag_form.instance
            if flag.pk and decided and flag.state != Flag.State.SUGGESTED:
                services.flag_decide(
                    flag=flag,
                    state=flag.state,
                    user=request.user,
                    reason=flag.decision_reason,
                )
                flag_form.changed_data.clear()
        formset.save()

    def response_change(self, request, obj):
        action = request.POST.get("_workflow")
        if action:
            self._run_workflow(
                request, obj, action, request.POST.get("workflow_reason", "")
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def _run_workflow(self, request, article, action, reason=""):
        try:
            if action == "confirm_genre":
                article.refresh_from_db()
                services.article_confirm_genre(
                    article=article, genre=article.genre, user=request.user
                )
                done = f"genre confirmed as {article.get_genre_display()}"
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


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["text", "actor", "article", "start", "end"]
    list_select_related = ["actor", "article"]
    search_fields = ["text", "actor__name", "article__headline"]
    autocomplete_fields = ["article", "actor", "alias"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "article", "event"]
    list_select_related = ["speaker", "article", "event"]
    list_filter = [("speaker", admin.EmptyFieldListFilter)]
    search_fields = ["text", "speaker__name", "article__headline"]
    autocomplete_fields = ["article", "speaker", "event"]


@admin.register(Flag)
class FlagAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "state", "article", "decided_by", "decided_at"]
    list_filter = ["state", "kind"]
    list_select_related = ["article", "decided_by"]
    search_fields = ["text", "reason", "article__headline"]
    autocomplete_fields = ["article"]
    readonly_fields = ["decided_by", "decided_at"]


@admin.register(EditorialNote)
class EditorialNoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "author", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["article", "author"]
    search_fields = ["body", "article__headline"]
    autocomplete_fields = ["article", "quote", "actor"]
    readonly_fields = ["author"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        note = services.note_add(
            article=obj.article,
            kind=obj.kind,
            body=obj.body,
            user=request.user,
            **note_target(obj),
        )
        obj.pk, obj.author, obj.created_at = note.pk, note.author, note.created_at


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail is read-only: it records what the services did."""

    list_display = [
        "created_at",
        "action",
        "article",
        "user",
        "before",
        "after",
        "reason",
    ]
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
