// Self-protection: too many CONNECTs per second from one address are refused with CONNACK 3
// (server unavailable) before any credential is checked; exempt addresses are never limited.
import t from 'tap'
import { createConnection } from 'node:net'
import type { IClientOptions } from 'mqtt'
import { ConnectRateLimiter } from '../../broker/connect-rate.js'
import { connackCode, startTestFlare } from '../helpers/flare.js'
import { metric } from './support.js'

t.test('the limiter: a burst per address, then the rate; exempt addresses and ranges pass', async (t) => {
  let now = 0
  const l = new ConnectRateLimiter({ perSec: 2, burst: 3, exempt: ['10.0.0.0/8', '::1', '192.0.2.7'], now: () => now })
  t.same([1, 2, 3, 4].map(() => l.admit('198.51.100.1')), [true, true, true, false], 'the burst of 3, then refused')
  t.ok(l.admit('198.51.100.2'), 'another address has its own bucket')
  now += 500
  t.same([l.admit('198.51.100.1'), l.admit('198.51.100.1')], [true, false], 'half a second at 2/s buys one more')
  t.ok(Array.from({ length: 50 }, () => l.admit('10.1.2.3')).every(Boolean), 'a CIDR range is exempt')
  t.ok(Array.from({ length: 50 }, () => l.admit('192.0.2.7')).every(Boolean), 'a single address is exempt')
  t.ok(Array.from({ length: 50 }, () => l.admit('::1')).every(Boolean), 'IPv6 too')
  t.ok(Array.from({ length: 50 }, () => l.admit('::ffff:10.0.0.1')).every(Boolean), 'IPv4-mapped IPv6 matches the IPv4 range')
  t.ok(Array.from({ length: 50 }, () => new ConnectRateLimiter({ perSec: 0, burst: 1, exempt: [] }).admit('198.51.100.1')).every(Boolean), 'rate 0: off')
})

t.test('the limiter\'s memory is bounded: idle buckets are dropped, and at most maxAddresses are kept', async (t) => {
  let now = 0
  const l = new ConnectRateLimiter({ perSec: 10, burst: 10, exempt: [], maxAddresses: 100, now: () => now })
  for (let i = 0; i < 1000; i++) l.admit(`198.51.${i >> 8}.${i & 255}`)
  t.equal(l.trackedAddresses, 100, 'capped at maxAddresses')
  now += 1000 // burst / rate: every bucket is full again, so equal to a fresh one
  l.admit('203.0.113.1')
  t.equal(l.trackedAddresses, 1, 'idle buckets are forgotten')
  for (let i = 0; i < 10; i++) l.admit('203.0.113.2')
  t.notOk(l.admit('203.0.113.2'), 'a busy address keeps its (empty) bucket')
})

/** The CONNACK code (0: accepted) of one real mqtt.js connection, optionally from a given local address. */
async function connack (port: number, opts: IClientOptions, localAddress?: string): Promise<number> {
  return await connackCode(() => createConnection({ port, host: '127.0.0.1', localAddress }), opts)
}

t.test('one address over its rate is refused with CONNACK 3; an exempt address is not', async (t) => {
  // 127.0.0.2 is loopback too (Linux routes all of 127/8), but only it is exempt here.
  const f = await startTestFlare(t, { MQTT_CONNECT_RATE_PER_ADDRESS: '1', MQTT_CONNECT_RATE_BURST: '3', MQTT_CONNECT_RATE_EXEMPT: '127.0.0.2' })
  const port = f.app.ports.mqtt
  const devices = await Promise.all([1, 2, 3, 4].map(async () => await f.device()))
  const creds = devices.map(d => ({ clientId: d.id, username: d.id, password: d.secret }))

  // Sent together, so the bucket cannot refill in between (1 per second).
  const codes = await Promise.all(creds.map(async c => await connack(port, c)))
  t.same([...codes].sort(), [0, 0, 0, 3], 'three within the burst are accepted, the fourth gets CONNACK 3')
  t.equal(await metric(f, 'flare_mqtt_connect_rate_limited_total'), 1, 'and it is counted')
  t.equal(await metric(f, 'flare_mqtt_auth_failures_total'), 0, 'before any credential was checked')

  const exempt: number[] = []
  // Two rounds of four at once (one client id is one session, so no id twice in a round).
  for (let round = 0; round < 2; round++) exempt.push(...await Promise.all(creds.map(async c => await connack(port, c, '127.0.0.2'))))
  t.same(exempt, exempt.map(() => 0), 'eight connects in quick succession from the exempt address: all accepted')
  t.equal(await metric(f, 'flare_mqtt_connect_rate_limited_total'), 1, 'none of them counted')
})
