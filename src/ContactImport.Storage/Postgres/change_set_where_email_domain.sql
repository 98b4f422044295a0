-- update-where's where.email_domain: the part after the @ (e-mails are stored lower-cased, with one @).
split_part(c.email, '@', 2) = @w_email_domain
