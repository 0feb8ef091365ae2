"""NUL bytes, which PostgreSQL refuses in text, never turn into a server error."""

import pytest

from tests.factories import PublishedArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=baku%00",
        "/topics/{topic}/?actor=a%00b&outlet=%00",
        "/api/v1/articles/?q=%00&topic=a%00",
        "/api/v1/actors/?kind=%00",
        "/api/v1/articles/a%00b/",
    ],
)
def test_nul_bytes_in_requests_are_refused_politely(client, url):
    topic = TopicFactory()
    PublishedArticleFactory().topics.add(topic)
    response = client.get(url.format(topic=topic.slug))
    assert response.status_code < 500
