"""Read an admin form's current values from its HTML, to post it back as a browser would."""

from html.parser import HTMLParser


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
