import type pg from 'pg'
import type { Logger } from 'pino'
import type { DeviceKind } from '../identity/devices-repo.js'
import type { AlertPipeline } from '../pipeline/pipeline.js'
import type { RulesStore } from '../rules/store.js'
import type { DueTimer, TimerScheduler } from '../timers/scheduler.js'

export const SILENT_TIMER = 'device_silent'

/**
 * Device liveness: every sign of life (connect, telemetry, alert) moves the device's "silent"
 * deadline forward; when it passes, DEVICE_OFFLINE goes through the alert pipeline like any alert.
 */
export class Liveness {
  constructor (
    private readonly pool: pg.Pool,
    private readonly rules: RulesStore,
    private readonly pipeline: AlertPipeline,
    private readonly log: Logger
  ) {}

  register (scheduler: TimerScheduler): void {
    scheduler.on(SILENT_TIMER, async (t) => { await this.fire(t) })
  }

  /** Records a sign of life: last_seen_at and the next silence deadline, in one round trip. */
  async seen (deviceId: string, deviceKind: DeviceKind): Promise<void> {
    const silentAfterS = this.rules.current.liveness.silentAfterS[deviceKind] ?? 0
    if (silentAfterS <= 0) {
      await this.pool.query('UPDATE devices SET last_seen_at = now() WHERE id = $1', [deviceId])
      return
    }
    await this.pool.query(
      `WITH seen AS (UPDATE devices SET last_seen_at = now() WHERE id = $1)
       INSERT INTO timers (key, kind, due_at, payload) VALUES ($2, $3, now() + make_interval(secs => $4), $5)
       ON CONFLICT (key) DO UPDATE SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload`,
      [deviceId, `${SILENT_TIMER}:${deviceId}`, SILENT_TIMER, silentAfterS, JSON.stringify({ deviceId, deviceKind, silentAfterS })])
  }

  /**
   * Connected devices are alive (the broker enforces keepalive): this node pushes their deadlines
   * forward in one query. If the node dies, the sweeps stop and the deadlines come due.
   */
  async sweep (deviceIds: string[]): Promise<void> {
    if (deviceIds.length === 0) return
    await this.pool.query(
      `UPDATE timers SET due_at = now() + make_interval(secs => (payload->>'silentAfterS')::int)
        WHERE key = ANY($1::text[])`, [deviceIds.map(id => `${SILENT_TIMER}:${id}`)])
  }

  private async fire (t: DueTimer): Promise<void> {
    const { deviceId, deviceKind, silentAfterS } = t.payload as { deviceId: string, deviceKind: DeviceKind, silentAfterS: number }
    const { rows } = await this.pool.query('SELECT codec, person_id, revoked_at FROM devices WHERE id = $1', [deviceId])
    if (rows.length === 0 || rows[0].revoked_at !== null) return
    this.log.info({ deviceId, silentAfterS }, 'device silent: raising DEVICE_OFFLINE')
    // The alert id is derived from the deadline, so a timer that fires twice (crash before commit) dedupes.
    const alert = { alertId: `offline-${t.dueAt.getTime()}`, kind: 'DEVICE_OFFLINE', triggeredAtMs: Date.now(), attributes: { silentForS: String(silentAfterS) } }
    await this.pipeline.process({
      deviceId,
      deviceKind,
      codec: 'json',
      personId: rows[0].person_id,
      topic: `dev/${deviceId}/alert`,
      raw: Buffer.from(JSON.stringify(alert)),
      receivedAt: Date.now()
    }, { ack: false })
  }
}
