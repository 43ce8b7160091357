import type pg from 'pg'
import { SILENT_TIMER } from '../devices/liveness.js'
import { appendEvent } from '../incidents/timeline.js'
import { inTransaction } from '../storage/transaction.js'
import type { ReceivingAccount } from './accounts-repo.js'
import { restoredCode } from './event-map.js'
import type { PanelEvent } from './events.js'

/**
 * A message from an account (a link test, a periodic test, any event) is a sign of life: the
 * account's silence deadline moves forward by its supervision period, or the rules' default for
 * panels. When it passes, the devices' own timer raises DEVICE_OFFLINE, as for a silent MQTT device.
 */
export async function panelSeen (pool: pg.Pool, account: ReceivingAccount, defaultS: number): Promise<void> {
  const silentS = account.supervisionS ?? defaultS
  await pool.query(
    `WITH seen AS (UPDATE devices SET last_seen_at = now() WHERE id = $1)
     INSERT INTO timers (key, kind, due_at, payload)
     SELECT $2 || ':' || $1::text, $2, now() + make_interval(secs => $3), jsonb_build_object('deviceId', $1::text, 'deviceKind', 'panel', 'silentAfterS', $3::int)
      WHERE $3 > 0
     ON CONFLICT (key) DO UPDATE SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload`,
    [account.id, SILENT_TIMER, silentS])
}

/**
 * A restore (Contact ID qualifier 3, SIA …R) ends an earlier alarm: it is noted on the timeline of
 * the account's newest open incident raised by that code. The incident stays open: a dispatcher or
 * the responder on scene decides it is over, not the panel. Without such an incident it is only
 * acknowledged.
 */
export async function panelRestored (pool: pg.Pool, account: ReceivingAccount, event: PanelEvent, at: number): Promise<boolean> {
  const code = restoredCode(event)
  return await inTransaction(pool, async (client) => {
    const { rows } = await client.query(
      `SELECT i.id FROM incidents i
        WHERE i.device_id = $1 AND i.state NOT IN ('RESOLVED', 'CLOSED', 'CANCELLED')
          AND EXISTS (SELECT 1 FROM alerts a WHERE a.incident_id = i.id AND a.payload->'attributes'->>'code' = $2)
        ORDER BY i.opened_at DESC LIMIT 1`, [account.id, code])
    if (rows[0] === undefined) return false
    await appendEvent(client, rows[0].id, {
      actor: `panel:${account.id}`,
      type: 'panel_restore',
      reason: `the panel reports ${code} restored${event.zone === undefined ? '' : ` (zone ${event.zone})`}`,
      data: { code: event.code, zone: event.zone ?? null, area: event.area ?? null, at: new Date(at).toISOString() }
    })
    return true
  })
}
