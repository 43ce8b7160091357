/**
 * INC-YYYYMMDD-NNNN: the UTC day of opening and a cluster-wide sequence number (at least four
 * digits; it does not restart each day). A sequence takes no lock that lasts until commit, so
 * incidents open concurrently on every node; a rolled-back opening leaves a gap, never a repeat.
 * An SQL expression over `n`, a value of nextval('incident_number_seq'), so the number costs no round trip.
 */
export const INCIDENT_NUMBER_SQL =
  "'INC-' || to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD') || '-' || lpad(n::text, greatest(4, length(n::text)), '0')"
