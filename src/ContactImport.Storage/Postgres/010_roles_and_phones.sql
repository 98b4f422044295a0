-- Keys carry a role (ApiRoles); keys made before roles existed had full power, so they become admin.
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS role text NOT NULL DEFAULT 'admin';
ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS ck_api_keys_role;
ALTER TABLE api_keys ADD CONSTRAINT ck_api_keys_role CHECK (role IN ('admin', 'member', 'sync'));

-- A user's phone is kept only encrypted under the server's sync secret (never the number itself) plus its last
-- two digits for display; unverified phones never match in contact sync.
ALTER TABLE users ADD COLUMN IF NOT EXISTS display_name text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS phone_encrypted bytea;
ALTER TABLE users ADD COLUMN IF NOT EXISTS phone_hint text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS phone_verified boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN IF NOT EXISTS discoverable boolean NOT NULL DEFAULT true;
ALTER TABLE users DROP CONSTRAINT IF EXISTS ck_users_phone;
ALTER TABLE users ADD CONSTRAINT ck_users_phone CHECK (
    (phone_encrypted IS NULL AND phone_hint IS NULL AND NOT phone_verified)
    OR (phone_encrypted IS NOT NULL AND phone_hint ~ '^[0-9]{2}$'));
CREATE INDEX IF NOT EXISTS ix_users_verified_phones ON users (company_id, id) WHERE phone_verified;
