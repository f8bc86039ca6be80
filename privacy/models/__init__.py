"""privacy's models, one module per concept (statement, holds and restrictions, audit,
consents, requests, retention).

Each module's models are re-exported here so `from privacy.models import X` keeps working.
"""

from privacy.models.audit import AccessAction, AccessRecord
from privacy.models.consents import (
    COOKIE_PURPOSES,
    ConsentPurpose,
    ConsentRecord,
    ConsentSource,
)
from privacy.models.cookies import (
    VOLUNTARY_CATEGORIES,
    ConsentScript,
    CookieCategory,
    CookieDeclarationVersion,
    DeclaredCookie,
)
from privacy.models.measures import (
    LegalHold,
    LegalHoldBasis,
    ProcessingRecord,
    Restriction,
)
from privacy.models.mine_data import LinkEmailStatus, MineDataLink
from privacy.models.requests import (
    DataSubjectRequest,
    MessageStatus,
    RequestAction,
    RequestActionKind,
    RequestExport,
    RequestMessage,
    RequestRight,
    RequestStatus,
)
from privacy.models.retention import RetentionRun, RetentionRunStatus
from privacy.models.statement import (
    PrivacyStatement,
    PrivacyStatementQuerySet,
    PublishedStatementLocked,
    StatementStatus,
)

__all__ = [
    "COOKIE_PURPOSES",
    "VOLUNTARY_CATEGORIES",
    "AccessAction",
    "AccessRecord",
    "ConsentPurpose",
    "ConsentRecord",
    "ConsentScript",
    "ConsentSource",
    "CookieCategory",
    "CookieDeclarationVersion",
    "DataSubjectRequest",
    "DeclaredCookie",
    "LegalHold",
    "LegalHoldBasis",
    "LinkEmailStatus",
    "MessageStatus",
    "MineDataLink",
    "PrivacyStatement",
    "PrivacyStatementQuerySet",
    "ProcessingRecord",
    "PublishedStatementLocked",
    "RequestAction",
    "RequestActionKind",
    "RequestExport",
    "RequestMessage",
    "RequestRight",
    "RequestStatus",
    "Restriction",
    "RetentionRun",
    "RetentionRunStatus",
    "StatementStatus",
]
