-- One pass of the search indexer (migration 013), in one write transaction: about @max contacts, the queued ones and
-- then those above the watermark, are re-read and their index rows rewritten (or removed when the contact is gone).
-- The watermark never stays above the largest id, so an id SQLite hands out again counts as new. Returns how many
-- contacts the pass looked at.
CREATE TEMP TABLE IF NOT EXISTS search_pass (id INTEGER PRIMARY KEY);
DELETE FROM temp.search_pass;
INSERT INTO temp.search_pass (id) SELECT contact_id FROM contact_search_queue ORDER BY contact_id LIMIT @max;
DELETE FROM contact_search_queue WHERE contact_id IN (SELECT id FROM temp.search_pass);
INSERT OR IGNORE INTO temp.search_pass (id)
    SELECT id FROM contacts WHERE id > (SELECT watermark FROM contact_search_state) ORDER BY id LIMIT @max;
UPDATE contact_search_state SET watermark = min(
    coalesce((SELECT max(id) FROM (SELECT id FROM contacts WHERE id > watermark ORDER BY id LIMIT @max)), watermark),
    coalesce((SELECT max(id) FROM contacts), 0));
DELETE FROM contact_search WHERE rowid IN (SELECT id FROM temp.search_pass);
INSERT INTO contact_search (rowid, body)
    SELECT c.id, {contact_search_text} FROM temp.search_pass p JOIN contacts c ON c.id = p.id;
SELECT count(*) FROM temp.search_pass;
