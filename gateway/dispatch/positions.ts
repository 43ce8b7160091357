import type pg from 'pg'
import { emitEvents } from '../events/emit.js'
import { GroupCommit } from '../storage/group-commit.js'

export interface PositionReport { responderId: string, lat: number, lon: number, accuracyM?: number }

/** A responder's position history, newest last. */
export interface ResponderPosition { at: string, lat: number, lon: number, accuracyM: number | null }

/**
 * Responders' location messages, written together: positions arriving at once share one statement
 * (the responder rows, their position history and the live events), so a shift of responders
 * reporting every few seconds costs a few statements a second, not one per message. Each
 * responder's history is trimmed to the newest `keep` rows.
 */
export class ResponderPositions {
  private readonly group: GroupCommit<PositionReport, undefined>

  constructor (private readonly pool: pg.Pool, private readonly keep: number) {
    this.group = new GroupCommit(async (batch) => { await this.write(batch); return batch.map(() => undefined) },
      { maxBatch: 500, concurrency: 1, retryAlone: () => false })
  }

  async report (p: PositionReport): Promise<void> {
    await this.group.submit(p)
  }

  private async write (batch: PositionReport[]): Promise<void> {
    // The latest of each responder moves its row; every one goes into the history, in order.
    const x = JSON.stringify(batch.map((p, n) => ({ n, id: p.responderId, lat: p.lat, lon: p.lon, accuracy_m: p.accuracyM ?? null })))
    const { rows } = await this.pool.query<{ id: string, status: string, online: boolean, lat: number, lon: number, current_incident_id: string | null }>(
      `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(n int, id text, lat float8, lon float8, accuracy_m real)),
       latest AS (SELECT DISTINCT ON (id) * FROM x ORDER BY id, n DESC),
       moved AS (
         UPDATE responders r SET lat = l.lat, lon = l.lon, location_at = now() FROM latest l WHERE r.id = l.id
         RETURNING r.id, r.status, r.online, r.lat, r.lon, r.current_incident_id
       ), history AS (
         INSERT INTO responder_positions (responder_id, lat, lon, accuracy_m)
         SELECT x.id, x.lat, x.lon, x.accuracy_m FROM x JOIN moved m ON m.id = x.id ORDER BY x.n
       )
       SELECT * FROM moved ORDER BY id`, [x])
    if (rows.length === 0) return
    const at = new Date().toISOString()
    await emitEvents(this.pool, rows.map(r => ({
      type: 'responder.updated' as const, at, responder: { id: r.id, status: r.status, online: r.online, lat: r.lat, lon: r.lon, currentIncidentId: r.current_incident_id }
    })))
    // The history is bounded: rows past the newest `keep` of each of these responders go.
    await this.pool.query(
      `DELETE FROM responder_positions p USING unnest($1::text[]) AS r(id)
        WHERE p.responder_id = r.id
          AND p.id <= (SELECT q.id FROM responder_positions q WHERE q.responder_id = r.id ORDER BY q.id DESC OFFSET $2 LIMIT 1)`,
      [rows.map(r => r.id), this.keep])
  }
}

/** The newest `limit` positions of a responder (optionally since a time), oldest first. */
export async function positionHistory (pool: pg.Pool, responderId: string, opts: { limit: number, since?: string }): Promise<ResponderPosition[]> {
  const { rows } = await pool.query<{ at: Date, lat: number, lon: number, accuracy_m: number | null }>(
    `SELECT at, lat, lon, accuracy_m FROM (
       SELECT id, at, lat, lon, accuracy_m FROM responder_positions
        WHERE responder_id = $1 AND ($3::timestamptz IS NULL OR at >= $3)
        ORDER BY id DESC LIMIT $2
     ) p ORDER BY id`, [responderId, opts.limit, opts.since ?? null])
  return rows.map(r => ({ at: r.at.toISOString(), lat: r.lat, lon: r.lon, accuracyM: r.accuracy_m }))
}
