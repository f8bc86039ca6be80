-- One million leads for the triage benchmark, written by the database itself
-- (INSERT ... SELECT over generate_series; no ORM round trips).
--
--   psql -v n=1000000 -f bench/triage/seed.sql mg_bench_triage     (run.sh does this)
--
-- Shape: 8 subsidiaries plus "central" (subsidiary NULL), leads spread evenly over five years
-- (about 3,800 a week), the last two weeks still open, older ones mostly concluded (one in ten
-- left in progress or contacted, one in 500 forgotten as "new"); one routing delivery and one
-- receipt per lead, of the routing deliveries 1 in 997 failed and 1 in 1,999 bounced (together
-- about 1 in 665); a "set to contacted" history entry (and the lead's first contact) for four
-- in five of the leads contacted or concluded other than as spam; 100 restricted people.
-- measure.py counts what was made and writes those counts in the results.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
-- The rows are consistent by construction: no foreign-key trigger per row (superuser only;
-- the database is the benchmark's own and dropped after the run).
SET session_replication_role = replica;

TRUNCATE intake_leadevent, intake_leadnote, intake_delivery, intake_lead, privacy_accessrecord,
  privacy_restriction RESTART IDENTITY CASCADE;
DELETE FROM intake_subsidiary_members;
DELETE FROM intake_routingrule;
DELETE FROM intake_subsidiary;

-- Building each index once over the loaded rows is several times quicker than keeping about
-- thirty of them up to date row by row. The indexes are rebuilt below from their own
-- definitions, so they end up exactly as the migrations made them. Constraints' indexes
-- (primary and unique keys) stay.
CREATE TEMP TABLE bench_indexes AS
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index AS i JOIN pg_class AS t ON t.oid = i.indrelid
WHERE t.relname IN ('intake_lead', 'intake_delivery', 'intake_leadevent')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid);
DO $$
DECLARE index_ record;
BEGIN
  FOR index_ IN SELECT name FROM bench_indexes LOOP
    EXECUTE 'DROP INDEX ' || index_.name;
  END LOOP;
END
$$;

INSERT INTO intake_subsidiary (name, slug, description, offered_in_form, default_email, position)
SELECT name, lower(name), '', true, lower(name) || '@bench.example', ord
FROM unnest(ARRAY['Blinkhus', 'Mesterhus', 'Nordbohus', 'Systemhus', 'Hus1', 'Byggmester',
                  'Boligpartner', 'Huskjeden']) WITH ORDINALITY AS t(name, ord);

CREATE TEMP TABLE bench_subsidiaries AS
SELECT array_agg(id ORDER BY position) AS ids FROM intake_subsidiary;

INSERT INTO intake_lead (
  reference, received_at, contact_name, email, phone, company_name, org_number, county,
  message, language, wants_news, status, first_contacted_at, is_suspected_spam, spam_reason,
  submission_token, assignee_id, subsidiary_id, privacy_statement_id
)
SELECT
  'MG-' || upper(lpad(to_hex(i), 8, '0')),
  received,
  'Person ' || i,
  'person' || i || '@bench.example',
  '+479' || lpad((i % 10000000)::text, 7, '0'),
  'Firma ' || i || ' AS',
  CASE WHEN i % 2 = 0 THEN (100000000 + i)::text ELSE '' END,
  (ARRAY['agder', 'akershus', 'buskerud', 'finnmark', 'innlandet', 'more-og-romsdal',
         'nordland', 'oslo', 'rogaland', 'telemark', 'troms', 'trondelag', 'vestfold',
         'vestland', 'ostfold'])[1 + i % 15],
  'Vi vil gjerne høre mer om kjeden.',
  'nb',
  i % 4 = 0,
  status,
  -- Set with the "contacted" history entry below (Lead.change_status writes both at once).
  CASE WHEN status IN ('contacted', 'became_member', 'not_relevant') AND i % 5 <> 0
    THEN LEAST(now(), received + (1 + i % 96) * interval '1 hour') END,
  false,
  '',
  'bench-' || i,
  NULL,
  CASE WHEN i % 9 = 0 THEN NULL ELSE (SELECT ids FROM bench_subsidiaries)[i % 9] END,
  NULL
FROM (
  SELECT i, received,
    CASE
      WHEN received > now() - interval '14 days'
        THEN (ARRAY['new', 'in_progress', 'contacted'])[1 + i % 3]
      WHEN i % 500 = 0 THEN 'new'
      ELSE (ARRAY['became_member', 'not_relevant', 'became_member', 'not_relevant', 'spam',
                  'became_member', 'not_relevant', 'became_member', 'not_relevant', 'contacted',
                  'became_member', 'not_relevant', 'became_member', 'not_relevant', 'spam',
                  'became_member', 'not_relevant', 'not_relevant', 'not_relevant', 'in_progress'
                 ])[1 + i % 20]
    END AS status
  FROM (
    SELECT i, now() - (:n - i) * (interval '5 years' / :n) AS received
    FROM generate_series(1, :n) AS i
  ) AS t
) AS s;

INSERT INTO intake_delivery (
  kind, recipient, status, attempts, last_error, created_at, next_attempt_at, sent_at,
  status_changed_at, message_id, lead_id, about_id, provider_message_id
)
SELECT
  'routing',
  'post@bench.example',
  CASE
    WHEN id % 997 = 0 THEN 'failed'
    WHEN id % 1999 = 0 THEN 'bounced'
    WHEN received_at > now() - interval '10 minutes' THEN 'waiting'
    ELSE 'delivered'
  END,
  1, '', received_at, NULL, received_at + interval '2 seconds',
  received_at + interval '1 minute', '', id, NULL, ''
FROM intake_lead;

INSERT INTO intake_delivery (
  kind, recipient, status, attempts, last_error, created_at, next_attempt_at, sent_at,
  status_changed_at, message_id, lead_id, about_id, provider_message_id
)
SELECT 'receipt', email, 'delivered', 1, '', received_at, NULL,
       received_at + interval '2 seconds', received_at + interval '1 minute', '', id, NULL, ''
FROM intake_lead;

INSERT INTO intake_leadevent (at, kind, old_value, new_value, actor_id, lead_id)
SELECT first_contacted_at, 'status', 'new', 'contacted', NULL, id
FROM intake_lead
WHERE first_contacted_at IS NOT NULL;

-- A hundred people who have restricted processing (GDPR Art. 18): their leads are hidden from
-- staff lists, so every list query carries that condition.
INSERT INTO privacy_restriction (email, phone, reason, placed_by_id, placed_at, lifted_at,
                                 lifted_by_id)
SELECT 'person' || (i * 9973) || '@bench.example', '', '', NULL, now(), NULL, NULL
FROM generate_series(1, 100) AS i;

DO $$
DECLARE index_ record;
BEGIN
  FOR index_ IN SELECT definition FROM bench_indexes LOOP
    EXECUTE index_.definition;
  END LOOP;
END
$$;
SET session_replication_role = DEFAULT;

-- What autovacuum would have done by the time anyone looks: statistics, and the visibility map
-- that lets counts be answered from an index alone.
VACUUM ANALYZE intake_lead;
VACUUM ANALYZE intake_delivery;
VACUUM ANALYZE intake_leadevent;

SELECT (SELECT count(*) FROM intake_lead) AS leads,
       (SELECT count(*) FROM intake_delivery) AS deliveries,
       (SELECT count(*) FROM intake_leadevent) AS events;
