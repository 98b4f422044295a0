-- Step 3, updates: the batch's new values were COPYed into the session's staging table. The version check
-- makes a concurrent edit since the look-up visible (fewer rows updated) instead of silently overwritten.
UPDATE contacts c
SET {contact_set_from_staging}, updated_at = @now, version = s.version
FROM ci_contact_staging s
WHERE c.id = s.id AND c.company_id = @company AND c.version = s.version - 1
