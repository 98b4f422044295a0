-- update-where: the contact's tags followed by those of set.tags it lacks, in their order.
(SELECT json_group_array(value) FROM (
    SELECT e.value, 0 AS part, e.key AS ord FROM json_each(COALESCE(c.tags, '[]')) e
    UNION ALL
    SELECT t.value, 1, t.key FROM json_each(@s_tags) t
    WHERE NOT EXISTS (SELECT 1 FROM json_each(COALESCE(c.tags, '[]')) e2 WHERE lower(e2.value) = lower(t.value))
    ORDER BY part, ord))
