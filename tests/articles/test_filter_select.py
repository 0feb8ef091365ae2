"""The topic page's filter selects, written without Django's option templates."""

import pytest

from articles.site.views import CSVSelect

pytestmark = pytest.mark.django_db


def test_values_and_labels_are_escaped_and_the_chosen_one_selected():
    select = CSVSelect(
        choices=[("", "Any"), ('a"b', "<script>x</script>"), ("plain", "Plain & co")]
    )
    html = select.render("outlet", 'a"b', attrs={"id": "id_outlet"})
    assert html.startswith('<select name="outlet" id="id_outlet">')
    assert (
        '<option value="a&quot;b" selected>&lt;script&gt;x&lt;/script&gt;</option>'
        in html
    )
    assert '<option value="plain">Plain &amp; co</option>' in html
    assert '<option value="">Any</option>' in html
    assert "<script>" not in html


def test_several_values_fall_back_to_a_text_field():
    html = CSVSelect(choices=[("a", "A"), ("b", "B")]).render("outlet", ["a", "b"])
    assert 'type="text"' in html
    assert 'value="a,b"' in html
