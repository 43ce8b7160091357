import t, { type Test } from 'tap'
import { canPublish, canReceive, canSubscribe, isReservedTopic, type ClientPrincipal } from '../../broker/acl.js'

const device: ClientPrincipal = { kind: 'device', id: 'A' }
const responder: ClientPrincipal = { kind: 'responder', id: 'R', roles: ['medic'], zones: ['z1'] }
const supervisor: ClientPrincipal = { kind: 'responder', id: 'S', roles: ['supervisor'], zones: ['z1', 'z2'] }
const contact: ClientPrincipal = { kind: 'contact', id: 'C' }
const anonymous: ClientPrincipal = { kind: 'anonymous', id: 'anon' }

/** [topic, expected] pairs checked against one function for one principal */
function matrix (t: Test, name: string, fn: (p: ClientPrincipal, topic: string) => boolean, p: ClientPrincipal, cases: Array<[string, boolean]>): void {
  for (const [topic, expected] of cases) t.equal(fn(p, topic), expected, `${name} ${p.kind}:${p.id} ${topic} → ${String(expected)}`)
}

t.test('isReservedTopic: the v1 roots and every $ topic', async (t) => {
  for (const topic of ['dev/x/alert', 'dispatch/r', 'resp/r/reply', 'notify/c', 'zone/z/escalations', 'dev', '$SYS/broker', '$flare/revoke']) {
    t.equal(isReservedTopic(topic), true, topic)
  }
  for (const topic of ['demo/x', 'devices/x', 'device', 'x/dev/alert', 'zones/z', '']) {
    t.equal(isReservedTopic(topic), false, topic)
  }
})

t.test('device publishes only its own alert and telemetry', async (t) => {
  matrix(t, 'canPublish', canPublish, device, [
    ['dev/A/alert', true],
    ['dev/A/telemetry', true],
    ['dev/B/alert', false],
    ['dev/B/telemetry', false],
    ['dev/A/ack', false],
    ['dev/A/status', false],
    ['dev/A/alert/x', false],
    ['dev/A', false],
    ['dispatch/A', false],
    ['resp/A/reply', false],
    ['demo/x', false],
    ['$SYS/x', false],
    ['$flare/revoke', false]
  ])
})

t.test('device subscribes only its own ack, never through a wildcard', async (t) => {
  matrix(t, 'canSubscribe', canSubscribe, device, [
    ['dev/A/ack', true],
    ['dev/B/ack', false],
    ['dev/+/ack', false],
    ['dev/A/#', false],
    ['dev/A/+', false],
    ['dev/A/alert', false],
    ['dev/A/status', false],
    ['dispatch/#', false],
    ['#', false],
    ['+/A/ack', false],
    ['$SYS/#', false],
    ['demo/x', false]
  ])
})

t.test('responder publishes only under resp/<own id>', async (t) => {
  matrix(t, 'canPublish', canPublish, responder, [
    ['resp/R/reply', true],
    ['resp/R/location', true],
    ['resp/R/sync', true],
    ['resp/S/reply', false],
    ['resp/R/other', false],
    ['dispatch/R', false],
    ['dev/R/alert', false],
    ['zone/z1/escalations', false],
    ['demo/x', false],
    ['$SYS/x', false]
  ])
})

t.test('responder subscribes only dispatch/<own id>; zone escalations need supervisor role and the zone', async (t) => {
  matrix(t, 'canSubscribe', canSubscribe, responder, [
    ['dispatch/R', true],
    ['dispatch/S', false],
    ['dispatch/+', false],
    ['dispatch/#', false],
    ['dispatch/R/x', false],
    ['zone/z1/escalations', false], // in the zone but not a supervisor
    ['resp/R/reply', false],
    ['#', false],
    ['$SYS/#', false]
  ])
  matrix(t, 'canSubscribe', canSubscribe, supervisor, [
    ['dispatch/S', true],
    ['zone/z1/escalations', true],
    ['zone/z2/escalations', true],
    ['zone/z3/escalations', false],
    ['zone/+/escalations', false],
    ['zone/#', false],
    ['zone/z1/#', false],
    ['zone/z1/escalations/x', false],
    ['dispatch/R', false]
  ])
  t.equal(canSubscribe({ kind: 'responder', id: 'X', roles: ['supervisor'] }, 'zone/z1/escalations'), false, 'supervisor without zones')
  t.equal(canSubscribe({ kind: 'responder', id: 'X', zones: ['z1'] }, 'zone/z1/escalations'), false, 'no roles at all')
})

t.test('contact subscribes only notify/<own id> and publishes nothing', async (t) => {
  matrix(t, 'canSubscribe', canSubscribe, contact, [
    ['notify/C', true],
    ['notify/D', false],
    ['notify/+', false],
    ['notify/#', false],
    ['#', false],
    ['$SYS/#', false]
  ])
  matrix(t, 'canPublish', canPublish, contact, [
    ['notify/C', false],
    ['demo/x', false],
    ['dev/C/alert', false]
  ])
})

t.test('anonymous uses anything outside the reserved namespace', async (t) => {
  matrix(t, 'canPublish', canPublish, anonymous, [
    ['demo/x', true],
    ['devices/x', true],
    ['a/dev/alert', true],
    ['dev/A/alert', false],
    ['dev/A/ack', false],
    ['dispatch/R', false],
    ['resp/R/reply', false],
    ['notify/C', false],
    ['zone/z1/escalations', false],
    ['$SYS/x', false],
    ['$flare/revoke', false]
  ])
  matrix(t, 'canSubscribe', canSubscribe, anonymous, [
    ['demo/x', true],
    ['demo/#', true],
    ['#', true],
    ['+/x', true],
    ['+/+/ack', true],
    ['dev/#', false],
    ['dev/+/ack', false],
    ['dispatch/+', false],
    ['resp/#', false],
    ['notify/#', false],
    ['zone/#', false],
    ['$SYS/#', false],
    ['$flare/#', false]
  ])
})

t.test('canReceive: wildcard grants never leak reserved topics to anonymous, $flare/ to nobody', async (t) => {
  matrix(t, 'canReceive', canReceive, anonymous, [
    ['demo/x', true],
    ['dev/A/ack', false],
    ['dispatch/R', false],
    ['notify/C', false],
    ['zone/z1/escalations', false],
    ['$SYS/broker/uptime', false],
    ['$flare/sink', false]
  ])
  for (const p of [device, responder, supervisor, contact]) {
    t.equal(canReceive(p, '$flare/sink'), false, `${p.kind}: $flare/sink`)
    t.equal(canReceive(p, '$flare/revoke'), false, `${p.kind}: $flare/revoke`)
  }
  t.equal(canReceive(device, 'dev/A/ack'), true, 'device: its ack')
  t.equal(canReceive(responder, 'dispatch/R'), true, 'responder: its offers')
  t.equal(canReceive(supervisor, 'zone/z1/escalations'), true, 'supervisor: zone escalations')
  t.equal(canReceive(contact, 'notify/C'), true, 'contact: its notices')
})
