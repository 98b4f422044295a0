-- Contact search index (issue 15, docs/search.md). An FTS5 table kept by the import's own statements made a first
-- import 4x slower (bench/RESULTS.md), so a background indexer keeps it: contacts above the indexer's watermark are
-- new to it (ids only grow past the largest one), and updates of searchable columns and deletes queue the contact's
-- id. A search answers from the index plus the new and queued contacts, rechecked on the live rows.
CREATE VIRTUAL TABLE contact_search USING fts5(body, tokenize = 'trigram');

CREATE TABLE contact_search_queue (contact_id INTEGER PRIMARY KEY);

-- The largest contact id the indexer has seen (every contact at or below it is indexed or queued).
CREATE TABLE contact_search_state (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    watermark INTEGER NOT NULL
);
INSERT INTO contact_search_state (id, watermark) VALUES (1, 0);

CREATE TRIGGER ci_contacts_search_update
    AFTER UPDATE OF first_name, last_name, email, phone, phone_e164, company, postal_code, city, region, country,
        external_id ON contacts
    WHEN new.id <= (SELECT watermark FROM contact_search_state)
BEGIN
    INSERT OR IGNORE INTO contact_search_queue (contact_id) VALUES (new.id);
END;

-- A deleted id may be handed out again (SQLite reuses the largest id plus one): queued, the indexer re-reads it.
CREATE TRIGGER ci_contacts_search_delete AFTER DELETE ON contacts
BEGIN
    INSERT OR IGNORE INTO contact_search_queue (contact_id) VALUES (old.id);
END;
