-- An update that gives the contact the match keys it has, at the version it was read at (KeyAwareUpdate: an import's
-- update, a rollback's restore). Only the other columns are written, so SQLite rewrites none of the key indexes and no
-- key can be taken. Otherwise it updates nothing, and the caller's full statement runs (update_contact.sql,
-- restore_before_image.sql).
UPDATE contacts
SET {contact_set_values}, imported_from = @imported_from, created_at = @created_at, updated_at = @updated_at, version = @version
WHERE id = @id AND company_id = @company AND version = @expected AND {contact_keys_unchanged}
