-- The value columns and their parameters come from the contact schema (Sql/ContactSql.cs).
UPDATE contacts
SET {contact_set}, imported_from = @imported_from, created_at = @created_at, updated_at = @updated_at, version = @version
WHERE id = @id AND company_id = @company
