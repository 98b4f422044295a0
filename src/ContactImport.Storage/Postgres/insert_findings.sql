-- A batch's failed rows and warnings, sent with its checkpoint in one round trip (a COPY of their own took two more
-- a batch, while the server waited). The arrays are parallel, one element per finding; the ids keep their order
-- (failures, then warnings), which the report follows for findings of the same row.
INSERT INTO import_errors (import_id, row_number, line_number, column_name, value, reason, raw, level)
SELECT @import, r, l, c, v, e, w, lv
FROM unnest(@rows::bigint[], @lines::bigint[], @columns::text[], @values::text[], @reasons::text[], @raws::text[],
            @levels::text[]) WITH ORDINALITY AS f(r, l, c, v, e, w, lv, n)
ORDER BY n
