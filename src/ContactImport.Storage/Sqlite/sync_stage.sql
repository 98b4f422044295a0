-- Per connection: the numbers of one sync request as keyed hashes (temp_store is memory), emptied before each.
CREATE TEMP TABLE IF NOT EXISTS ci_sync_stage (
    i        INTEGER NOT NULL,
    owner    INTEGER NOT NULL,
    k        BLOB NOT NULL,
    fav      INTEGER NOT NULL,
    removal  INTEGER NOT NULL,
    PRIMARY KEY (owner, k, removal)
) WITHOUT ROWID;
DELETE FROM ci_sync_stage
