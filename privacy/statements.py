"""What other apps may ask about the privacy statement (intake's contact form does).

Other apps use this module, not the statement's models' managers or how privacy keeps the
version in force in memory, so that privacy may change either without touching them.
"""

from privacy import statement_cache
from privacy.models import PrivacyStatement


def in_force(language: str) -> PrivacyStatement | None:
    """The version in force for a page in `language`, or the Norwegian one (the source text)
    when that language has none; None before any version is published.

    Read from this process's memory: at most `statement_cache.CURRENT_SECONDS` behind a
    version published from another process, and exact at midnight. A form may show this
    version and accept a lead naming it, which is the version its sender was shown.
    """
    current = statement_cache.current_statement(language)
    return current.statement if current else None
