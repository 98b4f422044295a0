-- Per connection: the numbers of one sync request as keyed hashes, emptied at every commit (and by a rollback).
CREATE TEMP TABLE IF NOT EXISTS ci_sync_stage (
    i        integer NOT NULL,
    owner    bigint NOT NULL,
    k        bytea NOT NULL,
    fav      boolean NOT NULL,
    removal  boolean NOT NULL
) ON COMMIT DELETE ROWS
