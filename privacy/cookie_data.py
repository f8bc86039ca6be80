"""The cookie declaration's tables in the registry: the company's own text about cookies and
the scripts staff configured; nothing about any person."""

from privacy.models import ConsentScript, CookieDeclarationVersion, DeclaredCookie
from privacy.registry import Category, declare

declare(
    DeclaredCookie,
    fields={
        name: Category.NOT_PERSONAL
        for name in [
            "id",
            "name",
            "provider",
            "category",
            "purpose",
            "purpose_en",
            "lifetime",
            "lifetime_en",
            "domain",
        ]
    },
)
declare(
    CookieDeclarationVersion,
    fields={
        name: Category.NOT_PERSONAL
        for name in ["id", "number", "fingerprint", "voluntary_cookies", "created_at"]
    },
)
declare(
    ConsentScript,
    fields={name: Category.NOT_PERSONAL for name in ["id", "name", "category", "code", "active"]},
)
