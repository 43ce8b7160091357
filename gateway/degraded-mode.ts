import type pg from 'pg'
import type { Logger } from 'pino'
import type { FlareConfig } from '../config/config.js'
import type { DispatcherActions } from './dispatch/actions.js'
import { adoptOffers } from './dispatch/adopt-offers.js'
import { declinedWhileAway } from './dispatch/replies.js'
import type { DispatchEngine } from './dispatch/engine.js'
import { transact } from './storage/outgoing.js'
import { DegradedDispatch, type DispatchRecord } from './dispatch/degraded.js'
import { Roster } from './dispatch/roster.js'
import { LocalPeers, RedisPeers, type DegradedPeers } from './dispatch/degraded-peers.js'
import { InvalidTransition } from './incidents/state-machine.js'
import type { AfterCommit } from './pipeline/after-commit.js'
import { JournaledAlertStore, type JournalEntry } from './pipeline/journaled-store.js'
import type { PipelineMetrics } from './pipeline/metrics.js'
import { classifiedPosition } from './pipeline/types.js'
import type { PgAlertStore } from './pipeline/persist.js'
import { DatabaseAvailability } from './storage/availability.js'
import { LocalEvents } from './events/local.js'
import type { LiveEvent } from './events/emit.js'
import type { OpenedJournal } from './storage/journal.js'
import type { Publish } from './storage/outbox.js'

/** How often the roster (degraded dispatch's view of the responders) is read while PostgreSQL answers. */
const ROSTER_REFRESH_MS = 2000

export interface DegradedMode {
  store: JournaledAlertStore
  /** live events while PostgreSQL is away, for this node's dashboards (in cluster mode also the other nodes') */
  events: LocalEvents
  availability: DatabaseAvailability
  roster: Roster
  dispatch: DegradedDispatch
  start: () => Promise<void>
  stop: () => Promise<void>
}

/**
 * Degraded mode wired together: the persist stage with its journal, the availability probe that
 * replays it, and dispatch from the node's own roster while PostgreSQL is away. At replay, what
 * degraded dispatch did is applied to the final incidents: its offers are adopted under their ids,
 * and an accept made during the outage ends as the incident's assignment in PostgreSQL (through the
 * dispatcher actions).
 */
export function createDegradedMode (d: {
  config: Pick<FlareConfig, 'persistDeadlineMs' | 'nodeId' | 'redisUrl'>
  /** this process's broker id: where other nodes forward replies to this node's offers */
  instanceId: string
  pool: pg.Pool
  journal: OpenedJournal<JournalEntry>
  pgStore: PgAlertStore
  afterCommit: AfterCommit
  engine: DispatchEngine
  actions: DispatcherActions
  publish: Publish
  metrics: PipelineMetrics
  log: Logger
}): DegradedMode {
  const roster = new Roster(d.pool, d.log.child({ part: 'roster' }))
  const events = new LocalEvents()
  const peers: DegradedPeers = d.config.redisUrl === undefined
    ? new LocalPeers()
    : new RedisPeers(d.config.redisUrl, d.instanceId, d.log.child({ part: 'degraded-peers' }))

  // Provisional incidents' events, for this node's dashboards and (cluster mode) the other nodes'.
  const live = (e: LiveEvent): void => {
    events.emit(e)
    peers.share(e).catch((err) => d.log.debug({ err }, 'degraded mode: a live event was not shared with the other nodes'))
  }

  // Bound below: degraded dispatch journals through it, and the probe's recovery replays it.
  let store: JournaledAlertStore
  const dispatch = new DegradedDispatch({
    roster,
    peers,
    publish: d.publish,
    journal: async (r) => { await store.record(r) },
    live,
    log: d.log.child({ part: 'degraded-dispatch' })
  })
  const availability = new DatabaseAvailability(d.pool, d.log.child({ part: 'availability' }), { recover: async () => { await store.replay() } })
  store = new JournaledAlertStore({
    pg: d.pgStore,
    pool: d.pool,
    journal: d.journal.journal,
    availability,
    deadlineMs: d.config.persistDeadlineMs,
    nodeId: d.config.nodeId,
    log: d.log.child({ part: 'journal' }),
    replayed: async (c, result, provisional) => {
      d.metrics.journalReplayed.inc()
      // Alerts the gateway raised itself (low battery, device offline) get no device ack.
      if (c.silent !== true) await d.afterCommit.replayed(c.source.deviceId, c.source.codec, c.alert.alertId, result, provisional)
      else await d.afterCommit.committed(c.source.deviceId, c.source.codec, c.alert.alertId, result, false)
    },
    opened: (c, provisional) => {
      const loc = classifiedPosition(c) ?? undefined
      live({
        type: 'incident.opened',
        at: new Date().toISOString(),
        incident: { id: provisional, number: provisional, state: 'NEW', priority: c.rule.priority, category: c.rule.category, kind: c.alert.kind, zoneId: c.zoneId, lat: loc?.lat ?? null, lon: loc?.lon ?? null, assignedResponderId: null },
        detail: { provisional: true }
      })
      if (c.rule.dispatch === undefined || loc === undefined) return
      dispatch.opened({
        number: provisional,
        deviceId: c.source.deviceId,
        deviceCodec: c.source.codec,
        alertId: c.alert.alertId,
        kind: c.alert.kind,
        category: c.rule.category,
        priority: c.rule.priority,
        lat: loc.lat,
        lon: loc.lon,
        triggeredAt: c.alert.triggeredAt,
        zoneId: c.zoneId,
        policy: c.rule.dispatch
      }).catch((err) => d.log.warn({ err, incident: provisional }, 'degraded dispatch failed; the replay dispatches from PostgreSQL'))
    },
    adoptOffers: async (offers) => { await transact(d.pool, d.engine.d.outbox, async (client, out) => { await adoptOffers(d.engine, client, out, offers) }) },
    adopted: (offerIds) => { dispatch.adopted(offerIds) },
    replayedDispatch: async (r, incidentId) => { await applyAtReplay(d.engine, d.actions, r, incidentId) },
    replayDone: (adopted) => { dispatch.handOver(adopted).catch((err) => d.log.warn({ err }, 'degraded dispatch: the hand-over to PostgreSQL failed')) }
  })
  store.remember(d.journal.records.map(r => r.value))
  d.metrics.watchJournal({ records: () => d.journal.journal.records, bytes: () => d.journal.journal.bytes, oldestAgeSeconds: () => store.oldestAgeSeconds, degraded: () => availability.degraded, degradedSeconds: () => availability.degradedSeconds })
  return {
    store,
    events,
    availability,
    roster,
    dispatch,
    start: async () => {
      await peers.start({
        reply: (r) => { dispatch.forwarded(r).catch((err) => d.log.warn({ err, responderId: r.responderId }, 'degraded dispatch: a forwarded reply failed')) },
        event: (e) => { events.emit(e) }
      })
      await roster.start(ROSTER_REFRESH_MS)
    },
    stop: async () => {
      await availability.stop()
      roster.stop()
      dispatch.clear()
      await peers.stop()
    }
  }
}

/**
 * A reply of the outage, once its offer is adopted: an accept becomes the incident's assignment, a
 * decline is recorded on the offer (and the next candidate offered), the trip's steps are its transitions.
 */
async function applyAtReplay (engine: DispatchEngine, actions: DispatcherActions, r: DispatchRecord, incidentId: string): Promise<void> {
  if (r.type !== 'reply') return
  const actor = `responder:${r.responderId}`
  if (r.action === 'ACCEPT') {
    await actions.assign(incidentId, r.responderId, actor, 'accepted while the database was away')
    return
  }
  if (r.action === 'DECLINE') {
    await transact(engine.d.pool, engine.d.outbox, async (client, out) => { await declinedWhileAway(engine, client, out, incidentId, r.offerId, r.responderId, r.at) })
    return
  }
  try {
    // The trip's reply actions are named as the states they lead to.
    await actions.transition(incidentId, r.action, actor, 'reported while the database was away')
  } catch (err) {
    // Already there, or PostgreSQL's own dispatch moved it elsewhere meanwhile: its state stands.
    if (!(err instanceof InvalidTransition)) throw err
  }
}
