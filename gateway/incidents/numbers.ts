import type pg from 'pg'

/** INC-YYYYMMDD-NNNN, counted per UTC day in PostgreSQL, so numbers are unique across nodes. */
export async function nextIncidentNumber (client: pg.PoolClient): Promise<string> {
  const { rows } = await client.query(
    `INSERT INTO incident_counters (day, last) VALUES ((now() AT TIME ZONE 'UTC')::date, 1)
     ON CONFLICT (day) DO UPDATE SET last = incident_counters.last + 1
     RETURNING to_char(day, 'YYYYMMDD') AS day, last`)
  return `INC-${rows[0].day as string}-${String(rows[0].last).padStart(4, '0')}`
}
