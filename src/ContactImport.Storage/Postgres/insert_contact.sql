-- One contact from the contacts API (imports use binary COPY instead).
INSERT INTO contacts (company_id, external_id, email, phone, phone_e164, first_name, last_name, company, job_title,
                      city, country, notes, tags, extra_emails, extra_phones, custom_fields, imported_from,
                      created_at, updated_at, version)
VALUES (@company, @external_id, @email, @phone, @phone_e164, @first_name, @last_name, @company_name, @job_title,
        @city, @country, @notes, @tags::jsonb, @extra_emails::jsonb, @extra_phones::jsonb, @custom_fields::jsonb,
        @imported_from::uuid, @created_at, @updated_at, @version)
