-- Per connection: the staging table of batch updates, emptied at every commit. Its value columns come from the
-- contact schema (Sql/ContactSql.cs), in the order PostgresBatchScope COPYs them.
CREATE TEMP TABLE IF NOT EXISTS ci_contact_staging (
    id             bigint NOT NULL,
    {contact_staging_columns},
    version        integer NOT NULL
) ON COMMIT DELETE ROWS
