"""The privacy admin: statement versions (`statements`), the access log (`access_log`),
legal holds and restrictions (`measures`), the records of processing (`processing`) and the
retention runs (`retention`).
Importing the modules here registers their admin classes."""

from privacy.admin import access_log, measures, processing, retention, statements  # noqa: F401
