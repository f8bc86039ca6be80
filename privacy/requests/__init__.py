"""Data-subject requests: a person asks to exercise a right, confirms by a signed link, and the
privacy officer answers through the admin within the deadline of GDPR Art. 12(3).

- `services`: submitting, confirming, joining, the deadline and its extension, housekeeping.
- `records`: what the registry finds for a request, split into verified and unverified.
- `fulfil`: each right carried out (access, erasure, restriction, objection, withdrawal,
  refusal), each recorded on the request and answered by a letter; one module per right.
- `steps` and `step_forms`: the officer's handling steps in the admin, each a form, a preview
  of the letter and a run that calls `fulfil`.
- `letters` and `outbox`: the letters, stored as sent and sent at most once by the worker.
- `export`: the ZIP of an access or portability request and its expiring download.
- `hooks`: what other apps declare for requests (who received a person's data, Art. 19).
"""
