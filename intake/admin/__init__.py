"""The intake admin: subsidiaries with their routing rules, and lead triage.

Split along its seams: `subsidiaries` (the subsidiaries and their routing rules), `filters`
and `forms` (the lead list's filters and the actions' forms), `leads` (the lead list and
page) and `lead_actions` (what staff do to selected leads, and the exports). Importing the
modules here registers their admin classes when Django's admin autodiscovers `intake.admin`.
"""

from intake.admin import leads, subsidiaries  # noqa: F401
