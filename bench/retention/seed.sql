-- Expired leads for the retention benchmark, written by the database itself (INSERT ...
-- SELECT over generate_series; no ORM round trips).
--
--   psql -v n=1000000 -f bench/retention/seed.sql mg_bench_retention     (run.sh does this)
--
-- Shape: every lead received 13 to 25 months ago (all past the 365 days), spread over the five
-- demo chains and central; each with a routing delivery and a receipt (both delivered), one
-- note, and a "contacted" history entry. One in a hundred is suspected spam (deleted by the
-- run, where the others are anonymised). run.sh's report counts what was made.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
-- Consistent by construction: no foreign-key trigger per row (superuser only; the database is
-- the benchmark's own and dropped after the run).
SET session_replication_role = replica;

-- Each index is built once over the loaded rows (much quicker than row by row), from its own
-- definition, so it ends up exactly as the migrations made it.
CREATE TEMP TABLE bench_indexes AS
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index AS i JOIN pg_class AS t ON t.oid = i.indrelid
WHERE t.relname IN ('intake_lead', 'intake_delivery', 'intake_leadevent', 'intake_leadnote')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid);
DO $$
DECLARE index_ record;
BEGIN
  FOR index_ IN SELECT name FROM bench_indexes LOOP
    EXECUTE 'DROP INDEX ' || index_.name;
  END LOOP;
END
$$;

CREATE TEMP TABLE bench_subsidiaries AS
SELECT array_agg(id ORDER BY position) AS ids, count(*) AS n FROM intake_subsidiary;

INSERT INTO intake_lead (
  reference, received_at, contact_name, email, phone, company_name, org_number, county,
  message, language, wants_news, status, is_suspected_spam, spam_reason, submission_token,
  assignee_id, subsidiary_id, privacy_statement_id
)
SELECT
  'MG-R' || upper(lpad(to_hex(i), 7, '0')),
  now() - interval '395 days' - (i % 365) * interval '1 day' - (i % 86400) * interval '1 second',
  'Person ' || i,
  'person' || i || '@bench.example',
  '+479' || lpad((i % 10000000)::text, 7, '0'),
  'Firma ' || i || ' AS',
  CASE WHEN i % 2 = 0 THEN (100000000 + i)::text ELSE '' END,
  (ARRAY['agder', 'akershus', 'buskerud', 'finnmark', 'innlandet', 'more-og-romsdal',
         'nordland', 'oslo', 'rogaland', 'telemark', 'troms', 'trondelag', 'vestfold',
         'vestland', 'ostfold'])[1 + i % 15],
  'Vi er ' || (i % 40) || ' tømrere og vil gjerne høre mer om kjeden.',
  'nb',
  i % 4 = 0,
  (ARRAY['became_member', 'not_relevant', 'contacted', 'not_relevant'])[1 + i % 4],
  i % 100 = 50,
  '',
  'bench-retention-' || i,
  NULL,
  CASE WHEN i % 6 = 0 THEN NULL
       ELSE (SELECT ids FROM bench_subsidiaries)[1 + i % (SELECT n FROM bench_subsidiaries)] END,
  NULL
FROM generate_series(1, :n) AS i;

INSERT INTO intake_delivery (
  kind, recipient, status, attempts, last_error, created_at, next_attempt_at, sent_at,
  status_changed_at, message_id, lead_id, about_id, provider_message_id
)
SELECT kind, CASE WHEN kind = 'routing' THEN 'post@bench.example' ELSE email END, 'delivered',
       1, '', received_at, NULL, received_at + interval '2 seconds',
       received_at + interval '1 minute', '', id, NULL, ''
FROM intake_lead, unnest(ARRAY['routing', 'receipt']) AS kind;

INSERT INTO intake_leadnote (text, created_at, author_id, lead_id)
SELECT 'Ringte ' || contact_name || ' på ' || phone, received_at + interval '1 hour', NULL, id
FROM intake_lead;

INSERT INTO intake_leadevent (at, kind, old_value, new_value, actor_id, lead_id)
SELECT received_at + (1 + id % 96) * interval '1 hour', 'status', 'new', 'contacted', NULL, id
FROM intake_lead;

DO $$
DECLARE index_ record;
BEGIN
  FOR index_ IN SELECT definition FROM bench_indexes LOOP
    EXECUTE index_.definition;
  END LOOP;
END
$$;
SET session_replication_role = DEFAULT;

VACUUM ANALYZE intake_lead;
VACUUM ANALYZE intake_delivery;
VACUUM ANALYZE intake_leadnote;
VACUUM ANALYZE intake_leadevent;
