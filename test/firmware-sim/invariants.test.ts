// The invariant check on crafted run logs and REST views: each invariant holds on a clean run and
// is reported, with the alert or incident it concerns, when broken.
import t from 'tap'
import { checkInvariants, correlationKeyOf, type Violation } from '../../firmware-sim/invariants.js'
import type { IncidentDetail, RemoteAlert, RemoteIncident, RemoteRule, RemoteState } from '../../firmware-sim/remote-types.js'
import type { AlertLogEntry, RunLog } from '../../firmware-sim/sim/run-log.js'

const T0 = Date.parse('2026-03-01T10:00:00.000Z')
const iso = (ms: number): string => new Date(T0 + ms).toISOString()
const HERE = { lat: -33.9249, lon: 18.4241 }
const RULES: RemoteRule[] = [
  { id: 'panic', openIncident: true, correlation: { key: 'device', windowS: 300 }, dispatch: { roles: ['security'], radiusM: 5000 }, escalation: { widenRadiusFactor: 3 } },
  { id: 'fire', openIncident: true, correlation: { key: 'place', windowS: 900 }, dispatch: { roles: ['security'], radiusM: 5000 } },
  { id: 'test', openIncident: false, correlation: { key: 'device', windowS: 300 } },
  { id: 'notify-only', openIncident: true, correlation: { key: 'device', windowS: 300 } }
]

function log (alerts: AlertLogEntry[], over: Partial<RunLog> = {}): RunLog {
  return {
    version: 1,
    runId: 'r1',
    scenario: 'crafted',
    seed: 1,
    rate: 1,
    durationMs: 10_000,
    startedAtMs: T0,
    endedAtMs: T0 + 10_000,
    urls: { http: 'http://x', mqtt: 'mqtt://x', ws: 'ws://x/mqtt' },
    devices: [{ id: 'd1', kind: 'button', codec: 'protobuf' }, { id: 'd2', kind: 'phone', codec: 'json' }],
    responders: [{ id: 'g1', roles: ['security'], zones: [], lat: HERE.lat + 0.01, lon: HERE.lon }],
    alerts,
    offers: [],
    replies: [],
    telemetrySent: 0,
    skippedMalformed: 0,
    updates: 0,
    unmatchedAcks: 0,
    connections: { connects: 3, connectFailures: 0, plannedDrops: 0, unplannedDrops: 0 },
    warnings: [],
    ...over
  }
}
/** A pressed alert that got its PUBACK and the given answers ([status, incident number]). */
function sent (deviceId: string, seq: number, acks: Array<[string, string?]>, over: Partial<AlertLogEntry> = {}): AlertLogEntry {
  return {
    deviceId,
    alertId: `r1.${seq}`,
    seq,
    kind: 'PANIC',
    phase: 0,
    pressedAtMs: T0 + seq * 10,
    buffered: false,
    publishes: 1,
    firstPublishAtMs: T0 + seq * 10,
    pubackAtMs: T0 + seq * 10 + 5,
    acks: acks.map(([status, incidentNumber]) => ({ status, incidentNumber, atMs: T0 + seq * 10 + 4 })),
    ...over
  }
}
const stored = (deviceId: string, seq: number, incidentId: string | null, ruleId = 'panic'): RemoteAlert =>
  ({ id: seq, deviceId, alertId: `r1.${seq}`, kind: 'PANIC', incidentId, ruleId, receivedAt: iso(seq * 10 + 2) })
function incident (id: string, over: Partial<RemoteIncident> = {}): RemoteIncident {
  return {
    id,
    number: `INC-${id}`,
    state: 'NEW',
    kind: 'PANIC',
    ruleId: 'panic',
    deviceId: 'd1',
    personId: null,
    zoneId: null,
    ...HERE,
    alertCount: 1,
    openedAt: iso(12),
    lastAlertAt: iso(12),
    ...over
  }
}
const offered: IncidentDetail = { offers: [{ id: 'o1', responderId: 'g1', state: 'pending' }], timeline: [{ at: iso(12), type: 'opened', toState: 'NEW' }] }
const remote = (alerts: RemoteAlert[], incidents: RemoteIncident[], details: Record<string, IncidentDetail> = {}): RemoteState =>
  ({ rules: RULES, alerts, incidents, details })
const names = (vs: Violation[]): string[] => vs.map(v => v.invariant)

t.test('a clean run: every invariant holds and the scope is reported', async (t) => {
  const l = log([sent('d1', 1, [['ACCEPTED', 'INC-a']]), sent('d1', 2, [['ACCEPTED', 'INC-a'], ['DUPLICATE', 'INC-a']]), sent('d2', 3, [['DUPLICATE', 'INC-b']])])
  const r = checkInvariants(l, remote(
    [stored('d1', 1, 'a'), stored('d1', 2, 'a'), stored('d2', 3, 'b')],
    [incident('a', { alertCount: 2 }), incident('b', { deviceId: 'd2', openedAt: iso(32) })],
    { a: offered, b: offered }))
  t.same(r.violations, [])
  t.equal(r.ok, true)
  t.same(r.checked, { alerts: 3, incidents: 2, correlationGroups: 0, dispatchNeeded: 2 })
})

t.test('puback-means-stored: a PUBACKed or acknowledged alert missing from the API', async (t) => {
  const l = log([sent('d1', 1, []), sent('d1', 2, [['ACCEPTED', 'INC-a']], { pubackAtMs: undefined }), sent('d1', 3, [], { pubackAtMs: undefined })])
  const r = checkInvariants(l, remote([], []))
  t.same(names(r.violations), ['puback-means-stored', 'puback-means-stored'], 'the unanswered alert without PUBACK may be lost: it was never promised')
  t.match(r.violations[0], { deviceId: 'd1', alertId: 'r1.1', message: /PUBACKed alert is missing/ })
  t.match(r.violations[1], { alertId: 'r1.2', message: /acknowledged alert is missing/ })
})

t.test('accepted-in-one-incident: wrong incident number, no incident, unknown incident, twice stored, counts off', async (t) => {
  const l = log([
    sent('d1', 1, [['ACCEPTED', 'INC-b']]), // the API says it is in INC-a
    sent('d1', 2, [['ACCEPTED', 'INC-a'], ['DUPLICATE', 'INC-c']]), // two different numbers
    sent('d1', 3, [['ACCEPTED']]), // panic opens incidents, yet none
    sent('d1', 4, [['ACCEPTED', 'INC-zz']]), // an incident the API does not list
    sent('d1', 5, [['ACCEPTED', 'INC-a']])
  ])
  const r = checkInvariants(l, remote(
    [stored('d1', 1, 'a'), stored('d1', 2, 'a'), stored('d1', 3, null), stored('d1', 4, 'zz'), stored('d1', 5, 'a'), { ...stored('d1', 5, 'a'), id: 99 }],
    [incident('a', { alertCount: 3 })], { a: offered }))
  t.same(names(r.violations), Array(6).fill('accepted-in-one-incident'))
  t.match(r.violations, [
    { alertId: 'r1.1', message: 'acks named incident INC-b, the API says INC-a' },
    { alertId: 'r1.2', message: 'acks named incident INC-a and INC-c, the API says INC-a' },
    { alertId: 'r1.3', message: /belongs to no incident/ },
    { alertId: 'r1.4', message: /zz, which the API does not list/ },
    { alertId: 'r1.5', message: 'stored 2 times' },
    { incident: 'INC-a', message: 'alertCount is 3 but 4 alerts belong to it' }
  ])
})

t.test('degraded mode: provisional numbers (P-…) are not held against the final one', async (t) => {
  const l = log([
    sent('d1', 1, [['ACCEPTED', 'P-node-1'], ['ACCEPTED', 'INC-a']]), // journaled, then replayed
    sent('d1', 2, [['ACCEPTED', 'P-node-1'], ['DUPLICATE', 'P-node-1'], ['ACCEPTED', 'INC-a']]), // a retry while degraded
    sent('d1', 3, [['ACCEPTED', 'P-node-2']]), // away when the replay ran: the final ack never came
    sent('d1', 4, [['ACCEPTED', 'P-node-3'], ['ACCEPTED', 'INC-b']]) // a final number the API does not say
  ])
  const r = checkInvariants(l, remote([stored('d1', 1, 'a'), stored('d1', 2, 'a'), stored('d1', 3, 'a'), stored('d1', 4, 'a')], [incident('a', { alertCount: 4 })], { a: offered }))
  t.match(r.violations, [{ invariant: 'accepted-in-one-incident', alertId: 'r1.4', message: 'acks named incident INC-b, the API says INC-a' }])
  t.equal(r.violations.length, 1, 'only the wrong final number')
})

t.test('a rule that opens no incident: the alert must belong to none', async (t) => {
  const ok = checkInvariants(log([sent('d1', 1, [['ACCEPTED']])]), remote([stored('d1', 1, null, 'test')], []))
  t.same(ok.violations, [])
  const bad = checkInvariants(log([sent('d1', 1, [['ACCEPTED', 'INC-a']])]), remote([stored('d1', 1, 'a', 'test')], [incident('a', { ruleId: 'test' })]))
  t.match(bad.violations, [{ invariant: 'accepted-in-one-incident', message: /rule test opens no incident/ }])
})

t.test('one-incident-per-correlation: a second incident while the first was open and within its window', async (t) => {
  const twoOpen = checkInvariants(log([]), remote([], [incident('a'), incident('b', { openedAt: iso(5000) })], { a: offered, b: offered }))
  t.match(twoOpen.violations, [{ invariant: 'one-incident-per-correlation', incident: 'INC-b', message: /INC-b opened while INC-a \(same key device:d1:PANIC\)/ }])
  t.equal(twoOpen.checked.correlationGroups, 1)

  const resolved: IncidentDetail = { offers: offered.offers, timeline: [...offered.timeline, { at: iso(3000), type: 'transition', toState: 'RESOLVED' }] }
  const afterResolve = checkInvariants(log([]), remote([], [incident('a', { state: 'RESOLVED' }), incident('b', { openedAt: iso(5000) })], { a: resolved, b: offered }))
  t.same(afterResolve.violations, [], 'a resolved incident collects nothing: a new one is right')

  const afterWindow = checkInvariants(log([]), remote([], [incident('a', { lastAlertAt: iso(1000) }), incident('b', { openedAt: iso(1000 + 301_000) })], { a: offered, b: offered }))
  t.same(afterWindow.violations, [], 'after the window (from the last alert) a new incident is right')

  const slid = checkInvariants(log([]), remote([], [incident('a', { lastAlertAt: iso(200_000) }), incident('b', { openedAt: iso(400_000) })], { a: offered, b: offered }))
  t.equal(slid.violations.length, 1, 'the window slides with each joined alert')

  const otherKind = checkInvariants(log([]), remote([], [incident('a'), incident('b', { kind: 'DURESS', openedAt: iso(5000) })], { a: offered, b: offered }))
  t.same(otherKind.violations, [], 'another kind is another key')

  const fire = (id: string, deviceId: string, at: number): RemoteIncident => incident(id, { kind: 'FIRE', ruleId: 'fire', deviceId, openedAt: iso(at), lastAlertAt: iso(at) })
  const place = checkInvariants(log([]), remote([], [fire('f1', 'd1', 0), fire('f2', 'd2', 5000)], { f1: offered, f2: offered }))
  t.match(place.violations, [{ invariant: 'one-incident-per-correlation', incident: 'INC-f2', message: /place:-33\.925,18\.424:FIRE/ }], 'place-keyed: two devices, one fire')
})

t.test('correlation keys follow Flare: person, zone, place cell, else device', async (t) => {
  const rule = (key: 'device' | 'person' | 'place'): RemoteRule => ({ id: 'r', openIncident: true, correlation: { key, windowS: 300 } })
  t.equal(correlationKeyOf(incident('a', { personId: 'p1' }), rule('person')), 'person:p1:PANIC')
  t.equal(correlationKeyOf(incident('a'), rule('person')), 'device:d1:PANIC', 'no person: the device')
  t.equal(correlationKeyOf(incident('a', { zoneId: 'z' }), rule('place')), 'zone:z:PANIC')
  t.equal(correlationKeyOf(incident('a', { lat: null, lon: null }), rule('place')), 'device:d1:PANIC', 'no position: the device')
  t.equal(correlationKeyOf(incident('a'), undefined), 'device:d1:PANIC', 'an unknown rule: the narrowest key')
})

t.test('dispatch-offered: an incident with a fitting responder in range must get an offer or an escalation', async (t) => {
  const bare: IncidentDetail = { offers: [], timeline: [{ at: iso(12), type: 'opened', toState: 'NEW' }] }
  const escalated: IncidentDetail = { offers: [], timeline: [...bare.timeline, { at: iso(12), type: 'escalated', toState: null }] }
  const alerts = [stored('d1', 1, 'a')]
  const acked = [sent('d1', 1, [['ACCEPTED', 'INC-a']])]
  t.match(checkInvariants(log(acked), remote(alerts, [incident('a')], { a: bare })).violations, [{ invariant: 'dispatch-offered', incident: 'INC-a' }])
  t.same(checkInvariants(log(acked), remote(alerts, [incident('a')], { a: escalated })).violations, [], 'nobody free: escalated is the right answer')
  const seen = log(acked, { offers: [{ offerId: 'o', incidentId: 'a', incidentNumber: 'INC-a', responderId: 'g1', receivedAtMs: T0 + 20, copies: 1 }] })
  t.same(checkInvariants(seen, remote(alerts, [incident('a')], {})).violations, [], 'an offer the fleet saw needs no detail')
  t.match(checkInvariants(log(acked), remote(alerts, [incident('a')], {})).violations, [{ invariant: 'dispatch-offered', message: /could not be fetched/ }])

  const far = log(acked, { responders: [{ id: 'g1', roles: ['security'], zones: [], lat: HERE.lat + 1, lon: HERE.lon }] })
  const r = checkInvariants(far, remote(alerts, [incident('a')], { a: bare }))
  t.same(r.violations, [], 'nobody within 3 × 5 km: no offer needed')
  t.equal(r.checked.dispatchNeeded, 0)
  const medics = log(acked, { responders: [{ id: 'm1', roles: ['medic'], zones: [], ...HERE }] })
  t.same(checkInvariants(medics, remote(alerts, [incident('a')], { a: bare })).violations, [], 'no fitting role: no offer needed')
  const zoned = log(acked, { responders: [{ id: 'g1', roles: ['security'], zones: ['north'], ...HERE }] })
  t.same(checkInvariants(zoned, remote(alerts, [incident('a')], { a: bare })).violations, [], 'a zoned responder serves only its zone')
  t.same(checkInvariants(log(acked), remote([stored('d1', 1, 'a', 'notify-only')], [incident('a', { ruleId: 'notify-only' })], {})).violations, [], 'a rule without dispatch needs no offer')
  const before = checkInvariants(log(acked), remote(alerts, [incident('a'), incident('old', { deviceId: 'd9', openedAt: iso(-30_000) })], { a: offered }))
  t.same(before.violations, [], 'incidents from before the run are not this run\'s to check')
  t.equal(before.checked.incidents, 1)
})

t.test('malformed-rejected: malformed payloads are never accepted or stored; valid alerts never rejected', async (t) => {
  const l = log([
    sent('d1', 1, [['REJECTED']], { malformed: 'random-bytes', echoesAlertId: false }),
    sent('d1', 2, [['ACCEPTED', 'INC-a']], { malformed: 'lat-200', echoesAlertId: true }),
    sent('d1', 3, [['REJECTED']], { malformed: 'heart-rate-999', echoesAlertId: true }),
    sent('d1', 4, [['REJECTED']])
  ])
  l.alerts[3].acks[0].reasonCode = 'bad_location'
  const r = checkInvariants(l, remote([stored('d1', 3, 'a'), stored('d1', 4, null)], [incident('a')], { a: offered }))
  t.match(r.violations, [
    { invariant: 'malformed-rejected', alertId: 'r1.2', message: /\(lat-200\) was answered ACCEPTED, not REJECTED/ },
    { invariant: 'malformed-rejected', alertId: 'r1.3', message: /listed by GET \/api\/v1\/alerts/ },
    { invariant: 'malformed-rejected', alertId: 'r1.4', message: /a valid PANIC alert was REJECTED \(bad_location\)/ }
  ])
  t.equal(r.checked.alerts, 1, 'only the valid alert counts as checked')
})

t.test('DC-09 runs: the ACK is the answer and names no incident; alerts of the run are the ones the log names', async (t) => {
  // Panels' alert ids are Flare's (dc09-…), not the run id's; their ACKs carry no incident number.
  const panel = (seq: number, over: Partial<AlertLogEntry> = {}): AlertLogEntry => sent('p1', seq, [], { alertId: `dc09-${seq}`, ...over })
  const at = (seq: number, incidentId: string | null): RemoteAlert => ({ ...stored('p1', seq, incidentId), alertId: `dc09-${seq}` })
  const dc09 = { protocol: 'dc09' as const, devices: [{ id: 'p1', kind: 'panel' as const }] }
  const clean = checkInvariants(log([panel(1), panel(2)], dc09), remote([at(1, 'a'), at(2, 'a')], [incident('a', { deviceId: 'p1', alertCount: 2 })], { a: offered }))
  t.same(clean.violations, [], 'ACKed, stored once, in an incident: no number to compare')
  t.same(clean.checked, { alerts: 2, incidents: 1, correlationGroups: 0, dispatchNeeded: 1 }, 'the run\'s incident is found from the log\'s alert ids')

  const broken = checkInvariants(log([panel(1), panel(2), panel(3), panel(4, { acks: [{ status: 'REJECTED', reasonCode: 'DUH', atMs: T0 }], pubackAtMs: undefined })], dc09),
    remote([at(2, null), at(3, 'a'), { ...at(3, 'a'), id: 98 }, at(4, null)], [incident('a', { deviceId: 'p1', alertCount: 2 })], { a: offered }))
  t.match(broken.violations, [
    { invariant: 'puback-means-stored', alertId: 'dc09-1', message: /PUBACKed alert is missing/ },
    { invariant: 'accepted-in-one-incident', alertId: 'dc09-2', message: /belongs to no incident/ },
    { invariant: 'accepted-in-one-incident', alertId: 'dc09-3', message: 'stored 2 times' },
    { invariant: 'malformed-rejected', alertId: 'dc09-4', message: 'a valid PANIC alert was REJECTED (DUH)' }
  ])
  t.equal(broken.violations.length, 4)

  const mqtt = checkInvariants(log([panel(1)]), remote([at(1, 'a')], [incident('a', { deviceId: 'p1' })], { a: offered }))
  t.match(mqtt.checked, { incidents: 0 }, 'an MQTT run does not take dc09-… ids for its own')
})
