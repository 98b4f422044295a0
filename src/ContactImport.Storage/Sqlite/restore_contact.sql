-- Rollback: puts a before-image back only if nothing changed the contact since the import wrote it.
-- The value columns and their parameters come from the contact schema (Sql/ContactSql.cs).
UPDATE contacts
SET {contact_set}, imported_from = @imported_from, created_at = @created_at, updated_at = @updated_at, version = @version
WHERE id = @id AND company_id = @company AND version = @expected
