import type pg from 'pg'

/**
 * INC-YYYYMMDD-NNNN: the UTC day of opening and a cluster-wide sequence number (at least four
 * digits; it does not restart each day). A sequence takes no lock that lasts until commit, so
 * incidents open concurrently on every node; a rolled-back opening leaves a gap, never a repeat.
 */
export async function nextIncidentNumber (client: pg.PoolClient): Promise<string> {
  const { rows } = await client.query(
    "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD') AS day, nextval('incident_number_seq') AS n")
  return `INC-${rows[0].day as string}-${String(rows[0].n).padStart(4, '0')}`
}
