-- No index on k ("who holds this number"). Its only reader is the joined notification, once per verified phone; its
-- cost fell on every sync: a sync's new numbers go to random places of it, and at 10,000,000 stored numbers the index
-- no longer fits PostgreSQL's default shared_buffers, so a 500-new-number sync spent 31 of its insert's 36 ms on it
-- (bench/RESULTS.md). The notification now scans the company's synced numbers instead: 0.7 s at 10,000,000, per phone
-- verified, against ~30 ms saved on every sync of new numbers.
DROP INDEX IF EXISTS ix_sync_contacts_k;
