from django.contrib import admin

from .models import Actor, Affiliation, Alias, Event, Participation


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["organization"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["actor"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "alias_list", "updated_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__text", "description", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline, AffiliationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description="Aliases")
    def alias_list(self, actor):
        return ", ".join(alias.text for alias in actor.aliases.all())


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["text", "actor", "kind"]
    list_filter = ["kind"]
    list_select_related = ["actor"]
    search_fields = ["text", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "organization", "start_date", "end_date"]
    list_select_related = ["person", "organization"]
    search_fields = ["person__name", "organization__name", "title"]
    autocomplete_fields = ["person", "organization"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "date",
        "date_precision",
        "end_date",
        "kind",
        "status",
        "place",
    ]
    list_filter = ["status", "kind", "date_precision"]
    search_fields = ["title", "place", "description"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["event", "actor", "role"]
    list_filter = ["role"]
    list_select_related = ["event", "actor"]
    search_fields = ["event__title", "actor__name"]
    autocomplete_fields = ["event", "actor"]
