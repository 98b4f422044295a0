-- The contact schema's address and profile fields (Core/Contacts/ContactSchema.cs). Plain text like the other
-- scalars: a birthday is ISO text because "--05-17" (no year) is no date; nothing looks them up, so no index.
ALTER TABLE contacts ADD COLUMN street TEXT;
ALTER TABLE contacts ADD COLUMN postal_code TEXT;
ALTER TABLE contacts ADD COLUMN region TEXT;
ALTER TABLE contacts ADD COLUMN birthday TEXT;
ALTER TABLE contacts ADD COLUMN website TEXT;
