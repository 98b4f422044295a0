-- Step 3, updates: the batch's new values were COPYed into the session's staging table. The version check
-- makes a concurrent edit since the look-up visible (fewer rows updated) instead of silently overwritten.
UPDATE contacts c
SET external_id = s.external_id, email = s.email, phone = s.phone, phone_e164 = s.phone_e164,
    first_name = s.first_name, last_name = s.last_name, company = s.company, job_title = s.job_title,
    city = s.city, country = s.country, notes = s.notes, tags = s.tags, extra_emails = s.extra_emails,
    extra_phones = s.extra_phones, custom_fields = s.custom_fields, updated_at = @now, version = s.version
FROM ci_contact_staging s
WHERE c.id = s.id AND c.company_id = @company AND c.version = s.version - 1
