-- Up Migration

-- Secret rotation (POST /devices|responders|contacts/{id}/secret): the new secret's digest replaces
-- secret_hash; the old one stays accepted until previous_valid_until, so a device can be given its
-- new secret without a gap, and a session that is connected stays connected.
ALTER TABLE principals
  ADD COLUMN previous_secret_hash text,
  ADD COLUMN previous_valid_until timestamptz,
  ADD CONSTRAINT principals_previous_secret CHECK ((previous_secret_hash IS NULL) = (previous_valid_until IS NULL));

-- Down Migration
ALTER TABLE principals DROP CONSTRAINT principals_previous_secret, DROP COLUMN previous_valid_until, DROP COLUMN previous_secret_hash;
