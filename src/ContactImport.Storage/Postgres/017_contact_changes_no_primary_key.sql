-- No index on the change log's id: every import's update writes a before-image, and the id's index was a third index
-- to write per row that only the rollback's page restore read (to fetch a contact's first image), which now finds it
-- through ix_contact_changes_import (import_id, contact_id) instead. The id stays, from its sequence, for that order.
ALTER TABLE contact_changes DROP CONSTRAINT contact_changes_pkey;
