-- Erasure: the erased contacts' index rows go now, not at the indexer's next pass.
DELETE FROM contact_search WHERE rowid IN (SELECT value FROM json_each(@ids))
