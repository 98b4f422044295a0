-- Rollback, one contact (SqliteRollbackRestorer): puts a before-image back only if nothing changed the contact since
-- the import wrote it (@expected) and no other contact owns its e-mail or external_id by now. @version is the next one: versions never repeat.
-- The value columns and their parameters come from the contact schema (Sql/ContactSql.cs).
UPDATE contacts
SET {contact_set}, imported_from = @imported_from, created_at = @created_at, updated_at = @updated_at, version = @version
WHERE id = @id AND company_id = @company AND version = @expected
  AND NOT EXISTS (SELECT 1 FROM contacts o
                  WHERE o.company_id = @company AND o.email = @v_email AND o.id <> @id)
  AND NOT EXISTS (SELECT 1 FROM contacts o
                  WHERE o.company_id = @company AND o.external_id = @v_external_id AND o.id <> @id)
