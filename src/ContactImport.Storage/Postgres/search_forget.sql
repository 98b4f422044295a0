-- Erasure: the erased contacts' index rows go now, not at the indexer's next pass.
DELETE FROM contact_search WHERE company_id = @company AND contact_id = ANY(@ids)
