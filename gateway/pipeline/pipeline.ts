import type { Logger } from 'pino'
import type { ClientPrincipal } from '../../broker/acl.js'
import type { DeviceDetails } from '../identity/directory.js'
import type { RulesStore } from '../rules/store.js'
import type { ZoneIndex } from '../zones/zone-index.js'
import { classifyStage } from './classify.js'
import { decodeStage } from './decode.js'
import type { AfterCommit } from './after-commit.js'
import type { PipelineMetrics } from './metrics.js'
import type { AlertStore } from './persist.js'
import { Rejection, type AlertSource, type PersistResult, type ValidAlert } from './types.js'

export interface PipelineOptions {
  rules: RulesStore
  store: AlertStore
  afterCommit: AfterCommit
  metrics: PipelineMetrics
  log: Logger
  maxAlertBytes: number
  /** point-in-polygon for the alert's zone; without it no alert has a zone */
  zones?: ZoneIndex
  /**
   * a device's current person and install location (the principal directory, in memory); without
   * it, what its CONNECT carried
   */
  devices?: (id: string) => DeviceDetails | undefined
  /** testing aid (FAULT_INJECTION=exit-after-commit): die between commit and publish */
  exitAfterCommit?: boolean
}

/**
 * The alert pipeline, composed here and nowhere else; `process` runs these in this order:
 *
 *   1 decode        decode.ts         bytes → a valid alert, or a Rejection (dead letter + rejected ack)
 *   2 classify      classify.ts       the first matching rule, the zone, the correlation key
 *   3 persist       persist.ts        one group-commit transaction: exact dedup, correlation (the
 *                                     dedup of repeats), timeline, position, start of dispatch
 *                                     (offers into the outbox) — the steps in persist/
 *   4 after commit  after-commit.ts   the device's ack; the committed offers and notices published
 *   [PUBACK]
 *
 * Dedup runs inside the persist transaction because PostgreSQL's constraints are what make it
 * hold across nodes, and correlation needs the rule that classify picked. Dispatch starts there
 * too, so an acknowledged alert's offers are committed with it. `handle` runs inside Aedes'
 * authorizePublish: the PUBACK is written only after it resolves, i.e. after the commit.
 */
export class AlertPipeline {
  constructor (private readonly o: PipelineOptions) {}

  sourceOf (principal: ClientPrincipal, topic: string, raw: Buffer): AlertSource {
    // The person and install location may have changed since the CONNECT (PATCH /devices/{id}).
    const details = this.o.devices?.(principal.id)
    return {
      deviceId: principal.id,
      deviceKind: principal.deviceKind ?? 'button',
      codec: principal.codec ?? 'json',
      personId: details !== undefined ? details.personId : principal.personId ?? null,
      install: details?.install ?? null,
      topic,
      raw,
      receivedAt: Date.now()
    }
  }

  /** Device alerts on their way through the stages (the broker lets CONNECTs wait while there are any). */
  inFlight = 0

  /** MQTT entry: dev/{id}/alert from an authenticated device. */
  async handle (principal: ClientPrincipal, topic: string, raw: Buffer): Promise<void> {
    this.inFlight++
    try {
      await this.process(this.sourceOf(principal, topic, raw))
    } finally {
      this.inFlight--
    }
  }

  /**
   * Runs one alert through every stage; resolves once it is durable (or durably rejected).
   * `ack: false` for alerts the gateway raises itself (low battery, device offline): no device ack.
   */
  async process (source: AlertSource, opts: { ack?: boolean } = {}): Promise<PersistResult | Rejection> {
    const { metrics, afterCommit } = this.o
    let alert: ValidAlert
    try {
      alert = this.timed('decode', () => decodeStage(source, this.o.maxAlertBytes))
    } catch (err) {
      if (!(err instanceof Rejection)) throw err
      return await this.reject(source, err)
    }
    metrics.received.inc({ kind: alert.kind })
    const zones = this.o.zones
    // Only the first alerts after start can wait here: later, the zones are in memory.
    if (zones !== undefined && !zones.loaded) await zones.ready()
    const classified = this.timed('classify', () => classifyStage(this.o.rules.current, source, alert, zones === undefined ? undefined : (lat, lon) => zones.locate(lat, lon)))
    if (opts.ack === false) classified.silent = true

    const endPersist = metrics.stageSeconds.startTimer({ stage: 'persist' })
    const result = await this.o.store.persist(classified)
    endPersist()
    if (this.o.exitAfterCommit === true) process.kill(process.pid, 'SIGKILL')

    if (result.status === 'DUPLICATE') {
      metrics.duplicate.inc({ kind: alert.kind })
    } else {
      metrics.accepted.inc({ kind: alert.kind })
      if (result.opened) metrics.incidentsOpened.inc({ category: classified.rule.category })
    }
    const endDispatch = metrics.stageSeconds.startTimer({ stage: 'dispatch' })
    await afterCommit.committed(source.deviceId, source.codec, alert.alertId, result, opts.ack !== false)
    endDispatch()
    return result
  }

  private async reject (source: AlertSource, rejection: Rejection): Promise<Rejection> {
    this.o.metrics.received.inc({ kind: 'unknown' })
    this.o.metrics.rejected.inc({ reason: rejection.code })
    this.o.log.info({ deviceId: source.deviceId, reason: rejection.code, detail: rejection.reason }, 'alert rejected')
    await this.o.store.deadLetter(source, rejection)
    await this.o.afterCommit.rejected(source.deviceId, source.codec, rejection)
    return rejection
  }

  private timed<T> (stage: string, fn: () => T): T {
    const end = this.o.metrics.stageSeconds.startTimer({ stage })
    try { return fn() } finally { end() }
  }
}
