-- update-where's where.tag: the contact has the tag (tags compare case-insensitively).
EXISTS (SELECT 1 FROM json_each(c.tags) e WHERE lower(e.value) = lower(@w_tag))
