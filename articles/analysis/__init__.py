"""The analysis pipeline: pure functions over text, shared by `analyze`, `ingest` and
the admin upload. Nothing here touches the database; the desk's knowledge comes in
as a `Desk` snapshot (see `articles/ingest.py` for the loader).
"""

from .budget import BudgetExceeded
from .desk import (
    Desk,
    KnownActor,
    KnownAlias,
    KnownOutlet,
    StoredArticle,
    StoredQuote,
)
from .pipeline import Analysis, Suggestions, analyze, content_hash, suggest
from .text import InputError, decode

__all__ = [
    "BudgetExceeded",
    "Suggestions",
    "suggest",
    "Analysis",
    "Desk",
    "InputError",
    "KnownActor",
    "KnownAlias",
    "KnownOutlet",
    "StoredArticle",
    "StoredQuote",
    "analyze",
    "content_hash",
    "decode",
]
