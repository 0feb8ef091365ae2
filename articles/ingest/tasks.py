"""Ingest as a background task: an admin upload is queued, and a worker analyzes it.

The upload's rows (`IngestBatch`, `IngestFile`) are the record: the task marks each
file running, then created, unchanged or failed with the reason, so the upload's
page shows the progress whichever process does the work. Each file is ingested as
`ingest_data` ingests it (its own transaction, its time budget): one that fails
leaves nothing behind, and the files after it still go in.
"""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from ..models import IngestBatch, IngestFile
from . import desk_load, ingest_data, ingest_name, max_bytes_default


def queue_upload(*, user, files):
    """Store an upload's files and queue their ingest; returns the batch.

    `files` are (name, bytes or text, error) triples: a file already refused (too
    large to read) has its error and no data, and is recorded as failed at once.
    """
    with transaction.atomic():
        batch = IngestBatch.objects.create(uploaded_by=user)
        IngestFile.objects.bulk_create(
            IngestFile(
                batch=batch,
                name=name[:255],
                data=data.encode() if isinstance(data, str) else data,
                status=IngestFile.Status.FAILED if error else IngestFile.Status.QUEUED,
                error=error,
                finished_at=timezone.now() if error else None,
            )
            for name, data, error in files
        )
    # Enqueued once the rows are committed, so a worker always finds them.
    result = ingest_upload.enqueue(batch.pk)
    IngestBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id))
    batch.task_id = str(result.id)
    return batch


@task()
def ingest_upload(batch_id):
    """Ingest the queued files of one upload in order, against one desk snapshot."""
    batch = IngestBatch.objects.select_related("uploaded_by").get(pk=batch_id)
    desk = desk_load()
    max_bytes = max_bytes_default()
    counts = {}
    for file in batch.files.filter(status=IngestFile.Status.QUEUED):
        IngestFile.objects.filter(pk=file.pk).update(
            status=IngestFile.Status.RUNNING, started_at=timezone.now()
        )
        data = bytes(file.data)
        result = ingest_data(
            name=ingest_name(file.name, data),
            data=data,
            desk=desk,
            user=batch.uploaded_by,
            max_bytes=max_bytes,
        )
        IngestFile.objects.filter(pk=file.pk).update(
            status=result.status,
            error=result.error,
            article=result.article,
            data=b"",  # the draft holds the text now; the upload need not
            finished_at=timezone.now(),
        )
        counts[result.status] = counts.get(result.status, 0) + 1
    return counts
