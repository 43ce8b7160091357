-- Up Migration

-- Incident numbers: INC-YYYYMMDD-NNNN, counted per UTC day across all nodes.
CREATE TABLE incident_counters (
  day   date PRIMARY KEY,
  last  integer NOT NULL
);

CREATE TABLE incidents (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number           text NOT NULL UNIQUE,
  state            text NOT NULL DEFAULT 'NEW'
                   CHECK (state IN ('NEW', 'ASSIGNED', 'EN_ROUTE', 'ON_SCENE', 'RESOLVED', 'CLOSED', 'CANCELLED')),
  kind             text NOT NULL,
  category         text NOT NULL,
  priority         smallint NOT NULL CHECK (priority BETWEEN 1 AND 5),
  rule_id          text NOT NULL,
  device_id        text NOT NULL,
  person_id        text,
  zone_id          text,
  lat              double precision,
  lon              double precision,
  -- Correlation: while the incident is open and its key is set, repeats with the same key join it.
  correlation_key  text,
  correlation_window_s integer NOT NULL,
  alert_count      integer NOT NULL DEFAULT 1,
  first_triggered_at timestamptz NOT NULL,
  opened_at        timestamptz NOT NULL DEFAULT now(),
  last_alert_at    timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  resolved_at      timestamptz,
  closed_at        timestamptz
);
-- Two nodes racing on one key cannot both open an incident: the loser's INSERT … ON CONFLICT joins.
CREATE UNIQUE INDEX incidents_open_correlation ON incidents (correlation_key)
  WHERE correlation_key IS NOT NULL AND state NOT IN ('RESOLVED', 'CLOSED', 'CANCELLED');
CREATE INDEX incidents_state ON incidents (state, priority);
CREATE INDEX incidents_opened ON incidents (opened_at DESC, id DESC);
CREATE INDEX incidents_device ON incidents (device_id);

CREATE TABLE alerts (
  id              bigserial PRIMARY KEY,
  device_id       text NOT NULL,
  alert_id        text NOT NULL,
  kind            text NOT NULL,
  seq             bigint,
  triggered_at    timestamptz NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  incident_id     uuid REFERENCES incidents (id),
  rule_id         text NOT NULL,
  category        text NOT NULL,
  priority        smallint NOT NULL,
  lat             double precision,
  lon             double precision,
  accuracy_m      real,
  battery_pct     smallint,
  heart_rate_bpm  smallint,
  payload         jsonb NOT NULL,
  -- Exact dedup: QoS 1 redeliveries and offline replays repeat the alert id.
  CONSTRAINT alerts_device_alert UNIQUE (device_id, alert_id)
);
CREATE INDEX alerts_incident ON alerts (incident_id);
CREATE INDEX alerts_device_received ON alerts (device_id, received_at DESC);

CREATE TABLE incident_events (
  id           bigserial PRIMARY KEY,
  incident_id  uuid NOT NULL REFERENCES incidents (id),
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,
  type         text NOT NULL,
  from_state   text,
  to_state     text,
  reason       text,
  data         jsonb
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, id);

CREATE TABLE offers (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id   uuid NOT NULL REFERENCES incidents (id),
  responder_id  text NOT NULL REFERENCES responders (id),
  state         text NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  distance_m    double precision,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  answered_at   timestamptz,
  attempt       integer NOT NULL DEFAULT 1,
  UNIQUE (incident_id, responder_id)
);
CREATE INDEX offers_responder_pending ON offers (responder_id) WHERE state = 'pending';

-- Messages that must be published; a row leaves only after publishing (at-least-once).
CREATE TABLE outbox (
  id          bigserial PRIMARY KEY,
  topic       text NOT NULL,
  payload     bytea NOT NULL,
  qos         smallint NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Malformed input kept for forensics.
CREATE TABLE dead_letters (
  id           bigserial PRIMARY KEY,
  device_id    text NOT NULL,
  topic        text NOT NULL,
  payload      bytea NOT NULL,
  reason_code  text NOT NULL,
  reason       text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letters_received ON dead_letters (received_at DESC, id DESC);

-- Deadlines as rows: claimed with FOR UPDATE SKIP LOCKED, so each fires once across nodes and restarts.
CREATE TABLE timers (
  key      text PRIMARY KEY,
  kind     text NOT NULL,
  due_at   timestamptz NOT NULL,
  payload  jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX timers_due ON timers (due_at);

-- Versions of the classification rules; the newest is in force on every node.
CREATE TABLE rule_sets (
  id          bigserial PRIMARY KEY,
  body        jsonb NOT NULL,
  source      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE rule_sets;
DROP TABLE timers;
DROP TABLE dead_letters;
DROP TABLE outbox;
DROP TABLE offers;
DROP TABLE incident_events;
DROP TABLE alerts;
DROP TABLE incidents;
DROP TABLE incident_counters;
