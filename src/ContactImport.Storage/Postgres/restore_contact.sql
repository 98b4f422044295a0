-- Rollback: puts a before-image back only if nothing changed the contact since the import wrote it.
UPDATE contacts
SET external_id = @external_id, email = @email, phone = @phone, phone_e164 = @phone_e164,
    first_name = @first_name, last_name = @last_name, company = @company_name, job_title = @job_title,
    city = @city, country = @country, notes = @notes, tags = @tags::jsonb, extra_emails = @extra_emails::jsonb,
    extra_phones = @extra_phones::jsonb, custom_fields = @custom_fields::jsonb, imported_from = @imported_from::uuid,
    created_at = @created_at, updated_at = @updated_at, version = @version
WHERE id = @id AND company_id = @company AND version = @expected
