-- One contact from the contacts API (imports use binary COPY instead). The value columns and their parameters
-- (jsonb casts included) come from the contact schema (Sql/ContactSql.cs).
INSERT INTO contacts (company_id, {contact_columns}, imported_from, created_at, updated_at, version)
VALUES (@company, {contact_values}, @imported_from::uuid, @created_at, @updated_at, @version)
