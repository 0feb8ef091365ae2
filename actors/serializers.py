"""API representations of actors and events (this app never imports `articles`)."""

from rest_framework import serializers

from .models import Actor, Affiliation, Alias, Event, Participation


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = Alias
        fields = ["text", "kind"]


class ActorRefSerializer(serializers.ModelSerializer):
    """An actor as other resources point at it."""

    class Meta:
        model = Actor
        fields = ["slug", "name", "kind"]


class AffiliationSerializer(serializers.ModelSerializer):
    organization = ActorRefSerializer(read_only=True)

    class Meta:
        model = Affiliation
        fields = ["organization", "title", "start_date", "end_date"]


class ActorSerializer(serializers.ModelSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    affiliations = AffiliationSerializer(many=True, read_only=True)

    class Meta:
        model = Actor
        fields = [
            "slug",
            "name",
            "kind",
            "description",
            "country",
            "wikidata_id",
            "aliases",
            "affiliations",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class ParticipationSerializer(serializers.ModelSerializer):
    actor = ActorRefSerializer(read_only=True)

    class Meta:
        model = Participation
        fields = ["actor", "role"]


class EventRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["slug", "title", "date", "date_precision", "status"]


class EventSerializer(serializers.ModelSerializer):
    participants = ParticipationSerializer(
        source="participations", many=True, read_only=True
    )

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "date",
            "date_precision",
            "display_date",
            "end_date",
            "place",
            "country",
            "description",
            "participants",
            "updated_at",
        ]
        read_only_fields = ["display_date", "updated_at"]

    def validate(self, attrs):
        start = attrs.get("date", getattr(self.instance, "date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": "An event cannot end before it starts."}
            )
        return attrs
