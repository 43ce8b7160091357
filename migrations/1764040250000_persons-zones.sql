-- Up Migration

-- Persons' language picks the texts written about them; only languages with templates are allowed.
ALTER TABLE persons ADD CONSTRAINT persons_language CHECK (language IN ('en', 'af'));

-- GET /persons/:id lists the devices that name the person (devices.person_id stays without a foreign key).
CREATE INDEX devices_person ON devices (person_id) WHERE person_id IS NOT NULL;

-- Key rotation finds the profiles still under an old key.
CREATE INDEX persons_medical_key ON persons (medical_key_id) WHERE medical IS NOT NULL;

-- Down Migration
DROP INDEX persons_medical_key;
DROP INDEX devices_person;
ALTER TABLE persons DROP CONSTRAINT persons_language;
