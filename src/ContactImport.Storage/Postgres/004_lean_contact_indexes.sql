-- Every index on contacts is paid for by every imported row. Measured on a 1M-row bulk COPY (PostgreSQL 15,
-- initdb defaults), these two cost more than a third of the server's time and buy little.

-- 1. Most contacts have no external_id, yet each one put a (company_id, NULL) entry into the unique index.
--    A partial index leaves them out; look-ups ("external_id = …" implies NOT NULL) still use it. It is
--    not deferrable: a batch never hands one contact's external_id to another (released keys stay reserved
--    for the rest of the batch, see BatchDecider), so no statement ever sees two owners, even for a moment.
ALTER TABLE contacts DROP CONSTRAINT ux_contacts_external_id;
CREATE UNIQUE INDEX ux_contacts_external_id ON contacts (company_id, external_id) WHERE external_id IS NOT NULL;

-- 2. An import's inserted contacts were found by an index on (imported_from, id), only ever read by a rollback.
--    Inserted ids come from one sequence in increasing order, so the import now keeps the range of ids it
--    may have inserted, and a rollback walks that range of the primary key filtered by imported_from.
ALTER TABLE imports ADD COLUMN first_contact_id bigint, ADD COLUMN last_contact_id bigint;
UPDATE imports i SET first_contact_id = r.first_id, last_contact_id = r.last_id
FROM (SELECT imported_from, min(id) AS first_id, max(id) AS last_id FROM contacts
      WHERE imported_from IS NOT NULL GROUP BY imported_from) r
WHERE r.imported_from = i.id;
DROP INDEX ix_contacts_imported_from;
