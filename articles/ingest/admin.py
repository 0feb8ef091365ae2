"""Admin pages for ingest: upload files or paste text, and compare a near-duplicate
with the story it copies. Hooked into ArticleAdmin by `ingest_urls`.
"""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path

from ..analysis.duplicates import compare
from ..models import Article, is_desk
from . import IngestResult, desk_load, ingest_data, max_bytes_default


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        """Every file chosen, each checked on its own when it is ingested: one
        empty or unreadable file is a failed row, never a refused upload."""
        if not data:
            return []
        return [item for item in (data if isinstance(data, list | tuple) else [data])
                if item is not None]  # fmt: skip


# Tags that make a pasted text or a .txt file HTML, wherever they stand.
HTML_TAG = re.compile(
    r"<(?:!doctype|html|head|body|article|section|div|p|h[1-6]|br|span|a|em|strong|"
    r"b|i|ul|ol|li|blockquote|title|meta|time|figure|header|footer|main)\b[^>]*>",
    re.IGNORECASE,
)


def ingest_name(name, data):
    """The file name the pipeline reads the input by: HTML, tags and all, is .html."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return name
    head = data[:8192]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "ignore")
    if HTML_TAG.search(head):
        return (name.rsplit(".", 1)[0] if "." in name else name) + ".html"
    return name


class IngestForm(forms.Form):
    files = MultipleFileField(
        required=False,
        help_text="Plain text or HTML files, UTF-8; each becomes one draft.",
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90}),
        label="Or paste the text",
        help_text="Headline on the first line; HTML is fine too.",
    )
    name = forms.CharField(
        required=False,
        initial="pasted.txt",
        label="Name for the pasted text",
        max_length=200,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError("Choose at least one file, or paste a text.")
        return cleaned


def ingest_urls(model_admin):
    """URLs for ArticleAdmin.get_urls: the upload page and the comparison page."""
    site = model_admin.admin_site
    return [
        path(
            "ingest/",
            site.admin_view(lambda request: ingest_view(request, model_admin)),
            name="articles_article_ingest",
        ),
        path(
            "<int:object_id>/compare/",
            site.admin_view(
                lambda request, object_id: compare_view(request, model_admin, object_id)
            ),
            name="articles_article_compare",
        ),
    ]


def ingest_view(request, model_admin):
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    results = []
    form = IngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        max_bytes = max_bytes_default()
        desk = desk_load()
        for upload in form.cleaned_data["files"]:
            if upload.size > max_bytes:
                # Refused before it is read into memory.
                error = f"too large: {upload.size:,} bytes, over the {max_bytes:,}-byte limit"
                results.append(IngestResult(upload.name, "failed", error=error))
                continue
            data = upload.read()
            result = ingest_data(name=ingest_name(upload.name, data), data=data,
                                 desk=desk, user=request.user)  # fmt: skip
            result.name = upload.name
            results.append(result)
        if (form.cleaned_data["text"] or "").strip():
            name = form.cleaned_data["name"] or "pasted.txt"
            text = form.cleaned_data["text"]
            result = ingest_data(name=ingest_name(name, text), data=text, desk=desk,
                                 user=request.user)  # fmt: skip
            result.name = name
            results.append(result)
        failed = sum(1 for result in results if result.status == "failed")
        created = sum(1 for result in results if result.status == "created")
        level = messages.WARNING if failed else messages.SUCCESS
        model_admin.message_user(
            request,
            f"{created} draft(s) created, {failed} file(s) refused.",
            level,
        )
        form = IngestForm()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": "Ingest articles",
        "form": form,
        "results": results,
        "max_bytes": max_bytes_default(),
    }
    return TemplateResponse(request, "admin/articles/ingest.html", context)


def compare_view(request, model_admin, object_id):
    """The story beside the one it copies: headline, sentences, quotes, names."""
    if not is_desk(request.user):
        raise PermissionDenied
    article = get_object_or_404(
        Article.objects.select_related("duplicate_of"), pk=object_id
    )
    other_pk = request.GET.get("with")
    original = (
        get_object_or_404(Article, pk=other_pk)
        if other_pk and other_pk.isdigit()
        else article.duplicate_of
    )
    comparison = None
    if original is not None:
        comparison = compare(
            old_headline=original.headline,
            old_body=original.body,
            old_quotes=list(original.quotes.values_list("text", flat=True)),
            new_headline=article.headline,
            new_body=article.body,
            new_quotes=list(article.quotes.values_list("text", flat=True)),
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": f"Compare “{article}”",
        "article": article,
        "original": original,
        "comparison": comparison,
    }
    return TemplateResponse(request, "admin/articles/ingest_compare.html", context)
