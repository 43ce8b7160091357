-- Up Migration

-- Keys the server holds for itself, shared by every node: `principal-digest` keys the HMAC-SHA-256
-- digests of device, responder and contact secrets (generated at first start).
CREATE TABLE server_keys (
  name        text PRIMARY KEY,
  key         bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Every node keeps the MQTT principals in memory, so a CONNECT needs no query. A change to what a
-- CONNECT reads notifies every node with the principal's id; only those columns fire it, so
-- telemetry and location updates (last_seen_at, lat, lon, status) do not.
CREATE FUNCTION flare_principal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('flare_principals', CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
  RETURN NULL;
END $$;

CREATE TRIGGER principals_changed AFTER INSERT OR DELETE OR UPDATE OF kind, secret_hash, revoked_at ON principals
  FOR EACH ROW EXECUTE FUNCTION flare_principal_changed();
CREATE TRIGGER devices_changed AFTER INSERT OR DELETE OR UPDATE OF kind, codec, person_id, revoked_at ON devices
  FOR EACH ROW EXECUTE FUNCTION flare_principal_changed();
CREATE TRIGGER responders_changed AFTER INSERT OR DELETE OR UPDATE OF roles, zones, codec, revoked_at ON responders
  FOR EACH ROW EXECUTE FUNCTION flare_principal_changed();

-- Down Migration

DROP TRIGGER responders_changed ON responders;
DROP TRIGGER devices_changed ON devices;
DROP TRIGGER principals_changed ON principals;
DROP FUNCTION flare_principal_changed();
DROP TABLE server_keys;
