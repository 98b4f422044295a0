-- Step 1 of a batch: every contact matching any key of the batch. Keys arrive as JSON arrays; each
-- branch uses its own index.
SELECT {contact_select}
FROM contacts
WHERE id IN (
    SELECT id FROM contacts
    WHERE company_id = @company AND external_id IS NOT NULL AND external_id IN (SELECT value FROM json_each(@external_ids))
    UNION
    SELECT id FROM contacts WHERE company_id = @company AND email IN (SELECT value FROM json_each(@emails))
    UNION
    SELECT id FROM contacts WHERE company_id = @company AND phone_e164 IN (SELECT value FROM json_each(@phones))
)
ORDER BY id
