from django.contrib import admin

from .models import Article, EditorialNote, Flag, Mention, Outlet, Quote, Topic


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
    model = Flag
    fields = ["kind", "state", *SpanInline.fields, "reason", "decision_reason"]


class EditorialNoteInline(admin.StackedInline):
    model = EditorialNote
    extra = 0
    fields = ["kind", "body"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "outlet",
        "genre",
        "genre_confirmed",
        "status",
        "published_at",
    ]
    list_filter = ["status", "genre", "outlet", "topics"]
    list_select_related = ["outlet"]
    search_fields = ["headline", "byline", "dek"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["outlet", "topics", "events"]
    readonly_fields = [
        "status",
        "genre_confirmed_by",
        "genre_confirmed_at",
        "version",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "byline", "body"]}),
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
                    "topics",
                    "events",
                ]
            },
        ),
        ("Record", {"fields": ["version", "created_by", "created_at", "updated_at"]}),
    ]
    inlines = [EditorialNoteInline, FlagInline, QuoteInline, MentionInline]

    @admin.display(boolean=True, description="Genre confirmed")
    def genre_confirmed(self, article):
        return article.genre_confirmed

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


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
class FlagAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "state", "article", "decided_by", "decided_at"]
    list_filter = ["state", "kind"]
    list_select_related = ["article", "decided_by"]
    search_fields = ["text", "reason", "article__headline"]
    autocomplete_fields = ["article"]
    readonly_fields = ["decided_by", "decided_at"]


@admin.register(EditorialNote)
class EditorialNoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "author", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["article", "author"]
    search_fields = ["body", "article__headline"]
    autocomplete_fields = ["article"]
    readonly_fields = ["author"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)
