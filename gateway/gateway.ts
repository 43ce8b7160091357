import type pg from 'pg'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { ClientPrincipal } from '../broker/acl.js'
import type { InboundRoutes } from '../broker/authorize.js'
import type { FlareConfig } from '../config/config.js'
import { Outbox, type Publish } from './storage/outbox.js'
import { DispatchEngine, type EngineDeps } from './dispatch/engine.js'
import { DispatcherActions } from './dispatch/actions.js'
import { DispatcherIncidents } from './dispatch/dispatcher-incidents.js'
import { ResponderField } from './dispatch/field.js'
import { ResponderPositions } from './dispatch/positions.js'
import { Liveness } from './devices/liveness.js'
import { TelemetryHandler } from './devices/telemetry.js'
import { RespondersRepo } from './identity/responders-repo.js'
import { AfterCommit } from './pipeline/after-commit.js'
import { PipelineMetrics } from './pipeline/metrics.js'
import { PgAlertStore } from './pipeline/persist.js'
import type { JournalEntry } from './pipeline/journaled-store.js'
import { createDegradedMode, type DegradedMode } from './degraded-mode.js'
import { isDatabaseUnavailable } from './storage/availability.js'
import type { OpenedJournal } from './storage/journal.js'
import { OfferDeliveries, offerIdOf } from './dispatch/deliveries.js'
import { AlertPipeline } from './pipeline/pipeline.js'
import type { RulesStore } from './rules/store.js'
import { TimerScheduler } from './timers/scheduler.js'
import { ZoneIndex } from './zones/zone-index.js'
import { MedicalVault } from './persons/medical.js'
import { contactNoticesMany } from './persons/notices.js'
import { emitEvent } from './events/emit.js'
import type { DeviceDetails } from './identity/directory.js'

export interface Gateway {
  pipeline: AlertPipeline
  engine: DispatchEngine
  actions: DispatcherActions
  /** incidents dispatchers open (phone calls, walk-ins) and correct */
  reports: DispatcherIncidents
  field: ResponderField
  outbox: Outbox
  timers: TimerScheduler
  liveness: Liveness
  /** zones in memory for point-in-polygon at ingest; the zones REST API refreshes it */
  zones: ZoneIndex
  /** medical profiles: encryption at rest, offers for MEDICAL_ROLES, REST */
  medical: MedicalVault
  /** degraded mode: whether PostgreSQL is away, the journal's store, the roster and dispatch meanwhile */
  degraded: DegradedMode
  /** MQTT topics the gateway consumes, for the broker */
  routes: InboundRoutes
  presence: (principal: ClientPrincipal, online: boolean) => void
  /** a client acknowledged (PUBACK) a message the broker delivered to it */
  delivered: (principal: ClientPrincipal, topic: string, payload: Buffer) => void
  start: (connected: () => ClientPrincipal[]) => Promise<void>
  stop: () => Promise<void>
}

const LIVENESS_SWEEP_MS = 60_000

/** The rules gateway: alert pipeline, dispatch engine, responders in the field, telemetry, outbox relay, timers and presence, wired together. */
export function createGateway (d: {
  config: FlareConfig
  pool: pg.Pool
  rules: RulesStore
  registry: Registry
  log: Logger
  publish: Publish
  /** this process's broker id: presence records which node holds a session */
  instanceId: string
  /** the node's journal (degraded mode), opened with the records a previous run left in it */
  journal: OpenedJournal<JournalEntry>
  /** a device's current person and install location, from the principal directory */
  devices?: (id: string) => DeviceDetails | undefined
  /** optional parts the dispatch engine calls into (contact notices, medical profile in offers) */
  hooks?: Pick<EngineDeps, 'contactNotices' | 'medical'>
}): Gateway {
  const { config, pool, rules, log } = d
  const metrics = new PipelineMetrics(d.registry, pool)
  const medical = MedicalVault.fromConfig(pool, config, log.child({ part: 'medical' }))
  const outbox = new Outbox(pool, d.publish, log.child({ part: 'outbox' }), (topic, blob, keyId) => medical.openMessage(topic, blob, keyId))
  const zones = new ZoneIndex(pool, log.child({ part: 'zones' }), { pollMs: config.rulesPollMs })
  const engine = new DispatchEngine({
    pool,
    outbox,
    log: log.child({ part: 'dispatch' }),
    contactNotices: contactNoticesMany,
    medical: {
      read: async (client, requests) => await medical.readForOffers(client, requests),
      seal: (topic, payload) => medical.sealMessage(topic, payload)
    },
    ...d.hooks
  })
  const deliveries = new OfferDeliveries(pool, log.child({ part: 'deliveries' }))
  const actions = new DispatcherActions(engine)
  const reports = new DispatcherIncidents({ engine, rules: () => rules.current, zoneOf: (lat, lon) => zones.locate(lat, lon) })
  const pgStore = new PgAlertStore(pool, engine, {
    maxBatch: config.persistBatchMax,
    concurrency: config.persistConcurrency,
    parallelAt: config.persistParallelAt,
    parallelAfterMs: config.persistParallelAfterMs,
    onBatch: (size) => { metrics.persistBatchSize.observe(size) },
    onSplit: (err, size) => { log.warn({ err, size }, 'group commit failed; retrying its alerts one by one') }
  })
  metrics.watchPersistQueue(() => pgStore.waiting)
  d.journal.journal.onRefused = (reason) => { metrics.journalRefused.inc({ reason }) }
  const afterCommit = new AfterCommit(d.publish, outbox, log)
  const degraded = createDegradedMode({ config, instanceId: d.instanceId, pool, journal: d.journal, pgStore, afterCommit, engine, actions, publish: d.publish, metrics, log })
  const { store } = degraded
  const field = new ResponderField(engine, {
    degraded: degraded.dispatch,
    roster: degraded.roster,
    databaseAway: () => degraded.availability.degraded,
    positions: new ResponderPositions(pool, config.responderPositionsKeep)
  })
  const pipeline = new AlertPipeline({
    rules, store, afterCommit, metrics, log, zones, devices: d.devices, maxAlertBytes: config.maxAlertBytes, exitAfterCommit: config.faultInjection === 'exit-after-commit'
  })
  const liveness = new Liveness(pool, rules, pipeline, log)
  const timers = new TimerScheduler(pool, log.child({ part: 'timers' }))
  liveness.register(timers)
  engine.register(timers)
  const telemetry = new TelemetryHandler({ pool, rules, pipeline, liveness, store, engine, afterCommit, metrics, log, maxBytes: config.maxAlertBytes })
  const responders = new RespondersRepo(pool)
  let sweep: NodeJS.Timeout | undefined
  // Presence writes still running at shutdown are awaited before the pool closes.
  const inFlight = new Set<Promise<unknown>>()

  // Telemetry and locations are QoS 0 and come again, and a sync is asked at every reconnect: one
  // that cannot be served while PostgreSQL is away is dropped (a location still reaches the
  // roster), not a reason to cut the connection (which would only bring the next reconnect's sync).
  const unlessDatabaseAway = (what: string, fn: (p: ClientPrincipal, raw: Buffer, topic: string) => Promise<void>) =>
    async (p: ClientPrincipal, packet: { topic: string, payload: Buffer | string }): Promise<void> => {
      try {
        await fn(p, packet.payload as Buffer, packet.topic)
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err
        log.debug({ err, id: p.id }, `${what} not stored: the database is unavailable`)
      }
    }
  const routes: InboundRoutes = {
    'dev/+/alert': async (p, packet) => { await pipeline.handle(p, packet.topic, packet.payload as Buffer) },
    'dev/+/telemetry': unlessDatabaseAway('telemetry', async (p, raw, topic) => { await telemetry.handle(p, topic, raw) }),
    'resp/+/reply': async (p, packet) => { await field.reply(p, packet.topic, packet.payload as Buffer) },
    'resp/+/location': unlessDatabaseAway('location', async (p, raw, topic) => { await field.location(p, topic, raw) }),
    'resp/+/sync': unlessDatabaseAway('sync', async (p) => { await field.sync(p) }),
    'resp/+/status': async (p, packet) => { await field.status(p, packet.topic, packet.payload as Buffer) }
  }

  return {
    pipeline,
    engine,
    actions,
    reports,
    field,
    outbox,
    timers,
    liveness,
    zones,
    medical,
    degraded,
    routes,
    presence (principal, online) {
      const done = principal.kind === 'responder'
        ? responders.setOnline(principal.id, online, d.instanceId).then(async () => {
          await emitEvent(pool, { type: 'responder.updated', at: new Date().toISOString(), responder: { id: principal.id, online } })
        })
        : principal.kind === 'device' ? liveness.seen(principal.id, principal.deviceKind ?? 'button', { online, node: d.instanceId }) : Promise.resolve()
      const tracked = done.catch((err) => log.warn({ err, id: principal.id }, 'presence update failed'))
        .finally(() => inFlight.delete(tracked))
      inFlight.add(tracked)
    },
    delivered (principal, topic, payload) {
      if (principal.kind !== 'responder') return
      const offerId = offerIdOf(topic, payload, principal.codec ?? 'json')
      if (offerId !== undefined && !degraded.dispatch.delivered(offerId)) deliveries.acked(offerId)
    },
    async start (connected) {
      // What a previous run journaled while degraded goes into PostgreSQL first.
      if (d.journal.records.length > 0) {
        const n = await store.replay()
        log.warn({ records: n }, 'replayed the journal a previous run left')
      }
      await zones.start()
      await degraded.start()
      await outbox.relay(0)
      outbox.start(config.outboxIntervalMs)
      timers.start(config.timerIntervalMs)
      // Often enough that a connected device's deadline never comes due: a third of the shortest
      // silence the rules allow, at most once a minute.
      const sweepEvery = (): number => {
        const limits = Object.values(rules.current.liveness.silentAfterS).filter(s => s > 0)
        return limits.length === 0 ? LIVENESS_SWEEP_MS : Math.max(250, Math.min(LIVENESS_SWEEP_MS, Math.min(...limits) * 1000 / 3))
      }
      const loop = (): void => {
        const ids = connected().filter(p => p.kind === 'device').map(p => p.id)
        liveness.sweep(ids).catch((err) => log.warn({ err }, 'liveness sweep failed'))
          .finally(() => { if (sweep !== undefined) { sweep = setTimeout(loop, sweepEvery()); sweep.unref() } })
      }
      sweep = setTimeout(loop, sweepEvery())
      sweep.unref()
    },
    async stop () {
      await degraded.stop()
      zones.stop()
      await Promise.all(inFlight)
      const s = sweep
      sweep = undefined
      clearTimeout(s)
      await timers.stop()
      await deliveries.flush()
      await outbox.stop()
    }
  }
}
