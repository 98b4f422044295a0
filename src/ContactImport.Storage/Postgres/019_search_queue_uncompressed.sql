-- A batch's queue row holds up to 5,000 ids (40 KB): past TOAST's 2 KB threshold PostgreSQL tried pglz on every one,
-- ~6% of the server's CPU in a first import, for ids that do not compress. EXTERNAL stores them out of line as they are.
ALTER TABLE contact_search_queue ALTER COLUMN contact_ids SET STORAGE EXTERNAL;
