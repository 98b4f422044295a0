-- Rollback, one contact whose match keys the before-image gives back unchanged (most restores: an update re-import
-- changes values, not keys). Only the other columns are written, so SQLite rewrites none of the key indexes and no
-- key can be taken (KeyAwareUpdate). A contact whose keys differ updates nothing here and goes through
-- restore_before_image.sql.
UPDATE contacts
SET {contact_set_values}, imported_from = @imported_from, created_at = @created_at, updated_at = @updated_at, version = @version
WHERE id = @id AND company_id = @company AND version = @expected AND {contact_keys_unchanged}
