-- One page of a rollback's restores in one statement: the page's contacts (those with change-log rows of the
-- import after @after), each with its before-image and the version the import left it at; those still at
-- that version, not inserted by this import, and whose before-image's e-mail and external_id no other contact owns
-- (other than one restored in the same statement, which gives it back) get every value column, imported_from and
-- times from the before-image and a new, higher version. The result row says how far the page went, how many were
-- restored and which contacts were left alone (changed since, or a key taken): conflicts.
WITH g AS (
    SELECT contact_id, min(id) AS first_id, count(*) AS images, max(version_after) AS last_version
    FROM contact_changes
    WHERE import_id = @import AND company_id = @company AND contact_id > @after
    GROUP BY contact_id
    ORDER BY contact_id
    LIMIT @limit
), page AS (
    SELECT g.contact_id AS id, g.last_version, f.before, c.version AS current_version, c.email, c.external_id,
           c.imported_from IS NOT DISTINCT FROM @import AS own
    -- Probes by index (the change log's (import_id, contact_id), the contacts' primary key), fenced (OFFSET 0) as in
    -- lookup.sql: a planner guessing wrong would otherwise read the whole company once per page.
    FROM g
    -- The first image, or, when it is partial (only the columns its update changed) and a later update of the same
    -- import changed the contact again, every image merged: each key from the earliest image that names it.
    CROSS JOIN LATERAL (SELECT CASE WHEN g.images = 1 OR NOT first.before ? 'partial' THEN first.before
                                    ELSE (SELECT jsonb_object_agg(e.key, e.value ORDER BY ch.id DESC)
                                          FROM contact_changes ch CROSS JOIN LATERAL jsonb_each(ch.before) e
                                          WHERE ch.import_id = @import AND ch.contact_id = g.contact_id) END AS before
                        FROM contact_changes first
                        WHERE import_id = @import AND contact_id = g.contact_id AND id = g.first_id OFFSET 0) f
    LEFT JOIN LATERAL (SELECT * FROM contacts WHERE id = g.contact_id AND company_id = @company OFFSET 0) c ON true
), candidates AS (
    SELECT * FROM page WHERE current_version = last_version AND NOT own
), restorable AS MATERIALIZED (
    -- Materialized: inlined into the UPDATE, a planner that took the company for one contact (a young table without
    -- statistics) put this filter, key look-ups included, inside a loop over the company's contacts — 400 contacts
    -- and 300 restores took 18 s instead of 10 ms.
    -- A key the contact still holds is its own (unique): only a key the import changed is looked up.
    SELECT r.* FROM candidates r
    WHERE (r.before->>'email' IS NOT DISTINCT FROM r.email
           OR NOT EXISTS (SELECT 1 FROM contacts o
                          WHERE o.company_id = @company AND o.email = r.before->>'email' AND o.id <> r.id
                            AND o.id NOT IN (SELECT id FROM candidates)))
      AND (r.before->>'external_id' IS NOT DISTINCT FROM r.external_id
           OR NOT EXISTS (SELECT 1 FROM contacts o
                          WHERE o.company_id = @company AND o.external_id = r.before->>'external_id' AND o.id <> r.id
                            AND o.id NOT IN (SELECT id FROM candidates)))
), restored AS (
    UPDATE contacts c
    SET {contact_set_from_before}, imported_from = (r.before->>'imported_from')::uuid,
        created_at = to_timestamp((r.before->>'created_at')::bigint / 1000.0),
        updated_at = to_timestamp((r.before->>'updated_at')::bigint / 1000.0),
        version = c.version + 1
    FROM restorable r
    -- The company too: the primary key is (company_id, id), and an id alone would walk all of it per row.
    WHERE c.company_id = @company AND c.id = r.id AND c.version = r.last_version
    RETURNING c.id
)
SELECT (SELECT max(id) FROM page), (SELECT count(*) FROM restored),
       COALESCE((SELECT array_agg(p.id ORDER BY p.id) FROM page p
                 WHERE p.current_version IS NOT NULL AND NOT p.own AND p.id NOT IN (SELECT id FROM restored)), '{}')
