-- One page of the contacts an import inserted (by id, after @after), with the version the import left them at
-- (1, or its last change-log entry when a later batch of the same import updated them). There is no index on
-- imported_from (migration 003): the page walks the rowid inside the range of ids the import inserted, kept on its
-- imports row, and filters (the unary + keeps the planner off the company's indexes). Contacts of other imports
-- interleaved in that range are only read past.
SELECT c.id, c.version,
       COALESCE((SELECT MAX(ch.version_after) FROM contact_changes ch
                 WHERE ch.import_id = @import AND ch.contact_id = c.id), 1)
FROM contacts c
WHERE c.id > max(@after, (SELECT first_contact_id - 1 FROM imports WHERE id = @import))
  AND c.id <= (SELECT last_contact_id FROM imports WHERE id = @import)
  AND +c.company_id = @company AND +c.imported_from = @import
ORDER BY c.id
LIMIT @limit
