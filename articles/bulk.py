"""Plain bulk inserts, for loads of hundreds of thousands of rows.

`bulk_create` builds every row as a model instance and prepares every value one by
one; at 500,000 rows that is most of a load's time (`generate_corpus`,
`tallies.recount`). `insert_rows` takes rows as dicts of values the database
takes as they are (ints, strings, None, or values the caller prepared once) and
fills every other column with its field's default, prepared once per column.
PostgreSQL streams them with COPY, which spends neither a statement nor a round
trip per row; SQLite, in-process, takes batched INSERTs as fast.
"""

from django.db import connections
from django.db.models import AutoField, BigAutoField, SmallAutoField

AUTO_FIELDS = (AutoField, BigAutoField, SmallAutoField)


def insert_rows(model, rows, *, using="default", batch_size=5000) -> int:
    """INSERT `rows` (dicts by attribute name) into `model`'s table; return how many."""
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
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in fields)
    values = ([row.get(name, default) for name, default in columns] for row in rows)
    if connection.vendor == "postgresql":
        return _copy(connection, f"COPY {table} ({names}) FROM STDIN", values)
    # Table and column names come from the model, quoted; values go as parameters.
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    written, batch = 0, []
    with connection.cursor() as cursor:
        for row in values:
            batch.append(row)
            if len(batch) == batch_size:
                cursor.executemany(sql, batch)
                written, batch = written + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def _copy(connection, statement, values) -> int:
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)
            written += 1
    return written
