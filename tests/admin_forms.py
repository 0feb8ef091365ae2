"""A story's admin change form in tests: open it, read its current values from the
HTML, post them back as a browser would, and read what the post did."""

from html.parser import HTMLParser

from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import AuditEntry


class _FormValues(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data, self._textarea, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if (
            tag == "input"
            and name
            and attrs.get("type") not in {"submit", "button", "file"}
        ):
            checkable = attrs.get("type") in {"checkbox", "radio"}
            if checkable and "checked" not in attrs:
                return
            default = "on" if checkable else ""
            self.data.setdefault(name, []).append(attrs.get("value", default))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def form_values(html):
    """The values a browser would submit, as a dict of lists (for client.post)."""
    parser = _FormValues()
    parser.feed(html)
    values = {name: value for name, value in parser.data.items() if value}
    # A textarea's content starts after one newline, which browsers drop.
    for name, value in values.items():
        if value and value[0].startswith("\n"):
            values[name] = [value[0][1:]]
    return values


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def open_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    return form_values(response.content.decode())


def row(data, prefix, pk):
    """The inline row index of the object `pk` in a form's values."""
    for index in range(int(data[f"{prefix}-TOTAL_FORMS"][0])):
        if data.get(f"{prefix}-{index}-id") == [str(pk)]:
            return index
    raise AssertionError(f"{prefix} row of {pk} not in the form")


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def actions(article):
    """The story's audit trail, oldest first."""
    return list(
        AuditEntry.objects.filter(article=article)
        .order_by("pk")
        .values_list("action", flat=True)
    )
