-- Up Migration

-- Alarm panels reporting over SIA DC-09. Each account is also a device (kind 'panel'), so its alerts
-- go through the same pipeline, dedup, incidents and liveness as any device's; the device id is the
-- account's id. Its principal has a random secret nobody holds: a panel never connects over MQTT.
ALTER TABLE devices DROP CONSTRAINT devices_kind_check;
ALTER TABLE devices ADD CONSTRAINT devices_kind_check CHECK (kind IN ('button', 'wearable', 'phone', 'panel'));

CREATE TABLE alarm_accounts (
  id             text PRIMARY KEY REFERENCES devices (id),
  -- the account number as the panel sends it (3-16 hex digits, upper case), with the receiver and
  -- line it reports to when several accounts share a number across receivers
  account        text NOT NULL CHECK (account ~ '^[0-9A-F]{3,16}$'),
  receiver       text CHECK (receiver ~ '^[0-9A-F]{1,6}$'),
  line           text CHECK (line ~ '^[0-9A-F]{1,6}$'),
  name           text NOT NULL,
  -- the AES key as given (16/24/32 characters or 32/48/64 hex digits); null: the panel does not encrypt
  aes_key        text,
  lat            double precision,
  lon            double precision,
  address        text,
  -- event code ('cid:130', 'sia:BA') → alert kind or 'ignore'; over the built-in defaults
  event_map      jsonb NOT NULL DEFAULT '{}',
  -- per-account tolerance of known panel bugs (crcIncludesCr, binaryCrc, ...)
  quirks         jsonb NOT NULL DEFAULT '{}',
  -- silent for longer than this raises DEVICE_OFFLINE; null: the rules' liveness.silentAfterS.panel
  supervision_s  integer CHECK (supervision_s >= 0),
  -- the allowed clock difference: a message this far ahead or behind is NAKed with the receiver's time
  ahead_s        integer NOT NULL DEFAULT 20 CHECK (ahead_s >= 0),
  behind_s       integer NOT NULL DEFAULT 40 CHECK (behind_s >= 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz
);
CREATE UNIQUE INDEX alarm_accounts_number ON alarm_accounts (account, coalesce(receiver, ''), coalesce(line, '')) WHERE revoked_at IS NULL;

-- Down Migration
DROP TABLE alarm_accounts;
ALTER TABLE devices DROP CONSTRAINT devices_kind_check;
ALTER TABLE devices ADD CONSTRAINT devices_kind_check CHECK (kind IN ('button', 'wearable', 'phone'));
