import type pg from 'pg'
import type { Logger } from 'pino'
import { SILENT_TIMER } from '../devices/liveness.js'
import { appendEvent } from '../incidents/timeline.js'
import { inTransaction } from '../storage/transaction.js'
import type { ReceivingAccount } from './accounts-repo.js'
import { restoredCode } from './event-map.js'
import type { PanelEvent } from './events.js'

/** Signs of life are written together at most this often: a supervision period is minutes to days. */
const FLUSH_MS = 1000

/**
 * A message from an account (a link test, a periodic test, any event) is a sign of life: the
 * account's silence deadline moves forward by its supervision period, or the rules' default for
 * panels. When it passes, the devices' own timer raises DEVICE_OFFLINE, as for a silent MQTT device.
 * Signs of life are not what an ACK promises, so they do not hold it up: they are collected and
 * written once a second in one statement.
 */
export class PanelSigns {
  private pending = new Map<string, number>()
  private readonly timer: NodeJS.Timeout
  private flushing: Promise<void> = Promise.resolve()

  constructor (private readonly pool: pg.Pool, private readonly defaultS: () => number, private readonly log: Logger) {
    this.timer = setInterval(() => { void this.flush() }, FLUSH_MS)
    this.timer.unref()
  }

  seen (account: ReceivingAccount): void {
    this.pending.set(account.id, account.supervisionS ?? this.defaultS())
  }

  async flush (): Promise<void> {
    await this.flushing
    if (this.pending.size === 0) return
    const batch = this.pending
    this.pending = new Map()
    const ids = [...batch.keys()].sort()
    this.flushing = this.pool.query(
      `WITH x AS (SELECT * FROM unnest($1::text[], $2::int[]) AS x(id, silent_s)),
       seen AS (UPDATE devices d SET last_seen_at = now() FROM x WHERE d.id = x.id)
       INSERT INTO timers (key, kind, due_at, payload)
       SELECT $3 || ':' || id, $3, now() + make_interval(secs => silent_s), jsonb_build_object('deviceId', id, 'deviceKind', 'panel', 'silentAfterS', silent_s)
         FROM x WHERE silent_s > 0
       ON CONFLICT (key) DO UPDATE SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload`,
      [ids, ids.map(id => batch.get(id)), SILENT_TIMER]).then(() => {}, (err) => {
      // Kept for the next round: a sign of life is not lost to a database that is away for a while.
      for (const [id, s] of batch) if (!this.pending.has(id)) this.pending.set(id, s)
      this.log.warn({ err, accounts: batch.size }, 'dc09: signs of life not written; trying again')
    })
    await this.flushing
  }

  async stop (): Promise<void> {
    clearInterval(this.timer)
    await this.flush()
  }
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
