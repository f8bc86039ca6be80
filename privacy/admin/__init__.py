"""The privacy admin: statement versions (`statements`), the access log (`access_log`),
legal holds and restrictions (`measures`), the records of processing (`processing`) and the
retention runs (`retention`), the data-subject requests (`requests`), the consent register
(`consents`) and the cookie declaration with the scripts that need consent (`cookies`).
Importing the modules here registers their admin classes."""

from privacy.admin import (  # noqa: F401
    access_log,
    consents,
    cookies,
    measures,
    processing,
    requests,
    retention,
    statements,
)
