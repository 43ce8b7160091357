import type pg from 'pg'
import { audit } from '../audit/log.js'
import { sqlStates, TERMINAL_STATES } from '../incidents/state-machine.js'
import { inTransaction } from '../storage/transaction.js'

/** What an erasure changed, by kind: the audit entry's details and the API's answer. */
export interface ErasureReport {
  contacts: number
  devices: number
  incidents: number
  alerts: number
  deadLetters: number
  locations: number
  deliveries: number
  auditEntries: number
}

export type ErasureResult =
  | { outcome: 'erased', report: ErasureReport, contactIds: string[] }
  | { outcome: 'not_found' }
  | { outcome: 'open_incidents', numbers: string[] }

/**
 * Erases a person in one transaction: nothing half-done. Their row and medical profile, their
 * contacts (rows deleted, principals kept revoked so the ids are never reused) and enrolments go;
 * their devices stay (the operator's hardware) without the person, names or install place; the
 * incidents they or their devices raised stay as anonymous statistics (category, priority, states
 * and times) without person, caller, address, description or position; those incidents' location
 * histories, webhook deliveries and the devices' dead letters go; alerts keep kind and times only;
 * timeline texts and audit details about them are emptied. One audit entry records the erasure.
 * Refused while an incident of theirs is open. The contacts' ids are returned for their sessions to
 * be closed once committed.
 */
export async function erasePerson (pool: pg.Pool, personId: string, actor: string): Promise<ErasureResult> {
  return await inTransaction(pool, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM persons WHERE id = $1 FOR UPDATE', [personId])
    if (rowCount === 0) return { outcome: 'not_found' }
    // Not while help is on its way: responders and the control room still need who and where.
    const open = await client.query<{ number: string }>(
      `SELECT number FROM incidents WHERE (person_id = $1 OR device_id IN (SELECT id FROM devices WHERE person_id = $1)) AND state NOT IN (${sqlStates(TERMINAL_STATES)}) ORDER BY opened_at`, [personId])
    if (open.rows.length > 0) return { outcome: 'open_incidents', numbers: open.rows.map(r => r.number) }
    const count = async (sql: string, params: unknown[]): Promise<number> => (await client.query(sql, params)).rowCount ?? 0
    const contactIds = (await client.query<{ id: string }>('SELECT id FROM contacts WHERE person_id = $1', [personId])).rows.map(r => r.id)
    const deviceIds = (await client.query<{ id: string }>('SELECT id FROM devices WHERE person_id = $1', [personId])).rows.map(r => r.id)
    const incidentIds = (await client.query<{ id: string }>('SELECT id FROM incidents WHERE person_id = $1 OR device_id = ANY($2) FOR UPDATE', [personId, deviceIds])).rows.map(r => r.id)

    await client.query('DELETE FROM enrolments WHERE principal_id = ANY($1)', [contactIds])
    const contacts = await count('DELETE FROM contacts WHERE person_id = $1', [personId])
    await client.query("UPDATE principals SET revoked_at = coalesce(revoked_at, now()), secret_hash = 'erased' WHERE id = ANY($1)", [contactIds])
    await client.query('DELETE FROM persons WHERE id = $1', [personId])

    const devices = await count('UPDATE devices SET person_id = NULL, name = NULL, lat = NULL, lon = NULL, install_lat = NULL, install_lon = NULL, install_address = NULL WHERE id = ANY($1)', [deviceIds])
    await client.query('UPDATE alarm_accounts SET name = id, lat = NULL, lon = NULL, address = NULL, updated_at = now() WHERE id = ANY($1)', [deviceIds])
    const incidents = await count(
      `UPDATE incidents SET person_id = NULL, caller_name = NULL, caller_phone = NULL, address = NULL, description = NULL, lat = NULL, lon = NULL,
              location_updated_at = NULL, updated_at = now() WHERE id = ANY($1::uuid[])`, [incidentIds])
    const locations = await count('DELETE FROM incident_locations WHERE incident_id = ANY($1::uuid[])', [incidentIds])
    await client.query('UPDATE incident_events SET reason = NULL, data = NULL WHERE incident_id = ANY($1::uuid[]) AND (reason IS NOT NULL OR data IS NOT NULL)', [incidentIds])
    const alerts = await count(
      `UPDATE alerts SET payload = '{}'::jsonb, payload_purged_at = coalesce(payload_purged_at, now()), lat = NULL, lon = NULL, accuracy_m = NULL, heart_rate_bpm = NULL
        WHERE device_id = ANY($1) OR incident_id = ANY($2::uuid[])`, [deviceIds, incidentIds])
    const deadLetters = await count('DELETE FROM dead_letters WHERE device_id = ANY($1)', [deviceIds])
    const deliveries = await count('DELETE FROM webhook_deliveries WHERE incident_id = ANY($1::uuid[])', [incidentIds])
    await client.query('DELETE FROM outbox WHERE topic = ANY($1)', [contactIds.map(id => `notify/${id}`)])
    const auditEntries = await count(
      `UPDATE audit_log SET details = '{"erased": true}'::jsonb
        WHERE (target_type = 'person' AND target_id = $1) OR (target_type = 'contact' AND target_id = ANY($2)) OR (target_type = 'incident' AND target_id = ANY($3))
           OR (target_type IN ('device', 'alarm_account') AND target_id = ANY($4))`, [personId, contactIds, incidentIds, deviceIds])
    const report = { contacts, devices, incidents, alerts, deadLetters, locations, deliveries, auditEntries }
    await audit(client, { actor, action: 'person.erase', targetType: 'person', targetId: personId, details: report })
    return { outcome: 'erased', report, contactIds }
  })
}
