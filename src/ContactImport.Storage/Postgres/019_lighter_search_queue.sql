-- The search queue's trigger runs once per statement on contacts: once per batch of an import. Two costs of it showed
-- in a 1M-row first import's server profile (bench/RESULTS.md, nineteenth session):

-- 1. A batch's queue row holds up to 5,000 ids (40 KB): past TOAST's 2 KB threshold PostgreSQL tried pglz on every
--    one, ~6% of the server's CPU, for ids that do not compress. EXTERNAL stores them out of line as they are.
ALTER TABLE contact_search_queue ALTER COLUMN contact_ids SET STORAGE EXTERNAL;

-- 2. Pages of 5,000 ids numbered by a window function sorted every statement's rows. Pages of 5,000 consecutive ids
--    need no sort and still hold at most 5,000 ids (a batch's new ids then make two rows instead of one).
CREATE OR REPLACE FUNCTION ci_queue_contact_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO contact_search_queue (company_id, contact_ids)
    SELECT company_id, array_agg(id)
    FROM ci_touched
    GROUP BY company_id, id / 5000;
    RETURN NULL;
END
$$;
