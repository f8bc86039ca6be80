"""privacy's models, one module per concept (statement, registry records, audit, ...).

Each module's models are re-exported here so `from privacy.models import X` keeps working.
"""

from privacy.models.statement import (
    PrivacyStatement,
    PrivacyStatementQuerySet,
    PublishedStatementLocked,
    StatementStatus,
)

__all__ = [
    "PrivacyStatement",
    "PrivacyStatementQuerySet",
    "PublishedStatementLocked",
    "StatementStatus",
]
