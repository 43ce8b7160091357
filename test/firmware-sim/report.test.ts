// The report's counts and latency definitions on a crafted run log.
import t from 'tap'
import { buildReport } from '../../firmware-sim/report.js'
import { formatReport } from '../../firmware-sim/report-table.js'
import type { AlertLogEntry, RunLog } from '../../firmware-sim/sim/run-log.js'

const T0 = 1_800_000_000_000
const entry = (seq: number, over: Partial<AlertLogEntry>): AlertLogEntry => ({
  deviceId: 'd1', alertId: `r.${seq}`, seq, kind: 'PANIC', phase: 0, pressedAtMs: T0 + seq * 1000, buffered: false, publishes: 1, acks: [], ...over
})
const at = (seq: number, ms: number): number => T0 + seq * 1000 + ms

const log: RunLog = {
  version: 1,
  runId: 'r',
  scenario: 'crafted',
  seed: 7,
  rate: 2,
  durationMs: 10_000,
  startedAtMs: T0,
  endedAtMs: T0 + 12_000,
  urls: { http: 'h', mqtt: 'm', ws: 'w' },
  devices: [{ id: 'd1', kind: 'button', codec: 'protobuf' }, { id: 'd2', kind: 'phone', codec: 'json' }],
  responders: [{ id: 'g', roles: ['security'], zones: [], lat: 0, lon: 0 }],
  alerts: [
    // opens INC-1: PUBACK after 10 ms, ACCEPTED after 8 ms
    entry(1, { pubackAtMs: at(1, 10), acks: [{ status: 'ACCEPTED', incidentNumber: 'INC-1', atMs: at(1, 8) }] }),
    // joins INC-1 after one retry: its first answer is the DUPLICATE at 5,020 ms
    entry(2, { publishes: 2, pubackAtMs: at(2, 5010), acks: [{ status: 'DUPLICATE', incidentNumber: 'INC-1', atMs: at(2, 5020) }] }),
    // pressed offline: counted, but not in the latencies
    entry(3, { buffered: true, pubackAtMs: at(3, 9000), acks: [{ status: 'ACCEPTED', incidentNumber: 'INC-2', atMs: at(3, 9000) }] }),
    // malformed, rejected
    entry(4, { malformed: 'lat-200', echoesAlertId: true, pubackAtMs: at(4, 3), acks: [{ status: 'REJECTED', atMs: at(4, 2) }] }),
    // never answered
    entry(5, { publishes: 3 }),
    // joins an incident opened before the run
    entry(6, { pubackAtMs: at(6, 4), acks: [{ status: 'ACCEPTED', incidentNumber: 'INC-OLD', atMs: at(6, 4) }] })
  ],
  offers: [
    { offerId: 'o1', incidentId: 'i1', incidentNumber: 'INC-1', responderId: 'g', receivedAtMs: at(1, 30), copies: 2 },
    { offerId: 'o2', incidentId: 'i2', incidentNumber: 'INC-2', responderId: 'g', receivedAtMs: at(3, 9010), copies: 1 },
    { offerId: 'o9', incidentId: 'i9', incidentNumber: 'INC-OLD', responderId: 'g', receivedAtMs: at(6, 100), copies: 1 }
  ],
  replies: [
    { responderId: 'g', replyId: 'a', action: 'ACCEPT', offerId: 'o1', sentAtMs: at(1, 500), sends: 1, resultAtMs: at(1, 520), ok: true },
    { responderId: 'g', replyId: 'b', action: 'DECLINE', offerId: 'o2', sentAtMs: at(3, 9500), sends: 1, resultAtMs: at(3, 9510), ok: true },
    { responderId: 'g', replyId: 'c', action: 'ACCEPT', offerId: 'o9', sentAtMs: at(6, 200), sends: 1, resultAtMs: at(6, 210), ok: false, reason: 'taken' }
  ],
  telemetrySent: 4,
  skippedMalformed: 0,
  updates: 3,
  unmatchedAcks: 0,
  connections: { connects: 2, connectFailures: 0, plannedDrops: 1, unplannedDrops: 0 },
  warnings: []
}

t.test('counts', async (t) => {
  const r = buildReport(log, { ok: null, skipped: 'not requested' })
  t.same(r.alerts, { pressed: 5, malformed: 1, buffered: 1, sent: 6, publishes: 9, retries: 3, pubacked: 5, answered: 5, unanswered: 1 })
  t.same(r.acks, { ACCEPTED: 3, DUPLICATE: 1, REJECTED: 1, UPDATE: 3 })
  t.same(r.incidents, { distinct: 3, opened: null })
  t.same(r.offers, { received: 3, copies: 4, accepts: 1, acceptsRefused: 1, declines: 1, resolved: 0 })
  t.same(r.fleet, { buttons: 1, wearables: 0, phones: 1, panels: 0, responders: 1 })
  t.equal(r.durationS, 12)
})

t.test('latencies: retries count, offline presses do not; offers are timed from the incident\'s first press', async (t) => {
  const r = buildReport(log, { ok: null, skipped: 'not requested' })
  t.same(r.latencyMs.pressToPuback, { count: 3, p50: 10, p95: 5010, p99: 5010, max: 5010 }, 'alerts 1, 2 and 6')
  t.same(r.latencyMs.pressToAck, { count: 3, p50: 8, p95: 5020, p99: 5020, max: 5020 })
  t.same(r.latencyMs.pressToOffer, { count: 2, p50: 30, p95: 100, p99: 100, max: 100 }, 'INC-1 and, without the API, INC-OLD; not INC-2 (opened offline)')
  t.same(r.latencyMs.pressToAccept, { count: 1, p50: 520, p95: 520, p99: 520, max: 520 })
  const sharp = buildReport(log, { ok: true, violations: [], checked: { alerts: 5, incidents: 2, correlationGroups: 0, dispatchNeeded: 2 } }, new Set(['INC-1', 'INC-2']))
  t.same(sharp.latencyMs.pressToOffer, { count: 1, p50: 30, p95: 30, p99: 30, max: 30 }, 'with the API: only incidents opened during the run')
  t.same(sharp.incidents, { distinct: 3, opened: 2 })
})

t.test('the table shows the figures and the invariant verdict', async (t) => {
  const text = formatReport(buildReport(log, { ok: false, violations: [{ invariant: 'dispatch-offered', incident: 'INC-2', message: 'no offer' }], checked: { alerts: 5, incidents: 2, correlationGroups: 0, dispatchNeeded: 2 } }))
  t.match(text, /ACCEPTED 3, DUPLICATE 1, REJECTED 1, UPDATE 3/)
  t.match(text, /press → PUBACK\s+3\s+10\.00\s+5010\s+5010\s+5010/)
  t.match(text, /1 VIOLATION .*\n.*dispatch-offered: 1\n.*\[dispatch-offered\] INC-2: no offer/)
  t.match(formatReport(buildReport(log, { ok: null, skipped: 'no API key' })), /invariants {2}not checked \(no API key\)/)
})

t.test('a flood run: the flood section counts what was sent, and "others" leaves the flooders out', async (t) => {
  t.equal(buildReport(log, { ok: null, skipped: 'x' }).flood, undefined, 'no flood phase, no section')
  const flooded: RunLog = {
    ...log,
    // d1 flooded for 4 s; d2 pressed once meanwhile, answered after 50 ms
    alerts: [...log.alerts, { ...entry(7, { deviceId: 'd2', pubackAtMs: at(7, 40), acks: [{ status: 'ACCEPTED', incidentNumber: 'INC-7', atMs: at(7, 50) }] }) }],
    flood: { flooders: ['d1'], frozen: ['g'], startedAtMs: T0 + 1000, endedAtMs: T0 + 5000, qos0Sent: 3000, qos1Sent: 1000, qos1Acked: 200, repeatAcks: 199 }
  }
  const r = buildReport(flooded, { ok: null, skipped: 'x' })
  t.same({ ...r.flood, others: undefined }, { flooders: 1, frozenResponders: 1, qos0Sent: 3000, qos1Sent: 1000, qos1Acked: 200, msgsPerS: 1000, repeatAcks: 199, others: undefined })
  t.same([r.flood!.others.pressed, r.flood!.others.answered, r.flood!.others.unanswered], [1, 1, 0], 'only d2\'s alert')
  t.same(r.flood!.others.latencyMs.pressToPuback, { count: 1, p50: 40, p95: 40, p99: 40, max: 40 })
  t.match(formatReport(r), /flood {7}1 device\(s\): 3000 QoS 0 \+ 1000 QoS 1 sent \(1000\/s\), 200 PUBACKed; 1 responder\(s\) not reading\n {2}others {4}pressed 1, answered 1, unanswered 0\n {2}press → PUBACK\s+1\s+40\.00/)
})
