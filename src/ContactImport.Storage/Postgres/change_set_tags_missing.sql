-- update-where: does the contact lack one of the tags set.tags adds (compared case-insensitively)?
EXISTS (SELECT 1 FROM jsonb_array_elements_text(@s_tags::jsonb) t(value)
        WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(COALESCE(c.tags, '[]'::jsonb)) e(value)
                          WHERE lower(e.value) = lower(t.value)))
