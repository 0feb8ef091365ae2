"""Plain bulk inserts, for loads of hundreds of thousands of rows.

`bulk_create` builds every row as a model instance and prepares every value one by
one; at 500,000 rows that is most of a load's time (`generate_corpus`,
`tallies.recount`). `insert_rows` takes rows as dicts of values the database
takes as they are (ints, strings, None, or values the caller prepared once) and
fills every other column with its field's default, prepared once per column; no
`save()` runs, so no history, signal or `auto_now`. PostgreSQL streams the rows
with COPY, which spends neither a statement nor a round trip per row; SQLite,
in-process, takes batched INSERTs as fast.
"""

from django.db import connections
from django.db.models import AutoField, BigAutoField, SmallAutoField

AUTO_FIELDS = (AutoField, BigAutoField, SmallAutoField)


def insert_rows(model, rows, *, using="default", batch_size=5000) -> int:
    """Write `rows` (dicts by attribute name) into `model`'s table; return how many.

    A key that names no column is refused, and so is a row without a value for a
    column whose default differs row by row (a unique `uuid4`, an `auto_now` time):
    one default prepared for all rows would repeat it, or leave the time empty.
    """
    connection = connections[using]
    fields = [
        field
        for field in model._meta.concrete_fields
        if not isinstance(field, AUTO_FIELDS)
    ]
    columns = [
        (field.attname, field.get_db_prep_save(field.get_default(), connection))
        for field in fields
    ]
    known = {field.attname for field in fields}
    per_row = {
        field.attname
        for field in fields
        if getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
        or (field.unique and field.has_default() and callable(field.default))
    }
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in fields)

    def values():
        for row in rows:
            if unknown := row.keys() - known:
                raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
            if missing := per_row - row.keys():
                raise ValueError(f"Each {model.__name__} row needs {sorted(missing)}")
            yield [row.get(name, default) for name, default in columns]

    if connection.vendor == "postgresql":
        return _copy(connection, f"COPY {table} ({names}) FROM STDIN", values())
    placeholders = ", ".join(["%s"] * len(fields))
    # Table and column names come from the model, quoted; values go as parameters.
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
    written, batch = 0, []
    with connection.cursor() as cursor:
        for row in values():
            batch.append(row)
            if len(batch) == batch_size:
                cursor.executemany(sql, batch)
                written, batch = written + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def _copy(connection, statement, values) -> int:
    """COPY through psycopg itself; its errors still reach callers as Django's."""
    written = 0
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        for row in values:
            copy.write_row(row)
            written += 1
    return written
