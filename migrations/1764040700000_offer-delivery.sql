-- Up Migration

-- When the responder's MQTT client acknowledged the offer (its PUBACK on dispatch/{id}). Re-sends
-- are for offers the broker may have lost; one the client acknowledged is not re-sent.
ALTER TABLE offers ADD COLUMN delivered_at timestamptz;

-- Down Migration

ALTER TABLE offers DROP COLUMN delivered_at;
