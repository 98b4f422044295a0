-- How many of the company's contacts a text search matches, as the planner estimates it (EXPLAIN, only once more
-- than ContactQuery.ExactTotalLimit match): over the index table alone, whose statistics decide it anyway; queued
-- contacts, read live by search_hits.sql, are too few to change an estimate.
SELECT 1 FROM contact_search s WHERE s.company_id = @company AND s.body LIKE lower(@q)
