-- Step 1 of a batch: every contact matching any key of the batch. Keys arrive as arrays; each branch of
-- the UNION uses its own index ((company_id, external_id), (company_id, email), (company_id, phone_e164)).
-- = ANY(ARRAY(…)) rather than IN (…): the planner then fetches the rows by primary key instead of hash-joining
-- a sequential scan of the whole table (it cannot estimate how few ids the UNION yields).
SELECT id, external_id, email, phone, phone_e164, first_name, last_name, company, job_title, city, country,
       notes, tags, extra_emails, extra_phones, custom_fields, imported_from, created_at, updated_at, version
FROM contacts
WHERE id = ANY(ARRAY(
    SELECT id FROM contacts WHERE company_id = @company AND external_id = ANY(@external_ids)
    UNION
    SELECT id FROM contacts WHERE company_id = @company AND email = ANY(@emails)
    UNION
    SELECT id FROM contacts WHERE company_id = @company AND phone_e164 = ANY(@phones)
))
ORDER BY id
