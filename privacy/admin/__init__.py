"""The privacy admin: statement versions (`statements`), the access log (`access_log`),
legal holds and restrictions (`measures`) and the records of processing (`processing`).
Importing the modules here registers their admin classes."""

from privacy.admin import access_log, measures, processing, statements  # noqa: F401
