-- Undo: lock the change set's contacts first, so none changes between the version check and the restore.
SELECT COUNT(*) FROM (
    SELECT 1 FROM contacts c JOIN change_set_contacts s ON s.contact_id = c.id
    WHERE s.change_set_id = @id AND c.company_id = @company
    FOR UPDATE OF c) locked
