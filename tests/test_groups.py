"""Each desk role's group carries the permissions its work needs, and no more."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def permissions_of(name):
    group = Group.objects.get(name=name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_reporter_drafts_but_cannot_publish_or_decide_flags():
    permissions = permissions_of("Reporter")
    assert {
        "articles.add_article",
        "articles.change_article",
        "articles.add_quote",
    } <= permissions
    assert "articles.publish_article" not in permissions
    assert "articles.change_flag" not in permissions
    assert "articles.delete_article" not in permissions
    assert "actors.change_actor" not in permissions


def test_editor_reviews_and_publishes_but_does_not_manage_the_directory():
    permissions = permissions_of("Editor")
    assert {
        "articles.publish_article",
        "articles.review_article",
        "articles.change_flag",
        "articles.add_editorialnote",
    } <= permissions
    assert "articles.withdraw_article" not in permissions
    assert "actors.add_actor" not in permissions
    assert "articles.change_outlet" not in permissions


def test_desk_chief_manages_everything_and_withdraws():
    permissions = permissions_of("Desk chief")
    assert permissions_of("Editor") <= permissions
    assert {
        "articles.withdraw_article",
        "actors.add_actor",
        "actors.delete_event",
        "articles.change_outlet",
        "articles.add_topic",
    } <= permissions


def test_roles_are_nested():
    assert (
        permissions_of("Reporter")
        < permissions_of("Editor")
        < permissions_of("Desk chief")
    )
