-- Up Migration

-- A subscription's deliveries are Flare's JSON event, or the incident as a CAP 1.2 <alert>
-- (gateway/cap), rendered from the same stored event when it is sent.
ALTER TABLE webhooks ADD COLUMN format text NOT NULL DEFAULT 'json' CHECK (format IN ('json', 'cap'));

-- Down Migration
ALTER TABLE webhooks DROP COLUMN format;
