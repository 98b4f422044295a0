-- Contact search index (issue 15, docs/search.md). A trigram GIN kept by the import's own statements cost a first
-- import 2.2-2.7x (bench/RESULTS.md), so the index lives in a side table that a background indexer keeps: every
-- statement on contacts queues the ids it touched (one row per statement, from the transition table the epoch
-- trigger already builds), and a search answers from the index plus the queued ids, rechecked on the live rows.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row per contact: its searchable text in lower case (LIKE is cheaper than ILIKE) as of the last indexer pass.
CREATE TABLE contact_search (
    company_id bigint NOT NULL,
    contact_id bigint NOT NULL,
    body       text   NOT NULL,
    PRIMARY KEY (company_id, contact_id)
);
CREATE INDEX ix_contact_search_body ON contact_search USING gin (body gin_trgm_ops);

-- Contacts inserted, updated or deleted since the indexer last saw them; the indexer re-reads each from contacts.
CREATE TABLE contact_search_queue (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id  bigint   NOT NULL,
    contact_ids bigint[] NOT NULL
);
CREATE INDEX ix_contact_search_queue_company ON contact_search_queue (company_id);

CREATE FUNCTION ci_queue_contact_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In rows of at most 5,000 ids (an import's batch is one row), so one pass never takes a whole COPY or update-where.
    INSERT INTO contact_search_queue (company_id, contact_ids)
    SELECT company_id, array_agg(id)
    FROM (SELECT company_id, id, (row_number() OVER (PARTITION BY company_id) - 1) / 5000 AS page FROM ci_touched) t
    GROUP BY company_id, page;
    RETURN NULL;
END
$$;

CREATE TRIGGER ci_contacts_search_insert AFTER INSERT ON contacts
    REFERENCING NEW TABLE AS ci_touched FOR EACH STATEMENT EXECUTE FUNCTION ci_queue_contact_search();
CREATE TRIGGER ci_contacts_search_update AFTER UPDATE ON contacts
    REFERENCING NEW TABLE AS ci_touched FOR EACH STATEMENT EXECUTE FUNCTION ci_queue_contact_search();
CREATE TRIGGER ci_contacts_search_delete AFTER DELETE ON contacts
    REFERENCING OLD TABLE AS ci_touched FOR EACH STATEMENT EXECUTE FUNCTION ci_queue_contact_search();

-- Contacts that exist before this migration are queued in pages of 5,000; the indexer takes them from there.
INSERT INTO contact_search_queue (company_id, contact_ids)
SELECT company_id, array_agg(id ORDER BY id)
FROM (SELECT company_id, id, (row_number() OVER (PARTITION BY company_id ORDER BY id) - 1) / 5000 AS page
      FROM contacts) c
GROUP BY company_id, page;
