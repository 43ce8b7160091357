-- Up Migration

-- Zones: GeoJSON Polygon or MultiPolygon; the bounding box narrows point-in-polygon checks.
CREATE TABLE zones (
  id          text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  name        text NOT NULL,
  geometry    jsonb NOT NULL,
  min_lat     double precision NOT NULL,
  min_lon     double precision NOT NULL,
  max_lat     double precision NOT NULL,
  max_lon     double precision NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- People who own devices. The medical profile is AES-256-GCM ciphertext; the key id says which key.
CREATE TABLE persons (
  id              text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  name            text NOT NULL,
  language        text NOT NULL DEFAULT 'en',
  phone           text,
  medical_key_id  text,
  medical         bytea,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Emergency contacts connect over MQTT like responders (principals of kind contact).
CREATE TABLE contacts (
  id          text PRIMARY KEY REFERENCES principals (id),
  person_id   text NOT NULL REFERENCES persons (id),
  name        text NOT NULL,
  language    text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'af')),
  relation    text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX contacts_person ON contacts (person_id) WHERE revoked_at IS NULL;

ALTER TABLE incidents
  ADD COLUMN assigned_responder_id text REFERENCES responders (id),
  ADD COLUMN dispatch_policy jsonb,
  ADD COLUMN escalation_policy jsonb,
  ADD COLUMN dispatch_radius_m double precision,
  ADD COLUMN escalation_level integer NOT NULL DEFAULT 0,
  ADD COLUMN assigned_at timestamptz,
  ADD COLUMN on_scene_at timestamptz;

ALTER TABLE responders
  ADD COLUMN current_incident_id uuid REFERENCES incidents (id);

-- Replies are applied once: a repeated reply id gets the first answer again.
CREATE TABLE responder_replies (
  responder_id  text NOT NULL,
  reply_id      text NOT NULL,
  result        jsonb NOT NULL,
  at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (responder_id, reply_id)
);

-- Who changed or read what (REST changes, medical profile reads).
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,
  action       text NOT NULL,
  target_type  text NOT NULL,
  target_id    text,
  details      jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);

-- Down Migration
DROP TABLE audit_log;
DROP TABLE responder_replies;
ALTER TABLE responders DROP COLUMN current_incident_id;
ALTER TABLE incidents
  DROP COLUMN assigned_responder_id, DROP COLUMN dispatch_policy, DROP COLUMN escalation_policy,
  DROP COLUMN dispatch_radius_m, DROP COLUMN escalation_level, DROP COLUMN assigned_at, DROP COLUMN on_scene_at;
DROP TABLE contacts;
DROP TABLE persons;
DROP TABLE zones;
