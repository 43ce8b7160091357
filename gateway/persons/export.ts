import type pg from 'pg'

/** A row as the export shows it: the columns' names in camelCase, times as ISO strings. */
function camel (row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), v instanceof Date ? v.toISOString() : v]))
}

async function rows (db: pg.PoolClient, sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
  return (await db.query(sql, params)).rows.map(camel)
}

/** Everything Flare holds about a person, but the medical profile (its decryption is the caller's, audited). */
export interface PersonExport {
  person: Record<string, unknown>
  contacts: Array<Record<string, unknown>>
  devices: Array<Record<string, unknown>>
  alarmAccounts: Array<Record<string, unknown>>
  incidents: Array<Record<string, unknown>>
  alerts: Array<Record<string, unknown>>
  deadLetters: Array<Record<string, unknown>>
  /** notices to the person's contacts still waiting to be published (sent ones are not kept) */
  pendingNotices: Array<Record<string, unknown>>
  audit: Array<Record<string, unknown>>
}

/**
 * The person's data, read in one snapshot (REPEATABLE READ): their row, contacts (revoked ones
 * too), devices and alarm accounts, the incidents they or their devices raised with timelines,
 * offers and locations, those devices' alerts and dead letters, and the audit entries about any of
 * them. Undefined when there is no such person.
 */
export async function exportPerson (pool: pg.Pool, personId: string): Promise<PersonExport | undefined> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const db = client
    const [person] = await rows(db, 'SELECT id, name, language, phone, medical_key_id, created_at, updated_at FROM persons WHERE id = $1', [personId])
    if (person === undefined) return undefined
    const contacts = await rows(db, 'SELECT id, name, language, relation, created_at, revoked_at FROM contacts WHERE person_id = $1 ORDER BY created_at, id', [personId])
    const devices = await rows(db, 'SELECT id, kind, codec, name, created_at, revoked_at, last_seen_at, battery_pct, lat, lon, install_lat, install_lon, install_address FROM devices WHERE person_id = $1 ORDER BY id', [personId])
    // An alarm account is a device of kind panel: the person is named on its device row.
    const alarmAccounts = await rows(db, 'SELECT a.id, a.account, a.receiver, a.line, a.name, a.lat, a.lon, a.address, a.created_at, a.revoked_at FROM alarm_accounts a JOIN devices d ON d.id = a.id WHERE d.person_id = $1 ORDER BY a.id', [personId])
    const deviceIds = devices.map(d => d.id) as string[]
    const incidents = await rows(db,
      `SELECT i.id, i.number, i.state, i.kind, i.category, i.priority, i.source, i.device_id, i.zone_id, i.lat, i.lon, i.address, i.description,
              i.caller_name, i.caller_phone, i.opened_at, i.resolved_at, i.closed_at,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('at', e.at, 'actor', e.actor, 'type', e.type, 'fromState', e.from_state, 'toState', e.to_state, 'reason', e.reason, 'data', e.data) ORDER BY e.id), '[]') FROM incident_events e WHERE e.incident_id = i.id) AS timeline,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('at', l.at, 'lat', l.lat, 'lon', l.lon, 'accuracyM', l.accuracy_m, 'source', l.source) ORDER BY l.id), '[]') FROM incident_locations l WHERE l.incident_id = i.id) AS locations,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('responderId', o.responder_id, 'state', o.state, 'createdAt', o.created_at, 'answeredAt', o.answered_at) ORDER BY o.created_at), '[]') FROM offers o WHERE o.incident_id = i.id) AS offers
         FROM incidents i WHERE i.person_id = $1 OR i.device_id = ANY($2) ORDER BY i.opened_at, i.id`, [personId, deviceIds])
    const incidentIds = incidents.map(i => i.id) as string[]
    const alerts = await rows(db,
      `SELECT device_id, alert_id, kind, seq, triggered_at, received_at, incident_id, category, priority, lat, lon, accuracy_m, battery_pct, heart_rate_bpm, payload
         FROM alerts WHERE device_id = ANY($1) OR incident_id = ANY($2::uuid[]) ORDER BY received_at, id`, [deviceIds, incidentIds])
    const deadLetters = await rows(db, "SELECT device_id, topic, encode(payload, 'base64') AS payload_base64, reason_code, reason, received_at FROM dead_letters WHERE device_id = ANY($1) ORDER BY received_at, id", [deviceIds])
    const contactIds = contacts.map(c => c.id) as string[]
    const pendingNotices = await rows(db, "SELECT topic, convert_from(payload, 'UTF8')::jsonb AS notice, created_at FROM outbox WHERE topic = ANY($1) AND sealed_key IS NULL ORDER BY id",
      [contactIds.map(id => `notify/${id}`)])
    const audit = await rows(db,
      `SELECT at, actor, action, target_type, target_id, details FROM audit_log
        WHERE (target_type = 'person' AND target_id = $1) OR (target_type = 'contact' AND target_id = ANY($2))
           OR (target_type IN ('device', 'alarm_account') AND target_id = ANY($3)) OR (target_type = 'incident' AND target_id = ANY($4))
           OR actor = ANY($5)
        ORDER BY at, id`, [personId, contactIds, deviceIds, incidentIds, contactIds.map(id => `contact:${id}`)])
    return { person, contacts, devices, alarmAccounts, incidents, alerts, deadLetters, pendingNotices, audit }
  } finally {
    await client.query('ROLLBACK').catch(() => {})
    client.release()
  }
}
