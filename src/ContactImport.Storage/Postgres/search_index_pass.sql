-- One pass of the search indexer (migration 018), run under a transaction-scoped advisory lock so passes never
-- overlap: takes the oldest queue rows (about @max contacts), re-reads each contact and writes its index row, or
-- removes the row of a contact that is gone. The queue rows go in the same transaction as the index rows, so a
-- contact changed meanwhile is queued again, never lost. Returns how many contacts the pass looked at.
WITH indexer AS (
    SELECT pg_try_advisory_xact_lock(1128878936, 0) AS mine), -- 'CISX': the search indexer
picked AS (
    SELECT id FROM (
        SELECT id, sum(cardinality(contact_ids)) OVER (ORDER BY id) AS upto, row_number() OVER (ORDER BY id) AS n
        FROM (SELECT id, contact_ids FROM contact_search_queue ORDER BY id LIMIT 200) oldest) q
    WHERE (upto <= @max OR n = 1) AND (SELECT mine FROM indexer)),
taken AS (
    DELETE FROM contact_search_queue WHERE id IN (SELECT id FROM picked) RETURNING company_id, contact_ids),
ids AS (
    SELECT DISTINCT company_id, unnest(contact_ids) AS contact_id FROM taken),
live AS (
    SELECT c.company_id, c.id, lower({contact_search_text}) AS body
    FROM ids JOIN contacts c ON c.company_id = ids.company_id AND c.id = ids.contact_id),
gone AS (
    DELETE FROM contact_search s USING ids
    WHERE s.company_id = ids.company_id AND s.contact_id = ids.contact_id
      AND NOT EXISTS (SELECT 1 FROM live WHERE live.company_id = ids.company_id AND live.id = ids.contact_id)),
written AS (
    INSERT INTO contact_search (company_id, contact_id, body)
    SELECT company_id, id, body FROM live
    ON CONFLICT (company_id, contact_id) DO UPDATE SET body = excluded.body
    WHERE contact_search.body <> excluded.body)
SELECT count(*) FROM ids
