-- Contact sync (issue 16). Phone numbers are never stored: an owner's synced contacts are keyed hashes
-- k = HMAC-SHA256(K_company(version), h) with the key version that made them; the salts are public.
CREATE TABLE sync_salts (
    company_id         INTEGER NOT NULL REFERENCES companies (id),
    salt_id            INTEGER NOT NULL CHECK (salt_id > 0),
    salt               TEXT NOT NULL,
    created_at         INTEGER NOT NULL,
    expires_at         INTEGER,
    -- The key version the users' phone keys of this salt were built with (0: not built yet).
    user_keys_version  INTEGER NOT NULL DEFAULT 0 CHECK (user_keys_version >= 0),
    PRIMARY KEY (company_id, salt_id)
);

-- Verified phones of the company's users, one keyed hash per live salt and key version: what syncs match against.
CREATE TABLE sync_user_keys (
    company_id   INTEGER NOT NULL,
    salt_id      INTEGER NOT NULL,
    key_version  INTEGER NOT NULL,
    k            BLOB NOT NULL CHECK (length(k) = 32),
    user_id      INTEGER NOT NULL,
    PRIMARY KEY (company_id, salt_id, key_version, k, user_id)
) WITHOUT ROWID;
CREATE INDEX ix_sync_user_keys_user ON sync_user_keys (company_id, user_id);

-- One row per owner: the current sync token, an open chunked full sync (session), and the quota bucket.
CREATE TABLE sync_sets (
    company_id          INTEGER NOT NULL REFERENCES companies (id),
    owner_id            INTEGER NOT NULL,
    generation          INTEGER NOT NULL CHECK (generation >= 0),
    token               TEXT NOT NULL,
    session_id          TEXT,
    session_gen         INTEGER,
    quota_tokens        REAL NOT NULL CHECK (quota_tokens >= 0),
    quota_at            INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    PRIMARY KEY (company_id, owner_id),
    -- SyncSessionState: idle (no session) or collecting (both set).
    CHECK ((session_id IS NULL) = (session_gen IS NULL))
);

CREATE TABLE sync_contacts (
    company_id   INTEGER NOT NULL,
    owner_id     INTEGER NOT NULL,
    k            BLOB NOT NULL,
    key_version  INTEGER NOT NULL,
    salt_id      INTEGER NOT NULL,
    is_favorite  INTEGER NOT NULL CHECK (is_favorite IN (0, 1)),
    gen          INTEGER NOT NULL,
    PRIMARY KEY (company_id, owner_id, k)
) WITHOUT ROWID;
-- Who holds a number: the "joined" notification when a user verifies a phone.
CREATE INDEX ix_sync_contacts_k ON sync_contacts (company_id, k);

-- One aggregate row per sync request: counts and time, never a number or a hash.
CREATE TABLE sync_stats (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    mode         TEXT NOT NULL CHECK (mode IN ('full', 'delta', 'bulk')),
    completed    INTEGER NOT NULL CHECK (completed IN (0, 1)),
    received     INTEGER NOT NULL CHECK (received >= 0),
    added        INTEGER NOT NULL CHECK (added >= 0),
    removed      INTEGER NOT NULL CHECK (removed >= 0),
    matched      INTEGER NOT NULL CHECK (matched >= 0),
    duration_ms  REAL NOT NULL CHECK (duration_ms >= 0)
);
CREATE INDEX ix_sync_stats_company ON sync_stats (company_id, at);
