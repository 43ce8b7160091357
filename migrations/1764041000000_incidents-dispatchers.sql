-- Up Migration

-- Dispatcher-created incidents (a phone call, a walk-in) have no device. What a dispatcher writes
-- about the incident, and who called, are kept on it.
ALTER TABLE incidents
  ALTER COLUMN device_id DROP NOT NULL,
  ADD COLUMN source text NOT NULL DEFAULT 'device' CHECK (source IN ('device', 'phone', 'walk_in', 'radio', 'other')),
  ADD COLUMN description text,
  ADD COLUMN address text,
  ADD COLUMN caller_name text,
  ADD COLUMN caller_phone text,
  ADD COLUMN location_updated_at timestamptz;
UPDATE incidents SET location_updated_at = opened_at WHERE lat IS NOT NULL;

-- An incident follows its caller: every position it took, oldest first.
CREATE TABLE incident_locations (
  id           bigserial PRIMARY KEY,
  incident_id  uuid NOT NULL REFERENCES incidents (id),
  at           timestamptz NOT NULL DEFAULT now(),
  lat          double precision NOT NULL,
  lon          double precision NOT NULL,
  accuracy_m   real,
  source       text NOT NULL CHECK (source IN ('alert', 'telemetry', 'dispatcher', 'install'))
);
CREATE INDEX incident_locations_incident ON incident_locations (incident_id, id);
INSERT INTO incident_locations (incident_id, at, lat, lon, source)
  SELECT id, opened_at, lat, lon, 'alert' FROM incidents WHERE lat IS NOT NULL;

-- Telemetry moves the open incidents its device raised.
CREATE INDEX incidents_open_device ON incidents (device_id) WHERE device_id IS NOT NULL AND state NOT IN ('RESOLVED', 'CLOSED', 'CANCELLED');

-- A wall button has no GPS: where it is installed stands in for a fix.
ALTER TABLE devices
  ADD COLUMN install_lat double precision,
  ADD COLUMN install_lon double precision,
  ADD COLUMN install_address text,
  ADD CONSTRAINT devices_install_position CHECK ((install_lat IS NULL) = (install_lon IS NULL)),
  -- Whether an MQTT session of the device is open, and on which node (as for responders).
  ADD COLUMN online boolean NOT NULL DEFAULT false,
  ADD COLUMN online_node text;

-- The alert path reads a device's install location from the principal directory: its changes notify.
DROP TRIGGER devices_changed ON devices;
CREATE TRIGGER devices_changed AFTER INSERT OR DELETE OR UPDATE OF kind, codec, person_id, revoked_at, install_lat, install_lon, install_address ON devices
  FOR EACH ROW EXECUTE FUNCTION flare_principal_changed();

-- Where responders have been (their location messages), trimmed to RESPONDER_POSITIONS_KEEP each.
CREATE TABLE responder_positions (
  id            bigserial PRIMARY KEY,
  responder_id  text NOT NULL REFERENCES responders (id),
  at            timestamptz NOT NULL DEFAULT now(),
  lat           double precision NOT NULL,
  lon           double precision NOT NULL,
  accuracy_m    real
);
CREATE INDEX responder_positions_responder ON responder_positions (responder_id, id DESC);

-- Down Migration
DROP TABLE responder_positions;
DROP TRIGGER devices_changed ON devices;
CREATE TRIGGER devices_changed AFTER INSERT OR DELETE OR UPDATE OF kind, codec, person_id, revoked_at ON devices
  FOR EACH ROW EXECUTE FUNCTION flare_principal_changed();
ALTER TABLE devices DROP COLUMN online, DROP COLUMN online_node, DROP CONSTRAINT devices_install_position, DROP COLUMN install_lat, DROP COLUMN install_lon, DROP COLUMN install_address;
DROP INDEX incidents_open_device;
DROP TABLE incident_locations;
DELETE FROM incident_events WHERE incident_id IN (SELECT id FROM incidents WHERE device_id IS NULL);
DELETE FROM offers WHERE incident_id IN (SELECT id FROM incidents WHERE device_id IS NULL);
UPDATE responders SET current_incident_id = NULL WHERE current_incident_id IN (SELECT id FROM incidents WHERE device_id IS NULL);
DELETE FROM incidents WHERE device_id IS NULL;
ALTER TABLE incidents
  ALTER COLUMN device_id SET NOT NULL,
  DROP COLUMN source, DROP COLUMN description, DROP COLUMN address, DROP COLUMN caller_name, DROP COLUMN caller_phone, DROP COLUMN location_updated_at;
