-- Requests for the data-subject request benchmark: :n requests over three years, most of them
-- answered, the last month's still open, each for a person of the triage seed's leads.
\set ON_ERROR_STOP on
TRUNCATE privacy_requestexport, privacy_requestmessage, privacy_requestaction,
  privacy_datasubjectrequest RESTART IDENTITY CASCADE;

INSERT INTO privacy_datasubjectrequest (
  reference, rights, email, phone, phone_records, details, language, digest, status,
  received_at, reminded_at, confirmed_at, deadline, extended_at, extension_reason, closed_at,
  handled_by_id, decision, handled_rights, joined_into_id
)
SELECT
  'PV-' || upper(lpad(to_hex(i), 8, '0')),
  (ARRAY['["access"]', '["erasure"]', '["access", "portability"]', '["restriction"]',
         '["objection"]'])[1 + i % 5]::jsonb,
  'person' || (i * 37 % 1000000 + 1) || '@bench.example',
  '',
  '{}'::jsonb,
  '',
  'nb',
  md5(i::text),
  CASE WHEN received > now() - interval '30 days'
    THEN (ARRAY['confirmed', 'in_progress'])[1 + i % 2] ELSE 'completed' END,
  received,
  NULL,
  received + interval '1 hour',
  (received + interval '1 month')::date,
  NULL,
  '',
  CASE WHEN received > now() - interval '30 days' THEN NULL ELSE received + interval '20 days' END,
  NULL,
  '',
  '[]'::jsonb,
  NULL
FROM (
  SELECT i, now() - (i * interval '3 years' / :n) AS received
  FROM generate_series(1, :n) AS i
) AS s;
ANALYZE privacy_datasubjectrequest;
