-- update-where's where.tag: the contact has the tag (tags compare case-insensitively).
EXISTS (SELECT 1 FROM jsonb_array_elements_text(c.tags) e(value) WHERE lower(e.value) = lower(@w_tag))
