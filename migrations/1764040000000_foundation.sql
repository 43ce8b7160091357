-- Up Migration

-- One namespace for every MQTT principal: the client id is the principal id,
-- so a device and a responder can never share one.
CREATE TABLE principals (
  id           text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  kind         text NOT NULL CHECK (kind IN ('device', 'responder', 'contact')),
  secret_hash  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

CREATE TABLE devices (
  id           text PRIMARY KEY REFERENCES principals (id),
  kind         text NOT NULL CHECK (kind IN ('button', 'wearable', 'phone')),
  codec        text NOT NULL CHECK (codec IN ('protobuf', 'json')),
  name         text,
  person_id    text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  last_seen_at timestamptz,
  battery_pct  smallint,
  lat          double precision,
  lon          double precision
);

CREATE TABLE responders (
  id           text PRIMARY KEY REFERENCES principals (id),
  name         text NOT NULL,
  roles        text[] NOT NULL DEFAULT '{}',
  zones        text[] NOT NULL DEFAULT '{}',
  codec        text NOT NULL DEFAULT 'json' CHECK (codec IN ('protobuf', 'json')),
  status       text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'busy', 'off_duty')),
  online       boolean NOT NULL DEFAULT false,
  lat          double precision,
  lon          double precision,
  location_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

-- REST API keys; the key is random (256 bits), so a SHA-256 digest is enough to look it up.
CREATE TABLE api_keys (
  id           bigserial PRIMARY KEY,
  key_hash     text NOT NULL UNIQUE,
  role         text NOT NULL CHECK (role IN ('admin', 'dispatcher', 'viewer')),
  name         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

-- Down Migration
DROP TABLE api_keys;
DROP TABLE responders;
DROP TABLE devices;
DROP TABLE principals;
