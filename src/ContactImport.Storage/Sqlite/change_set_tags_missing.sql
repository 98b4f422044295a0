-- update-where: does the contact lack one of the tags set.tags adds (compared case-insensitively)?
EXISTS (SELECT 1 FROM json_each(@s_tags) t
        WHERE NOT EXISTS (SELECT 1 FROM json_each(COALESCE(c.tags, '[]')) e WHERE lower(e.value) = lower(t.value)))
