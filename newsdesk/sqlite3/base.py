"""Django's SQLite backend, keeping the query planner's statistics current.

Without statistics SQLite's planner guesses that `status = 'published'` picks a few
rows, and at 100,000 stories a search or a count can walk every published story
instead of the few thousand matches (2 s instead of 1 ms). SQLite asks applications
with short connections, like Django's (one per request), to run `PRAGMA optimize` as
each closes: it analyses the tables this connection queried whose statistics are
missing or stale (usually none: then it costs microseconds), bounded by the
`analysis_limit` set in settings. It never waits for the write lock: a busy or
read-only database skips it until a later connection.
"""

import sqlite3

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self):
        if self.connection is not None:
            try:
                self.connection.execute("PRAGMA busy_timeout = 0")
                self.connection.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # statistics can wait; closing cannot
        super()._close()
