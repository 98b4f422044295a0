-- The ids of the company's contacts whose searchable text contains the LIKE pattern @q, after @after, in id order, at
-- most @n: the FTS5 trigram index's hits for the phrase @phrase (a substring of three characters or more), the
-- contacts above the indexer's watermark and the queued ones (migration 013); all rechecked on the live row, so a
-- stale index entry neither shows nor hides a contact. CROSS JOIN keeps the index (or the queue) as the outer loop:
-- SQLite would otherwise walk the contacts and query the index once per contact.
SELECT id FROM (
    SELECT id FROM (
        SELECT c.id
        FROM contact_search s
        CROSS JOIN contacts c ON c.id = s.rowid
        WHERE contact_search MATCH @phrase AND s.rowid > @after AND c.company_id = @company
          AND {contact_search_text} LIKE @q ESCAPE '\'
        ORDER BY s.rowid
        LIMIT @n)
    UNION
    SELECT id FROM (
        SELECT c.id
        FROM contacts c
        WHERE c.id > max(@after, (SELECT watermark FROM contact_search_state)) AND c.company_id = @company
          AND {contact_search_text} LIKE @q ESCAPE '\'
        ORDER BY c.id
        LIMIT @n)
    UNION
    SELECT id FROM (
        SELECT c.id
        FROM contact_search_queue q
        CROSS JOIN contacts c ON c.id = q.contact_id
        WHERE c.id > @after AND c.company_id = @company
          AND {contact_search_text} LIKE @q ESCAPE '\'
        ORDER BY c.id
        LIMIT @n))
ORDER BY id
LIMIT @n
