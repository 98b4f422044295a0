-- update-where's where.email_domain: the part after the @ (e-mails are stored lower-cased, with one @).
substr(c.email, instr(c.email, '@') + 1) = @w_email_domain
