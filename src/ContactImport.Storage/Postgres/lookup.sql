-- Step 1 of a batch: every contact matching any key of the batch. Keys arrive as arrays; each key is one probe
-- of its own index ((company_id, external_id), (company_id, email), hash (phone_e164) filtered by company),
-- which returns the contact's row directly (a contact found by two keys comes twice; the caller keeps one).
-- The shape is deliberate. A table filling up during an import has no statistics yet, and with a plain
-- "email = ANY(@emails)" the planner then prefers reading the whole company through another index and
-- filtering (measured: hundreds of ms per batch, growing with the table). Unnest + LATERAL with OFFSET 0
-- (not flattened) leaves it one plan: a nested loop of index probes.
SELECT {contact_select}
FROM (
    SELECT m.* FROM unnest(@external_ids::text[]) AS k(v)
    CROSS JOIN LATERAL (SELECT * FROM contacts WHERE company_id = @company AND external_id = k.v OFFSET 0) m
    UNION ALL
    SELECT m.* FROM unnest(@emails::text[]) AS k(v)
    CROSS JOIN LATERAL (SELECT * FROM contacts WHERE company_id = @company AND email = k.v OFFSET 0) m
    UNION ALL
    SELECT m.* FROM unnest(@phones::text[]) AS k(v)
    -- The company is checked outside the fence: inside, an empty table's planner may prefer walking the whole
    -- company through the e-mail index (company_id is its first column) to probing the phone hash index.
    CROSS JOIN LATERAL (SELECT * FROM contacts WHERE phone_e164 = k.v OFFSET 0) m
    WHERE m.company_id = @company
) found
