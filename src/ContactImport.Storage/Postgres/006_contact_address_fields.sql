-- The contact schema's address and profile fields (Core/Contacts/ContactSchema.cs). Plain text like the other
-- scalars: a birthday is ISO text because "--05-17" (no year) is no date; nothing looks them up, so no index.
ALTER TABLE contacts
    ADD COLUMN IF NOT EXISTS street text,
    ADD COLUMN IF NOT EXISTS postal_code text,
    ADD COLUMN IF NOT EXISTS region text,
    ADD COLUMN IF NOT EXISTS birthday text,
    ADD COLUMN IF NOT EXISTS website text;
