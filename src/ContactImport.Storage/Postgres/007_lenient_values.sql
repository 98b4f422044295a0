-- The lenient value rule: a row's findings are errors (the row failed) or warnings (kept as written beside a row
-- that imported); the import counts the rows with warnings and keeps the file-level warning sentences (a JSON list).
ALTER TABLE import_errors ADD COLUMN level text NOT NULL DEFAULT 'error';
ALTER TABLE import_errors ADD CONSTRAINT ck_import_errors_level CHECK (level IN ('error', 'warning'));
ALTER TABLE imports ADD COLUMN warnings bigint NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN file_warnings text;
