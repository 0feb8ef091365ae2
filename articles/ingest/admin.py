"""Admin pages for ingest: upload files or paste text (queued for the ingest task),
follow an upload file by file, and compare a near-duplicate with the story it copies.
Hooked into ArticleAdmin by `ingest_urls`.
"""

from collections import Counter

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist
from django.template.response import TemplateResponse
from django.urls import path

from ..analysis.duplicates import compare
from ..models import Article, IngestBatch, IngestFile, is_desk
from . import max_bytes_default
from .tasks import ingest_upload, queue_upload


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
            "ingest/<int:batch_id>/",
            site.admin_view(
                lambda request, batch_id: batch_view(request, model_admin, batch_id)
            ),
            name="articles_article_ingest_batch",
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
    """Upload files or paste a text: they are queued, and the upload's page follows
    them, so no request waits for an analysis."""
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    form = IngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        max_bytes = max_bytes_default()
        files = []
        for upload in form.cleaned_data["files"]:
            if upload.size > max_bytes:
                # Refused before it is read into memory.
                error = f"too large: {upload.size:,} bytes, over the {max_bytes:,}-byte limit"
                files.append((upload.name, b"", error))
            else:
                files.append((upload.name, upload.read(), ""))
        if (form.cleaned_data["text"] or "").strip():
            name = form.cleaned_data["name"] or "pasted.txt"
            files.append((name, form.cleaned_data["text"], ""))
        batch = queue_upload(user=request.user, files=files)
        model_admin.message_user(
            request,
            f"{len(files)} file(s) queued for ingest; this page follows each one.",
            messages.SUCCESS,
        )
        return redirect("admin:articles_article_ingest_batch", batch.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": "Ingest articles",
        "form": form,
        "uploads": IngestBatch.objects.select_related("uploaded_by").prefetch_related(
            "files"
        )[:10],
        "max_bytes": max_bytes_default(),
    }
    return TemplateResponse(request, "admin/articles/ingest.html", context)


def batch_view(request, model_admin, batch_id):
    """One upload's files: queued, running, done (with the draft) or failed (why).

    Read from the rows the task writes; while any file waits, the page reloads
    itself. A task that stopped with an error (the database backend keeps its
    result) fails the files it left unfinished, with that error.
    """
    batch = get_object_or_404(
        IngestBatch.objects.select_related("uploaded_by"), pk=batch_id
    )
    if not (batch.uploaded_by == request.user or is_desk(request.user)):
        raise PermissionDenied
    files = list(batch.files.select_related("article", "article__duplicate_of"))
    stopped = _task_error(batch)
    if stopped:
        for file in files:
            if not file.done:
                file.status, file.error = IngestFile.Status.FAILED, stopped
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": f"Ingest: {batch}",
        "batch": batch,
        "files": files,
        "waiting": any(not file.done for file in files),
        "counts": Counter(file.status for file in files).items(),
    }
    return TemplateResponse(request, "admin/articles/ingest_batch.html", context)


def _task_error(batch):
    """Why the batch's task stopped, if it failed and its backend can say so."""
    backend = ingest_upload.get_backend()
    if not batch.task_id or not backend.supports_get_result:
        return ""
    try:
        result = ingest_upload.get_result(batch.task_id)
    except TaskResultDoesNotExist:
        return ""
    if result.status != TaskResultStatus.FAILED:
        return ""
    error = result.errors[-1].exception_class_path if result.errors else "an error"
    return f"the ingest task stopped with {error}; upload the file again"


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
