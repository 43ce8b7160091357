-- Up Migration

-- An outbox message that carries a medical profile (an offer to a responder allowed to see it) is
-- stored sealed with the medical key (AES-256-GCM, bound to its topic) and opened only to be
-- published: the profile is never in clear at rest. sealed_key names the key; NULL is a clear row.
ALTER TABLE outbox ADD COLUMN sealed_key text;

-- Down Migration
ALTER TABLE outbox DROP COLUMN sealed_key;
