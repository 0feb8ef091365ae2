"""A story's ETags (articles/api/etags.py)."""

import pytest

from articles.api.etags import etag_version, story_etag, version_etag


@pytest.mark.parametrize(
    "etag", [story_etag(7, "5f1c0a"), version_etag(7), 'W/"7-5f1c0a"', 'W/"7"']
)
def test_every_form_of_a_story_tag_names_its_version(etag):
    assert etag_version(etag) == 7


@pytest.mark.parametrize("etag", ['"abc"', '"7-not-hex"', "7", "*"])
def test_a_tag_of_another_form_names_no_version(etag):
    assert etag_version(etag) is None
