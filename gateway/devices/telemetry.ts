import type pg from 'pg'
import type { Logger } from 'pino'
import type { ClientPrincipal } from '../../broker/acl.js'
import { decodeTelemetry, DecodeError, type TelemetryMessage } from '../codec/wire.js'
import type { AfterCommit } from '../pipeline/after-commit.js'
import type { AlertPipeline } from '../pipeline/pipeline.js'
import type { PipelineMetrics } from '../pipeline/metrics.js'
import type { AlertStore } from '../pipeline/persist.js'
import { Rejection } from '../pipeline/types.js'
import type { RulesStore } from '../rules/store.js'
import type { Liveness } from './liveness.js'
import type { DispatchEngine } from '../dispatch/engine.js'
import { emitEvents, incidentBody } from '../events/emit.js'
import { incidentColumns, type IncidentRow } from '../incidents/incident.js'
import { openStateSql } from '../incidents/state-machine.js'
import { lockIncident } from '../incidents/transition.js'
import { transact } from '../storage/outgoing.js'

function validLocation (t: TelemetryMessage): { lat: number, lon: number, accuracyM?: number } | undefined {
  const l = t.location
  if (l === undefined || l.lat === undefined || l.lon === undefined) return undefined
  if (!Number.isFinite(l.lat) || !Number.isFinite(l.lon) || Math.abs(l.lat) > 90 || Math.abs(l.lon) > 180) {
    throw new Rejection('bad_location', `telemetry location ${String(l.lat)},${String(l.lon)} is out of range`)
  }
  return { lat: l.lat, lon: l.lon, accuracyM: l.accuracyM !== undefined && Number.isFinite(l.accuracyM) && l.accuracyM >= 0 ? l.accuracyM : undefined }
}

/**
 * dev/{id}/telemetry: last seen, battery and location on the device row; a location also moves the
 * open incidents the device raised (an incident follows its caller). A battery at or below the
 * rules' threshold raises LOW_BATTERY (at most once per device and day, by its alert id).
 */
export class TelemetryHandler {
  constructor (private readonly d: {
    pool: pg.Pool
    rules: RulesStore
    pipeline: AlertPipeline
    liveness: Liveness
    store: AlertStore
    engine: DispatchEngine
    afterCommit: AfterCommit
    metrics: PipelineMetrics
    log: Logger
    maxBytes: number
  }) {}

  async handle (principal: ClientPrincipal, topic: string, raw: Buffer): Promise<void> {
    const source = this.d.pipeline.sourceOf(principal, topic, raw)
    let t: TelemetryMessage
    let location: { lat: number, lon: number, accuracyM?: number } | undefined
    try {
      if (raw.length > this.d.maxBytes) throw new Rejection('too_large', `payload is ${raw.length} bytes; the limit is ${this.d.maxBytes}`)
      t = decodeTelemetry(raw, source.codec)
      location = validLocation(t)
      if (t.batteryPct !== undefined && t.batteryPct > 100) throw new Rejection('bad_battery', `batteryPct ${t.batteryPct} is above 100`)
    } catch (err) {
      const rejection = err instanceof DecodeError ? new Rejection(err.code, `Telemetry could not be decoded: ${err.message}`) : err
      if (!(rejection instanceof Rejection)) throw err
      this.d.metrics.rejected.inc({ reason: `telemetry_${rejection.code}` })
      await this.d.store.deadLetter(source, rejection)
      await this.d.afterCommit.rejected(source.deviceId, source.codec, rejection)
      return
    }
    // One statement: the device row, and the open incidents it raised follow it (position, history).
    const { rows: moved } = await this.d.pool.query<IncidentRow & { first_fix: boolean }>(
      `WITH dev AS (
         UPDATE devices SET battery_pct = COALESCE($2, battery_pct), lat = COALESCE($3, lat), lon = COALESCE($4, lon) WHERE id = $1
       ), moved AS (
         UPDATE incidents i SET lat = $3, lon = $4, location_updated_at = now(), updated_at = now() FROM incidents o
          WHERE $3::float8 IS NOT NULL AND i.device_id = $1 AND ${openStateSql('i.state')} AND o.id = i.id
         RETURNING ${incidentColumns('i')}, o.lat IS NULL AS first_fix
       ), history AS (
         INSERT INTO incident_locations (incident_id, lat, lon, accuracy_m, source) SELECT id, lat, lon, $5, 'telemetry' FROM moved
       )
       SELECT * FROM moved`,
      [source.deviceId, t.batteryPct ?? null, location?.lat ?? null, location?.lon ?? null, location?.accuracyM ?? null])
    await this.d.liveness.seen(source.deviceId, source.deviceKind)
    if (moved.length > 0) await this.incidentsMoved(moved)

    const threshold = this.d.rules.current.liveness.lowBatteryPct
    if (t.batteryPct !== undefined && t.batteryPct <= threshold) {
      const day = new Date(source.receivedAt).toISOString().slice(0, 10)
      const alert = { alertId: `low-battery-${day}`, kind: 'LOW_BATTERY', triggeredAtMs: source.receivedAt, batteryPct: t.batteryPct, location }
      await this.d.pipeline.process({ ...source, codec: 'json', raw: Buffer.from(JSON.stringify(alert)) }, { ack: false })
    }
  }

  /** A live event for each moved incident; one that had no position before starts its dispatch now. */
  private async incidentsMoved (moved: Array<IncidentRow & { first_fix: boolean }>): Promise<void> {
    await transact(this.d.pool, this.d.engine.d.outbox, async (client, out) => {
      const firstFixes: IncidentRow[] = []
      for (const m of moved.filter(m => m.first_fix)) {
        // Locked and read again: an answer or a dispatcher may have moved it on meanwhile.
        const row = await lockIncident(client, m.id)
        if (row !== undefined) firstFixes.push(row)
      }
      await this.d.engine.onLocated(client, out, firstFixes)
      const at = new Date().toISOString()
      await emitEvents(client, moved.map(({ first_fix: _, ...row }) => ({ type: 'incident.updated' as const, at, incident: incidentBody(row), detail: { moved: true } })))
    })
  }
}
