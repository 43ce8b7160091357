import type pg from 'pg'

export interface AlertRecord {
  id: number
  deviceId: string
  alertId: string
  kind: string
  seq: number | null
  triggeredAt: string
  receivedAt: string
  incidentId: string | null
  ruleId: string
  category: string
  priority: number
  lat: number | null
  lon: number | null
  batteryPct: number | null
  heartRateBpm: number | null
  payload: unknown
}

function toAlert (r: any): AlertRecord {
  return {
    id: Number(r.id),
    deviceId: r.device_id,
    alertId: r.alert_id,
    kind: r.kind,
    seq: r.seq === null ? null : Number(r.seq),
    triggeredAt: r.triggered_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    incidentId: r.incident_id,
    ruleId: r.rule_id,
    category: r.category,
    priority: r.priority,
    lat: r.lat,
    lon: r.lon,
    batteryPct: r.battery_pct,
    heartRateBpm: r.heart_rate_bpm,
    payload: r.payload
  }
}

const COLUMNS = 'id, device_id, alert_id, kind, seq, triggered_at, received_at, incident_id, rule_id, category, priority, lat, lon, battery_pct, heart_rate_bpm, payload'

export class AlertsRepo {
  constructor (private readonly pool: pg.Pool) {}

  /** Newest first; `before` is the id of the last alert of the previous page. */
  async list (q: { device?: string, incidentId?: string, before?: number, limit: number }): Promise<AlertRecord[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM alerts
        WHERE ($1::text IS NULL OR device_id = $1) AND ($2::uuid IS NULL OR incident_id = $2) AND ($3::bigint IS NULL OR id < $3)
        ORDER BY id DESC LIMIT $4`,
      [q.device ?? null, q.incidentId ?? null, q.before ?? null, q.limit])
    return rows.map(toAlert)
  }

  async deadLetters (q: { device?: string, before?: number, limit: number }): Promise<any[]> {
    const { rows } = await this.pool.query(
      `SELECT id, device_id, topic, payload, reason_code, reason, received_at FROM dead_letters
        WHERE ($1::text IS NULL OR device_id = $1) AND ($2::bigint IS NULL OR id < $2)
        ORDER BY id DESC LIMIT $3`,
      [q.device ?? null, q.before ?? null, q.limit])
    return rows.map(r => ({
      id: Number(r.id),
      deviceId: r.device_id,
      topic: r.topic,
      payloadBase64: r.payload.toString('base64'),
      payloadBytes: r.payload.length,
      reasonCode: r.reason_code,
      reason: r.reason,
      receivedAt: r.received_at.toISOString()
    }))
  }
}
