import type pg from 'pg'
import { appendEvent } from '../incidents/timeline.js'
import { inTransaction } from '../storage/transaction.js'
import type { ReceivingAccount } from './accounts-repo.js'
import { restoredCode } from './event-map.js'
import type { PanelEvent } from './events.js'

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
