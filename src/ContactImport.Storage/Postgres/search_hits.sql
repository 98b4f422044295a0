-- The ids of the company's contacts whose searchable text contains the LIKE pattern @q in any case (the index holds
-- the text in lower case, and live rows are compared so too), after @after, in id order, at most @n (migration 018).
-- A queued contact (changed since the indexer's last pass) is read from its live row; any other's index row is
-- current (a change queues the contact in its own transaction, a pass indexes and dequeues in one). So while nothing
-- of the company is queued the index alone answers; otherwise each index hit is rechecked on the live row too. The
-- planner walks the company's index rows in id order for a common text and takes the trigram index for a rare one.
WITH pending AS (
    SELECT EXISTS (SELECT 1 FROM contact_search_queue WHERE company_id = @company) AS queued)
SELECT id FROM (
    (SELECT s.contact_id AS id
     FROM contact_search s
     WHERE NOT (SELECT queued FROM pending)
       AND s.company_id = @company AND s.contact_id > @after AND s.body LIKE lower(@q)
     ORDER BY s.contact_id
     LIMIT @n)
    UNION
    -- OFFSET 0 keeps the recheck inside the walk of the index (joined first, the planner misjudges its selectivity).
    (SELECT s.contact_id
     FROM contact_search s
     CROSS JOIN LATERAL (
         SELECT 1 FROM contacts c
         WHERE c.company_id = s.company_id AND c.id = s.contact_id AND lower({contact_search_text}) LIKE lower(@q)
         OFFSET 0) live
     WHERE (SELECT queued FROM pending)
       AND s.company_id = @company AND s.contact_id > @after AND s.body LIKE lower(@q)
     ORDER BY s.contact_id
     LIMIT @n)
    UNION
    (SELECT c.id
     FROM contacts c
     WHERE c.company_id = @company AND c.id > @after
       AND c.id IN (SELECT unnest(q.contact_ids) FROM contact_search_queue q WHERE q.company_id = @company)
       AND lower({contact_search_text}) LIKE lower(@q)
     ORDER BY c.id
     LIMIT @n)
) hits
ORDER BY id
LIMIT @n
