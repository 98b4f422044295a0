-- Keys carry a role (ApiRoles); keys made before roles existed had full power, so they become admin.
ALTER TABLE api_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'member', 'sync'));

-- A user's phone is kept only encrypted under the server's sync secret (never the number itself) plus its last
-- two digits for display; unverified phones never match in contact sync. SQLite checks a table constraint only
-- in CREATE TABLE, so the phone's columns check themselves and a trigger checks them together.
ALTER TABLE users ADD COLUMN display_name TEXT;
ALTER TABLE users ADD COLUMN phone_encrypted BLOB;
ALTER TABLE users ADD COLUMN phone_hint TEXT CHECK (phone_hint IS NULL OR phone_hint GLOB '[0-9][0-9]');
ALTER TABLE users ADD COLUMN phone_verified INTEGER NOT NULL DEFAULT 0 CHECK (phone_verified IN (0, 1));
ALTER TABLE users ADD COLUMN discoverable INTEGER NOT NULL DEFAULT 1 CHECK (discoverable IN (0, 1));
CREATE INDEX ix_users_verified_phones ON users (company_id, id) WHERE phone_verified = 1;

CREATE TRIGGER ck_users_phone_update BEFORE UPDATE OF phone_encrypted, phone_hint, phone_verified ON users
WHEN NOT ((NEW.phone_encrypted IS NULL AND NEW.phone_hint IS NULL AND NEW.phone_verified = 0)
          OR (NEW.phone_encrypted IS NOT NULL AND NEW.phone_hint IS NOT NULL))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: users.phone');
END;

CREATE TRIGGER ck_users_phone_insert BEFORE INSERT ON users
WHEN NOT ((NEW.phone_encrypted IS NULL AND NEW.phone_hint IS NULL AND NEW.phone_verified = 0)
          OR (NEW.phone_encrypted IS NOT NULL AND NEW.phone_hint IS NOT NULL))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: users.phone');
END;
