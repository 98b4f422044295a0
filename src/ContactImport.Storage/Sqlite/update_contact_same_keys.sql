-- An update that gives the contact the match keys it has (KeyAwareUpdate): only the other columns are written, so no
-- key index is rewritten. A contact whose keys change updates nothing here and goes through update_contact.sql.
UPDATE contacts
SET {contact_set_values}, imported_from = @imported_from, created_at = @created_at, updated_at = @updated_at, version = @version
WHERE id = @id AND company_id = @company AND {contact_keys_unchanged}
