-- update-where: the contact's tags followed by those of set.tags it lacks, in their order.
COALESCE(c.tags, '[]'::jsonb) || COALESCE((
    SELECT jsonb_agg(t.value ORDER BY t.ord)
    FROM jsonb_array_elements_text(@s_tags::jsonb) WITH ORDINALITY t(value, ord)
    WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(COALESCE(c.tags, '[]'::jsonb)) e(value)
                      WHERE lower(e.value) = lower(t.value))), '[]'::jsonb)
