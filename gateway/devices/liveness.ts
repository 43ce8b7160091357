import type pg from 'pg'
import type { Logger } from 'pino'
import type { DeviceKind } from '../identity/devices-repo.js'
import type { AlertPipeline } from '../pipeline/pipeline.js'
import type { RulesStore } from '../rules/store.js'
import type { DueTimer, TimerScheduler } from '../timers/scheduler.js'
import { GroupCommit } from '../storage/group-commit.js'

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

  /**
   * Records a sign of life: last_seen_at and the next silence deadline, and with `presence` whether
   * an MQTT session of the device is open (on which node). Signs of life arriving
   * together share one statement (group commit, one in flight): a reconnect storm of thousands of
   * devices is then a few statements, not one transaction per CONNECT queued on the pool ahead of
   * the alerts' commits. `silentAfterS`: the device's own supervision period (an alarm account's),
   * over the rules' default for its kind.
   */
  async seen (deviceId: string, deviceKind: DeviceKind, presence?: { online: boolean, node: string }, silentAfterS?: number): Promise<void> {
    await this.signs.submit({ deviceId, deviceKind, presence, silentAfterS })
  }

  private readonly signs = new GroupCommit<{ deviceId: string, deviceKind: DeviceKind, presence?: { online: boolean, node: string }, silentAfterS?: number }, undefined>(async (batch) => {
    // One row per device (an upsert may not touch a row twice), sorted: concurrent nodes lock in the same order.
    // Its presence is the last one of the batch (a connect, then a disconnect: offline).
    const byId = new Map<string, { kind: DeviceKind, presence?: { online: boolean, node: string }, silentS?: number }>()
    for (const x of batch) byId.set(x.deviceId, { kind: x.deviceKind, presence: x.presence ?? byId.get(x.deviceId)?.presence, silentS: x.silentAfterS })
    const ids = [...byId.keys()].sort()
    const silent = this.rules.current.liveness.silentAfterS
    const kindOf = (id: string): DeviceKind => (byId.get(id) as { kind: DeviceKind }).kind
    // A disconnect clears the presence only if this node still holds it (a session taken over elsewhere stays online).
    await this.pool.query(
      `WITH x AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $5::boolean[], $6::text[]) AS x(id, kind, silent_s, online, node)),
       seen AS (
         UPDATE devices d SET last_seen_at = now(),
           online = CASE WHEN x.online IS NULL THEN d.online WHEN x.online THEN true WHEN d.online_node IS NULL OR d.online_node = x.node THEN false ELSE d.online END,
           online_node = CASE WHEN x.online IS NULL THEN d.online_node WHEN x.online THEN x.node WHEN d.online_node = x.node THEN NULL ELSE d.online_node END
         FROM x WHERE d.id = x.id
       )
       INSERT INTO timers (key, kind, due_at, payload)
       SELECT $4 || ':' || id, $4, now() + make_interval(secs => silent_s), jsonb_build_object('deviceId', id, 'deviceKind', kind, 'silentAfterS', silent_s)
         FROM x WHERE silent_s > 0
       ON CONFLICT (key) DO UPDATE SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload`,
      [ids, ids.map(kindOf), ids.map(id => byId.get(id)?.silentS ?? silent[kindOf(id)] ?? 0), SILENT_TIMER,
        ids.map(id => byId.get(id)?.presence?.online ?? null), ids.map(id => byId.get(id)?.presence?.node ?? null)])
    return batch.map(() => undefined)
  }, { maxBatch: 1000, concurrency: 1, retryAlone: () => false })

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
