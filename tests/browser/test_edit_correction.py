"""An editor fixes a word of an annotated demo story in admin, notes it as a
correction, and readers see the correction with every remaining flag in place."""

import pytest
from playwright.sync_api import expect

from articles import services
from articles.devtools.demo import demo_load
from articles.models import Article, Flag
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def test_editor_fixes_harmony_track_and_readers_see_the_correction(
    live_server, desk_page, screenshot
):
    page = desk_page
    demo_load()
    editor = UserFactory(username="editor", group="Editor")
    article = Article.objects.get(status=Article.Status.IN_REVIEW)
    attached_before = article.flags.attached().count()

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    body = page.locator("textarea[name='body']")
    body.fill(body.input_value().replace("harmony track", "peace track"))
    page.select_option("select[name='edit_note_kind']", "correction")
    page.fill(
        "textarea[name='edit_note']", "An earlier version altered O'Brien's words."
    )
    page.click("input[name='_continue']")
    expect(page.locator(".errornote")).to_have_count(0)
    expect(page.locator("ul.messagelist .success")).to_be_visible()
    screenshot("after-correction")

    article.refresh_from_db()
    assert "peace track" in article.body and "harmony track" not in article.body
    for flag in article.flags.attached():
        assert article.body[flag.start : flag.end] == flag.text
    assert article.flags.attached().count() >= attached_before

    # The rest of the review through the services, then the reader's view.
    services.article_confirm_genre(article=article, genre=article.genre, user=editor)
    for flag in article.flags.undecided():
        services.flag_decide(flag=flag, state=Flag.State.CONFIRMED, user=editor,
                             reason="Checked against the original.")  # fmt: skip
    services.article_transition(article=article, action="publish", user=editor)

    page.goto(live_server.url + article.get_absolute_url())
    correction = page.locator(".desk-notes .note-correction")
    expect(correction).to_contain_text("altered O'Brien's words")
    expect(correction.locator("del")).to_have_text("harmony")
    expect(correction.locator("ins")).to_have_text("peace")
    # Every confirmed flag has its note in place, and the words marked are the body's.
    public = article.flags.public().count()
    expect(page.locator(".story-body .flag-note")).to_have_count(public)
    expect(page.locator(".story-body mark.flag").first).to_be_visible()
    for mark in page.locator(".story-body mark.flag").all_inner_texts():
        assert mark in article.body
    screenshot("public-story")
