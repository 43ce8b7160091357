-- Up Migration

-- Retention (gateway/retention/purge.ts). An alert keeps its row when its raw payload's period is
-- over (the incident's history needs it); the payload is emptied and the time noted, so the purge
-- never looks at it again.
ALTER TABLE alerts ADD COLUMN payload_purged_at timestamptz;

-- What is kept of incidents past their period: numbers, without a person or a place in them.
CREATE TABLE incident_statistics (
  day          date NOT NULL,
  category     text NOT NULL,
  priority     smallint NOT NULL,
  final_state  text NOT NULL,
  incidents    bigint NOT NULL,
  alerts       bigint NOT NULL,
  PRIMARY KEY (day, category, priority, final_state)
);

-- The purge takes the oldest first, a bounded batch at a time: each by an index.
CREATE INDEX alerts_payload_age ON alerts (received_at) WHERE payload_purged_at IS NULL;
CREATE INDEX responder_replies_at ON responder_replies (at);
CREATE INDEX responder_positions_at ON responder_positions (at);
CREATE INDEX incident_locations_at ON incident_locations (at);
CREATE INDEX incidents_closed_at ON incidents (closed_at) WHERE state IN ('CLOSED', 'CANCELLED');
CREATE INDEX webhook_deliveries_done ON webhook_deliveries (created_at) WHERE state <> 'pending';

-- Down Migration
DROP INDEX webhook_deliveries_done;
DROP INDEX incidents_closed_at;
DROP INDEX incident_locations_at;
DROP INDEX responder_positions_at;
DROP INDEX responder_replies_at;
DROP INDEX alerts_payload_age;
DROP TABLE incident_statistics;
ALTER TABLE alerts DROP COLUMN payload_purged_at;
