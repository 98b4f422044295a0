-- One page of a rollback's restores: the contacts with change-log rows of the import after @after, each with its
-- first before-image, the version the import left it at, and what it is now (no row: deleted since).
SELECT g.contact_id, f.before, g.last_version, c.version, c.imported_from
FROM (SELECT contact_id, min(id) AS first_id, max(version_after) AS last_version
      FROM contact_changes
      WHERE import_id = @import AND company_id = @company AND contact_id > @after
      GROUP BY contact_id
      ORDER BY contact_id
      LIMIT @limit) g
JOIN contact_changes f ON f.id = g.first_id
LEFT JOIN contacts c ON c.id = g.contact_id AND c.company_id = @company
ORDER BY g.contact_id
