-- Up Migration

-- Incident numbers come from a sequence: a per-day counter row serialised every incident opening
-- across the cluster behind one row lock held until commit (measured as the throughput ceiling).
CREATE SEQUENCE incident_number_seq;
SELECT setval('incident_number_seq', GREATEST((SELECT COALESCE(sum(last), 0) FROM incident_counters), 1), (SELECT count(*) > 0 FROM incident_counters));
DROP TABLE incident_counters;

-- Down Migration
CREATE TABLE incident_counters (day date PRIMARY KEY, last integer NOT NULL);
DROP SEQUENCE incident_number_seq;
