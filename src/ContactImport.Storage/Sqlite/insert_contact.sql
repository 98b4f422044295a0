-- The value columns and their parameters come from the contact schema (Sql/ContactSql.cs).
INSERT INTO contacts (company_id, {contact_columns}, imported_from, created_at, updated_at, version)
VALUES (@company, {contact_values}, @imported_from, @created_at, @updated_at, @version)
