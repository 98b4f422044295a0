-- One page of the contacts an import inserted (by id, after @after), with the version the import left them at
-- (1, or its last change-log entry when a later batch of the same import updated them). The index on
-- imported_from ends in the rowid, so each page is a range of it.
SELECT c.id, c.version,
       COALESCE((SELECT MAX(ch.version_after) FROM contact_changes ch
                 WHERE ch.import_id = @import AND ch.contact_id = c.id), 1)
FROM contacts c
WHERE c.company_id = @company AND c.imported_from = @import AND c.id > @after
ORDER BY c.id
LIMIT @limit
