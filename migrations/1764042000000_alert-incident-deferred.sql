-- Up Migration

-- An alert row is written once, carrying the id its incident will have if the alert opens one
-- (gateway/pipeline/persist/exact-dedup.ts); the incident row follows in the same transaction.
-- So the link to the incident is checked at commit, not at the insert.
ALTER TABLE alerts ALTER CONSTRAINT alerts_incident_id_fkey DEFERRABLE INITIALLY DEFERRED;

-- Down Migration
ALTER TABLE alerts ALTER CONSTRAINT alerts_incident_id_fkey NOT DEFERRABLE;
