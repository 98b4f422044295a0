-- A failed batch's appended rows (see batch_marks.sql). Its updated contacts are then put back from their
-- before-images, newest first, and its checkpoint restored.
DELETE FROM contacts WHERE id > @contacts AND company_id = @company;
DELETE FROM contact_changes WHERE id > @changes;
DELETE FROM import_errors WHERE id > @errors;
DELETE FROM import_batches WHERE rowid > @batches;
