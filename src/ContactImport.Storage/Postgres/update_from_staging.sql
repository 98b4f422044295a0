-- Step 3, updates: the batch's new values were COPYed into the session's staging table. The version check
-- makes a concurrent edit since the look-up visible (fewer rows updated) instead of silently overwritten.
-- The ids again as an array bound the contacts side to the batch's rows whatever the planner believes: without
-- statistics (a young table) it took the company for 22 rows and compared each of its 26,000 contacts with every
-- staged row, 1.7 s per 500-update bulk call. Run with enable_material off (PostgresBatchScope): the only cheap
-- plan left is one primary-key probe per staged row.
UPDATE contacts c
SET {contact_set_from_staging}, updated_at = @now, version = s.version
FROM ci_contact_staging s
WHERE c.id = s.id AND c.company_id = @company AND c.id = ANY(@ids) AND c.version = s.version - 1
