// The run report: counts and latency percentiles computed from the run log, plus the invariant
// result. README.md ("Report fields") documents every field.
import type { InvariantResult } from './invariants.js'
import type { Dc09Counts, RunLog } from './sim/run-log.js'
import { summarize, type LatencySummary } from './stats.js'

export interface Report {
  /** mqtt, or dc09: the devices were alarm panels and a PUBACK below is their DC-09 ACK */
  protocol: 'mqtt' | 'dc09'
  runId: string
  scenario: string
  seed: number
  startedAt: string
  durationS: number
  /** presses per second asked for (--rate) */
  rate: number
  fleet: { buttons: number, wearables: number, phones: number, panels: number, responders: number }
  alerts: {
    pressed: number
    malformed: number
    /** pressed while offline and sent on reconnect */
    buffered: number
    /** alerts published at least once (valid and malformed) */
    sent: number
    publishes: number
    /** publishes beyond the first of each alert: firmware retries and replays */
    retries: number
    pubacked: number
    /** alerts with at least one ACCEPTED/DUPLICATE/REJECTED answer */
    answered: number
    /** valid alerts still without an answer when the run ended */
    unanswered: number
  }
  /** AlertAck messages received, by status */
  acks: { ACCEPTED: number, DUPLICATE: number, REJECTED: number, UPDATE: number }
  /** distinct: incident numbers named in acks (incl. older incidents joined); opened: incidents of this run per the API (null when not checked) */
  incidents: { distinct: number, opened: number | null }
  offers: { received: number, copies: number, accepts: number, acceptsRefused: number, declines: number, resolved: number }
  latencyMs: { pressToPuback: LatencySummary, pressToAck: LatencySummary, pressToOffer: LatencySummary, pressToAccept: LatencySummary }
  connections: RunLog['connections']
  /** a flood phase: what the flooders sent and how everyone else fared meanwhile (absent without one) */
  flood?: FloodReport
  /** a db-outage fault: how long PostgreSQL was away, and the presses pressed meanwhile (absent without one) */
  dbOutage?: { startS: number, durationS: number, pressedDuring: number, pubackedDuring: number, pressToPubackDuringMs: LatencySummary }
  /** a DC-09 run: the panels' messages and replies (absent from MQTT runs) */
  dc09?: Dc09Report
  telemetrySent: number
  invariants: InvariantResult | { ok: null, skipped: string }
  warnings: string[]
}

export interface Dc09Report {
  transport: 'tcp' | 'udp'
  panels: number
  encryptedPanels: number
  sent: Dc09Counts
  acked: Dc09Counts
  naks: number
  duh: number
  gaveUp: number
  retransmissions: number
  strayReplies: number
  /** alarms ACKed per second of --duration (the benchmark's dc09 phase measures the receiver's ceiling) */
  alertsPerS: number
  /** a message's first transmission → its ACK (every kind of message) */
  sendToAckMs: LatencySummary
}

export interface FloodReport {
  flooders: number
  frozenResponders: number
  qos0Sent: number
  qos1Sent: number
  qos1Acked: number
  /** flood publishes per second while it lasted */
  msgsPerS: number
  repeatAcks: number
  /** the alerts of every device but the flooders, over the whole run */
  others: { pressed: number, answered: number, unanswered: number, latencyMs: Report['latencyMs'] }
}

const FINAL = new Set(['ACCEPTED', 'DUPLICATE', 'REJECTED'])

/**
 * `skip`: devices whose alerts are left out (the flooders, for the flood report's "others").
 * `incidentOf`: the incident number of each stored alert (`deviceId\nalertId`), for answers that name
 * none (DC-09 ACKs), when the API was asked.
 */
function latencies (log: RunLog, openedInRun?: Set<string>, skip?: Set<string>, incidentOf?: Map<string, string>): Report['latencyMs'] {
  const puback: number[] = []
  const ack: number[] = []
  // The first alert pressed for each incident (its opener, if the incident began in this run).
  const opener = new Map<string, { pressedAtMs: number, buffered: boolean }>()
  for (const e of log.alerts) {
    if (e.malformed !== undefined || skip?.has(e.deviceId) === true) continue
    const first = e.acks.find(a => FINAL.has(a.status))
    // A panel's answer is its DC-09 ACK (or a DUH, recorded as REJECTED)
    const answeredAt = first?.atMs ?? (log.protocol === 'dc09' ? e.pubackAtMs : undefined)
    if (!e.buffered) {
      if (e.pubackAtMs !== undefined) puback.push(e.pubackAtMs - e.pressedAtMs)
      if (answeredAt !== undefined) ack.push(answeredAt - e.pressedAtMs)
    }
    const n = first?.incidentNumber ?? incidentOf?.get(`${e.deviceId}\n${e.alertId}`)
    if (n !== undefined && n !== '' && (opener.get(n)?.pressedAtMs ?? Infinity) > e.pressedAtMs) opener.set(n, e)
  }
  const firstOffer = new Map<string, number>()
  const offerNumber = new Map<string, string>()
  for (const o of log.offers) {
    offerNumber.set(o.offerId, o.incidentNumber)
    firstOffer.set(o.incidentNumber, Math.min(firstOffer.get(o.incidentNumber) ?? Infinity, o.receivedAtMs))
  }
  const firstAccept = new Map<string, number>()
  for (const r of log.replies) {
    if (r.action !== 'ACCEPT' || r.ok !== true || r.resultAtMs === undefined || r.offerId === undefined) continue
    const n = offerNumber.get(r.offerId)
    if (n !== undefined) firstAccept.set(n, Math.min(firstAccept.get(n) ?? Infinity, r.resultAtMs))
  }
  const since = (m: Map<string, number>): number[] => {
    const out: number[] = []
    for (const [n, at] of m) {
      const o = opener.get(n)
      // Skip incidents opened by a buffered press, and those opened before this run (an offer re-sent
      // now would be matched with a later press that merely joined): known exactly when the API was
      // asked, else approximated by "not before the first press naming it".
      if (openedInRun !== undefined && !openedInRun.has(n)) continue
      if (o !== undefined && !o.buffered && at >= o.pressedAtMs) out.push(at - o.pressedAtMs)
    }
    return out
  }
  return { pressToPuback: summarize(puback), pressToAck: summarize(ack), pressToOffer: summarize(since(firstOffer)), pressToAccept: summarize(since(firstAccept)) }
}

function floodReport (log: RunLog, openedInRun?: Set<string>): FloodReport | undefined {
  const f = log.flood
  if (f === undefined) return undefined
  const flooders = new Set(f.flooders)
  const others = log.alerts.filter(e => e.malformed === undefined && !flooders.has(e.deviceId))
  const sent = f.qos0Sent + f.qos1Sent
  const seconds = ((f.endedAtMs ?? log.endedAtMs) - (f.startedAtMs ?? log.startedAtMs)) / 1000
  return {
    flooders: flooders.size,
    frozenResponders: f.frozen.length,
    qos0Sent: f.qos0Sent,
    qos1Sent: f.qos1Sent,
    qos1Acked: f.qos1Acked,
    msgsPerS: seconds > 0 ? Math.round(sent / seconds) : 0,
    repeatAcks: f.repeatAcks,
    others: {
      pressed: others.length,
      answered: others.filter(e => e.acks.length > 0).length,
      unanswered: others.filter(e => e.acks.length === 0).length,
      latencyMs: latencies(log, openedInRun, flooders)
    }
  }
}

/** `openedInRun`: numbers of the incidents opened during the run, when the API was asked (sharpens press→offer/accept); `incidentOf`: see latencies. */
export function buildReport (log: RunLog, invariants: Report['invariants'], openedInRun?: Set<string>, incidentOf?: Map<string, string>): Report {
  const valid = log.alerts.filter(e => e.malformed === undefined)
  const acks = { ACCEPTED: 0, DUPLICATE: 0, REJECTED: 0, UPDATE: log.updates }
  const numbers = new Set<string>()
  for (const e of log.alerts) {
    for (const a of e.acks) {
      if (a.status === 'ACCEPTED' || a.status === 'DUPLICATE' || a.status === 'REJECTED') acks[a.status]++
      if (a.incidentNumber !== undefined && a.incidentNumber !== '') numbers.add(a.incidentNumber)
    }
  }
  const sent = log.alerts.filter(e => e.publishes > 0)
  const publishes = sent.reduce((n, e) => n + e.publishes, 0)
  const replies = (action: string, ok: boolean | undefined): number => log.replies.filter(r => r.action === action && (ok === undefined || r.ok === ok)).length
  const kinds = (k: string): number => log.devices.filter(d => d.kind === k).length
  const answered = (e: RunLog['alerts'][number]): boolean => e.acks.length > 0 || (log.protocol === 'dc09' && e.pubackAtMs !== undefined)
  return {
    protocol: log.protocol ?? 'mqtt',
    runId: log.runId,
    scenario: log.scenario,
    seed: log.seed,
    startedAt: new Date(log.startedAtMs).toISOString(),
    durationS: Math.round((log.endedAtMs - log.startedAtMs) / 100) / 10,
    rate: log.rate,
    fleet: { buttons: kinds('button'), wearables: kinds('wearable'), phones: kinds('phone'), panels: kinds('panel'), responders: log.responders.length },
    alerts: {
      pressed: valid.length,
      malformed: log.alerts.length - valid.length,
      buffered: valid.filter(e => e.buffered).length,
      sent: sent.length,
      publishes,
      retries: publishes - sent.length,
      pubacked: log.alerts.filter(e => e.pubackAtMs !== undefined).length,
      answered: log.alerts.filter(answered).length,
      unanswered: valid.filter(e => !answered(e)).length
    },
    acks,
    incidents: { distinct: numbers.size, opened: invariants.ok === null ? null : invariants.checked.incidents },
    offers: {
      received: log.offers.length,
      copies: log.offers.reduce((n, o) => n + o.copies, 0),
      accepts: replies('ACCEPT', true),
      acceptsRefused: replies('ACCEPT', false),
      declines: replies('DECLINE', undefined),
      resolved: replies('RESOLVED', true)
    },
    latencyMs: latencies(log, openedInRun, undefined, incidentOf),
    connections: log.connections,
    ...(log.flood === undefined ? {} : { flood: floodReport(log, openedInRun) }),
    ...(log.dbOutage === undefined ? {} : { dbOutage: outageReport(log, log.dbOutage) }),
    ...(log.dc09 === undefined ? {} : { dc09: dc09Report(log, log.dc09) }),
    telemetrySent: log.telemetrySent,
    invariants,
    warnings: log.warnings
  }
}

function outageReport (log: RunLog, o: { cutAtMs: number, restoredAtMs: number }): NonNullable<Report['dbOutage']> {
  const during = log.alerts.filter(e => e.malformed === undefined && e.pressedAtMs >= o.cutAtMs && e.pressedAtMs < o.restoredAtMs)
  const pubacked = during.filter(e => e.pubackAtMs !== undefined)
  return {
    startS: Math.round((o.cutAtMs - log.startedAtMs) / 100) / 10,
    durationS: Math.round((o.restoredAtMs - o.cutAtMs) / 100) / 10,
    pressedDuring: during.length,
    pubackedDuring: pubacked.length,
    pressToPubackDuringMs: summarize(pubacked.map(e => (e.pubackAtMs as number) - e.pressedAtMs))
  }
}

function dc09Report (log: RunLog, d: NonNullable<RunLog['dc09']>): Dc09Report {
  const seconds = log.durationMs / 1000
  return {
    transport: d.transport,
    panels: log.devices.length,
    encryptedPanels: d.encrypted,
    sent: d.sent,
    acked: d.acked,
    naks: d.naks,
    duh: d.duh,
    gaveUp: d.gaveUp,
    retransmissions: d.retransmissions,
    strayReplies: d.stray,
    alertsPerS: seconds > 0 ? Math.round((d.acked.alarms / seconds) * 10) / 10 : 0,
    sendToAckMs: summarize(d.sendToAckMs)
  }
}
