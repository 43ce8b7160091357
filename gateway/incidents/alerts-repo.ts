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

/** An alerts row as read here (snake_case, as pg returns it: bigint as string). accuracy_m is not read. */
export type AlertRow = {
  id: string
  device_id: string
  alert_id: string
  kind: string
  seq: string | null
  triggered_at: Date
  received_at: Date
  incident_id: string | null
  rule_id: string
  category: string
  priority: number
  lat: number | null
  lon: number | null
  battery_pct: number | null
  heart_rate_bpm: number | null
  payload: unknown
}

const COLUMN_NAMES = [
  'id', 'device_id', 'alert_id', 'kind', 'seq', 'triggered_at', 'received_at', 'incident_id', 'rule_id', 'category', 'priority',
  'lat', 'lon', 'battery_pct', 'heart_rate_bpm', 'payload'
] as const satisfies ReadonlyArray<keyof AlertRow>

// A field of AlertRow missing from the list above is a compile error here.
type Unlisted = Exclude<keyof AlertRow, typeof COLUMN_NAMES[number]>
const everyColumnListed: [Unlisted] extends [never] ? true : Unlisted = true
void everyColumnListed

export const ALERT_COLUMNS = COLUMN_NAMES.join(', ')

export function alertFromRow (r: AlertRow): AlertRecord {
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

/** A dead_letters row (snake_case, as pg returns it). */
type DeadLetterRow = { id: string, device_id: string, topic: string, payload: Buffer, reason_code: string, reason: string, received_at: Date }

const DEAD_LETTER_COLUMNS = 'id, device_id, topic, payload, reason_code, reason, received_at'

/** A rejected payload in GET /dead-letters: the bytes as base64. */
export interface DeadLetterRecord {
  id: number
  deviceId: string
  topic: string
  payloadBase64: string
  payloadBytes: number
  reasonCode: string
  reason: string
  receivedAt: string
}

function deadLetterFromRow (r: DeadLetterRow): DeadLetterRecord {
  return {
    id: Number(r.id),
    deviceId: r.device_id,
    topic: r.topic,
    payloadBase64: r.payload.toString('base64'),
    payloadBytes: r.payload.length,
    reasonCode: r.reason_code,
    reason: r.reason,
    receivedAt: r.received_at.toISOString()
  }
}

export class AlertsRepo {
  constructor (private readonly pool: pg.Pool) {}

  /** Newest first; `before` is the id of the last alert of the previous page. */
  async list (q: { device?: string, incidentId?: string, before?: number, limit: number }): Promise<AlertRecord[]> {
    const { rows } = await this.pool.query<AlertRow>(
      `SELECT ${ALERT_COLUMNS} FROM alerts
        WHERE ($1::text IS NULL OR device_id = $1) AND ($2::uuid IS NULL OR incident_id = $2) AND ($3::bigint IS NULL OR id < $3)
        ORDER BY id DESC LIMIT $4`,
      [q.device ?? null, q.incidentId ?? null, q.before ?? null, q.limit])
    return rows.map(alertFromRow)
  }

  async deadLetters (q: { device?: string, before?: number, limit: number }): Promise<DeadLetterRecord[]> {
    const { rows } = await this.pool.query<DeadLetterRow>(
      `SELECT ${DEAD_LETTER_COLUMNS} FROM dead_letters
        WHERE ($1::text IS NULL OR device_id = $1) AND ($2::bigint IS NULL OR id < $2)
        ORDER BY id DESC LIMIT $3`,
      [q.device ?? null, q.before ?? null, q.limit])
    return rows.map(deadLetterFromRow)
  }
}
