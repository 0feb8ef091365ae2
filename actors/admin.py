from django.contrib import admin
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from .models import Actor, Affiliation, Alias, Event, Participation

A11Y_JS = ["js/admin-a11y.js"]  # names for the autocomplete widgets


class AliasInline(admin.StackedInline):
    model = Alias
    extra = 1
    fields = [("text", "kind"), "shared"]


class AffiliationInline(admin.StackedInline):
    model = Affiliation
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["organization"]
    fields = [("organization", "title"), ("start_date", "end_date")]


class ParticipationInline(admin.StackedInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["actor"]
    fields = [("actor", "role")]


def _alias(lookup, term):
    return Exists(
        Alias.objects.filter(actor=OuterRef("pk"), **{f"text__{lookup}": term})
    )


def match_rank(term):
    """0 exact name, 1 exact alias, 2 name starts with it, 3 an alias does, 4 a word
    of the name does, 5 anything else (a name or alias containing it, or not)."""
    word = Q(name__icontains=f" {term}") | Q(name__icontains=f"-{term}")
    return Case(
        When(name__iexact=term, then=Value(0)),
        When(_alias("iexact", term), then=Value(1)),
        When(name__istartswith=term, then=Value(2)),
        When(_alias("istartswith", term), then=Value(3)),
        When(word, then=Value(4)),
        default=Value(5),
        output_field=IntegerField(),
    )


def ranked_actors(queryset, term):
    """Actors whose name or an alias contains `term`, the best match first.

    Descriptions are not searched, so "Armenia" finds Armenia, not everyone whose
    description mentions it.
    """
    term = " ".join(term.split())
    return (
        queryset.filter(Q(name__icontains=term) | _alias("icontains", term))
        .annotate(match_rank=match_rank(term))
        .order_by("match_rank", "name")
    )


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "alias_list", "updated_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__text", "description", "wikidata_id"]
    search_help_text = "Name or alias first; then descriptions and Wikidata IDs."
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline, AffiliationInline]

    class Media:
        js = A11Y_JS

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    def get_search_results(self, request, queryset, search_term):
        """The autocomplete (every actor picker) ranks names and aliases only; the
        list's search ranks them first too, then finds descriptions and IDs."""
        if not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        ranked = ranked_actors(queryset, search_term)
        if request.path.endswith("/autocomplete/"):
            return ranked, False
        others, _duplicates = super().get_search_results(request, queryset, search_term)
        term = " ".join(search_term.split())
        return (
            queryset.filter(
                Q(pk__in=ranked.values("pk")) | Q(pk__in=others.values("pk"))
            )
            .annotate(match_rank=match_rank(term))
            .order_by("match_rank", "name"),
            False,
        )

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

    class Media:
        js = A11Y_JS


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["event", "actor", "role"]
    list_filter = ["role"]
    list_select_related = ["event", "actor"]
    search_fields = ["event__title", "actor__name"]
    autocomplete_fields = ["event", "actor"]
