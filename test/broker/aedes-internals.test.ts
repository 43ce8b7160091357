// The private aedes, mqtt-packet and mqemitter members Flare relies on (broker/aedes-internals.ts),
// checked one by one against the installed packages: a real aedes, real mqtt.js clients on port 0,
// the machine's Redis for mqemitter-redis. An upgrade that renames or moves any of them fails here.
import t, { type Test } from 'tap'
import { createServer, connect as tcpConnect, type AddressInfo, type Socket } from 'node:net'
import { createRequire } from 'node:module'
import { randomBytes } from 'node:crypto'
import { Aedes, type AedesOptions, type AedesPublishPacket, type Client, type PublishPacket } from 'aedes'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { Redis } from 'ioredis'
import {
  attachPrincipal, capParsedPacketLength, clientById, connectedClients, dropPublishes, emitLocallyWhen, emitterListen, emitterOf, forgetConnectPacket,
  isEmptyIdPersistent, markEmptyIdPersistent, principalOf, requestedWill, setWill, willOf,
  type MessageEmitter, type WillPacket
} from '../../broker/aedes-internals.js'
import { rawConnack } from './support.js'

const require = createRequire(import.meta.url)
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

interface Started { aedes: Aedes, port: number, connect: (opts: IClientOptions) => Promise<MqttClient> }

/** A real aedes behind a TCP server on port 0; `onConnection` sees each client right after aedes.handle. */
async function start (t: Test, opts: AedesOptions = {}, onConnection?: (client: Client) => void): Promise<Started> {
  const aedes = await Aedes.createBroker(opts)
  const server = createServer((socket) => {
    const client = aedes.handle(socket)
    onConnection?.(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const clients: MqttClient[] = []
  t.teardown(async () => {
    for (const c of clients) c.end(true)
    server.close()
    await new Promise<void>((resolve) => aedes.close(() => resolve()))
  })
  return {
    aedes,
    port,
    connect: async (o) => {
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, ...o })
      clients.push(c)
      return c
    }
  }
}

const offline = (topic: string): WillPacket => ({ cmd: 'publish', topic, payload: Buffer.from('offline'), qos: 1, retain: false })

t.test('a will set at authenticate is the one aedes publishes when the client drops, and reaches authorizePublish as that object', async (t) => {
  const asked: Array<WillPacket | null> = []
  const wills: Array<{ topic: string, isWillOf: boolean }> = []
  const b = await start(t, {
    authenticate: (client, _u, _p, done) => {
      asked.push(requestedWill(client))
      setWill(client, offline(`w/${client.id}/status`))
      done(null, true)
    },
    authorizePublish: (client, packet, cb) => {
      if (client !== null) wills.push({ topic: packet.topic, isWillOf: packet === willOf(client) })
      cb(null)
    }
  })
  const watcher = await b.connect({ clientId: 'watcher' })
  await watcher.subscribeAsync('w/#', { qos: 1 })
  const received: string[] = []
  const arrived = new Promise<void>((resolve) => {
    watcher.on('message', (topic, payload) => { received.push(`${topic} ${payload.toString()}`); if (topic === 'w/dev-1/status') resolve() })
  })

  const dev = await b.connect({ clientId: 'dev-1', will: { topic: 'w/asked', payload: Buffer.from('bye'), qos: 0, retain: false } })
  t.equal(asked[1]?.topic, 'w/asked', 'requestedWill: the CONNECT will, read during authenticate (client._will)')
  const held = clientById(b.aedes, 'dev-1')
  t.ok(held !== undefined, 'the client is connected')
  t.equal(willOf(held!)?.topic, 'w/dev-1/status', 'willOf: aedes copied the will set at authenticate to client.will')

  dev.stream.destroy() // no DISCONNECT: the will is due
  await arrived
  t.same(received, ['w/dev-1/status offline'], 'aedes published the will set through the adapter, not the one sent')
  t.same(wills, [{ topic: 'w/dev-1/status', isWillOf: true }], 'authorizePublish got the will as the very object willOf returned')
})

t.test('a will dropped at authenticate (setWill null) is not stored nor published', async (t) => {
  const authorized: string[] = []
  let disconnected: () => void = () => {}
  const gone = new Promise<void>((resolve) => { disconnected = resolve })
  const b = await start(t, {
    authenticate: (client, _u, _p, done) => { setWill(client, null); done(null, true) },
    authorizePublish: (_client, packet, cb) => { authorized.push(packet.topic); cb(null) }
  })
  b.aedes.on('clientDisconnect', (client) => { if (client.id === 'quiet') disconnected() })
  const c = await b.connect({ clientId: 'quiet', will: { topic: 'w/quiet', payload: Buffer.from('bye'), qos: 0, retain: false } })
  t.equal(willOf(clientById(b.aedes, 'quiet')!), null, 'no will on the connected client')
  c.stream.destroy()
  await gone // aedes authorizes a will before it unregisters the client
  t.same(authorized, [], 'no will went to authorizePublish')
})

t.test('the principal attached at authenticate is on the client every later hook and event gets', async (t) => {
  const seen: Record<string, string | undefined> = {}
  const principal = { kind: 'device' as const, id: 'p-1' }
  const b = await start(t, {
    authenticate: (client, _u, _p, done) => { attachPrincipal(client, principal); done(null, true) },
    authorizePublish: (client, packet, cb) => { seen.publish = principalOf(client)?.id; cb(null) },
    authorizeSubscribe: (client, sub, cb) => { seen.subscribe = principalOf(client)?.id; cb(null, sub) },
    authorizeForward: (client, packet) => { seen.forward = principalOf(client)?.id; return packet }
  })
  b.aedes.on('clientReady', (client) => { seen.ready = principalOf(client)?.id })
  const c = await b.connect({ clientId: 'p-1' })
  await c.subscribeAsync('x/1', { qos: 1 })
  const got = new Promise<void>((resolve) => c.once('message', () => resolve()))
  await c.publishAsync('x/1', 'hi', { qos: 1 })
  await got
  t.same(seen, { ready: 'p-1', subscribe: 'p-1', publish: 'p-1', forward: 'p-1' }, 'the same principal everywhere')
  t.equal(principalOf(null), undefined, 'aedes\' own publishes have no principal')
})

t.test('preConnect and authenticate share the client object, and authenticate no longer sees an empty id', async (t) => {
  const ids: string[] = []
  const b = await start(t, {
    preConnect: (client, packet, done) => {
      if (packet.clientId === '' && packet.clean === false) markEmptyIdPersistent(client)
      done(null, true)
    },
    authenticate: (client, _u, _p, done) => {
      ids.push(client.id)
      if (!isEmptyIdPersistent(client)) return done(null, true)
      done(Object.assign(new Error('empty id'), { returnCode: 2 as const }), null)
    }
  })
  t.equal(await rawConnack(b.port, { clientId: '', clean: false }), 2, 'the mark set in preConnect is read in authenticate')
  t.equal(await rawConnack(b.port, { clientId: '', clean: true }), 0, 'and only on that client')
  t.ok(ids.length === 2 && ids.every(id => id !== ''), 'aedes has replaced the empty id before authenticate (why the mark is needed)')
})

t.test('the parser keeps the CONNECT packet as `settings`; forgetConnectPacket leaves it the protocol version, and clients go on working', async (t) => {
  const seen: Array<{ password: string | undefined, settings: Record<string, unknown> }> = []
  const parserSettings = (client: Client): Record<string, unknown> => (client as unknown as { _parser: { settings: Record<string, unknown> } })._parser.settings
  const forget = new Set<string>()
  const b = await start(t, {
    preConnect: (client, packet, done) => {
      if (forget.has(packet.clientId)) t.ok(forgetConnectPacket(client), 'the parser is mqtt-packet\'s, with `settings`')
      done(null, true)
    },
    authenticate: (client, _u, password, done) => {
      seen.push({ password: password?.toString(), settings: parserSettings(client) })
      done(null, true)
    }
  })
  const secret = randomBytes(16).toString('hex')

  const kept = await b.connect({ clientId: 'kept', username: 'kept', password: secret })
  t.equal(String(seen[0].settings.password), secret, 'unchanged, the parser holds the CONNECT with its password for the connection\'s life')
  kept.end(true)

  // aedes speaks MQTT 3.1 and 3.1.1 (a v5 CONNECT is refused with return code 1).
  for (const protocolVersion of [3, 4] as const) {
    const id = `v${protocolVersion}`
    forget.add(id)
    const c = await b.connect({ clientId: id, username: id, password: secret, protocolVersion, protocolId: protocolVersion === 3 ? 'MQIsdp' : 'MQTT', will: { topic: `${id}/will`, payload: Buffer.from('gone'), qos: 1, retain: false } })
    const last = seen[seen.length - 1]
    t.equal(last.password, secret, `${id}: authenticate still gets the password`)
    t.same(last.settings, { protocolVersion, bridgeMode: undefined }, `${id}: the parser keeps only the protocol version and bridge mode`)
    // Every packet after CONNECT is parsed by the protocol version the parser kept.
    await c.subscribeAsync(`${id}/t`, { qos: 1 })
    const got = new Promise<string>((resolve) => c.once('message', (_topic, payload) => resolve(payload.toString())))
    await c.publishAsync(`${id}/t`, 'hello', { qos: 1 })
    t.equal(await got, 'hello', `${id}: publish, subscribe and delivery still parse`)
    await c.unsubscribeAsync(`${id}/t`)
  }
})

t.test('clients[id] finds a connected client, until it leaves', async (t) => {
  const authenticated: Client[] = []
  const b = await start(t, { authenticate: (client, _u, _p, done) => { authenticated.push(client); done(null, true) } })
  t.equal(clientById(b.aedes, 'c-1'), undefined, 'nobody yet')
  const c = await b.connect({ clientId: 'c-1' })
  t.equal(clientById(b.aedes, 'c-1'), authenticated[0], 'the very client aedes authenticated')
  t.same(connectedClients(b.aedes).map(x => x.id), ['c-1'], 'and the only one connected')
  t.equal(clientById(b.aedes, 'constructor'), undefined, 'an inherited name is no client')
  const left = new Promise<void>((resolve) => b.aedes.once('clientDisconnect', () => resolve()))
  await c.endAsync()
  await left
  t.equal(clientById(b.aedes, 'c-1'), undefined, 'gone once disconnected')
  t.same(connectedClients(b.aedes), [], 'nobody connected')
})

t.test('aedes.mq is the bus it delivers on: the given one, or its own mqemitter', async (t) => {
  const mqemitter = require('mqemitter')
  const mq = mqemitter()
  const given = await start(t, { mq })
  t.equal(emitterOf(given.aedes), mq, 'the mq option, as aedes.mq')

  const b = await start(t)
  const seen: string[] = []
  emitterListen(emitterOf(b.aedes))('#', (message, done) => { seen.push(message.topic); done() })
  const c = await b.connect({ clientId: 'pub' })
  await c.publishAsync('bus/1', 'x', { qos: 1 })
  await new Promise<void>((resolve) => b.aedes.publish({ cmd: 'publish', topic: 'bus/2', payload: Buffer.from('y'), qos: 0, retain: false, dup: false }, () => resolve()))
  t.ok(seen.includes('bus/1') && seen.includes('bus/2'), 'a listener on the default bus sees client and broker publishes')
})

t.test('mqemitter-redis keeps mqemitter\'s local `on` as `_on`: a listener there sees messages and subscribes nothing in Redis', async (t) => {
  const mqemitterRedis = require('mqemitter-redis')
  const subConn = new Redis(REDIS_URL, { enableReadyCheck: false })
  const subscribed: string[] = []
  for (const name of ['subscribe', 'psubscribe'] as const) {
    const original = subConn[name].bind(subConn) as (...args: unknown[]) => unknown
    ;(subConn as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => { subscribed.push(String(args[0])); return original(...args) }
  }
  const mq = mqemitterRedis({ subConn, pubConn: new Redis(REDIS_URL) }) as MessageEmitter & {
    emit: (m: { topic: string }, cb: (err?: Error) => void) => void
    close: (cb: () => void) => void
  }
  t.teardown(() => new Promise<void>((resolve) => mq.close(resolve)))
  t.type(mq._on, 'function', 'mq._on exists')

  const seen: string[] = []
  emitterListen(mq)('#', (message, done) => { seen.push(message.topic); done() })
  t.same(subscribed, [], 'registering on # subscribed nothing in Redis')

  const topic = `internals/${randomBytes(4).toString('hex')}`
  const delivered = new Promise<void>((resolve) => {
    mq.on(topic, (_m, done) => { done(); resolve() }, () => { mq.emit({ topic }, () => {}) })
  })
  await delivered
  t.same(subscribed, [topic], 'the public `on` does subscribe in Redis')
  t.ok(seen.includes(topic), 'the local listener saw the message that came back from Redis')
})

t.test('mqemitter-redis keeps mqemitter\'s local `emit` as `_emit`: emitLocallyWhen sends what it picks to this node\'s listeners without publishing in Redis', async (t) => {
  const mqemitterRedis = require('mqemitter-redis')
  const pubConn = new Redis(REDIS_URL)
  const published: string[] = []
  const original = pubConn.publish.bind(pubConn) as (...args: unknown[]) => Promise<number>
  ;(pubConn as unknown as Record<string, unknown>).publish = async (...args: unknown[]) => { published.push(String(args[0])); return await original(...args) }
  const mq = mqemitterRedis({ subConn: new Redis(REDIS_URL, { enableReadyCheck: false }), pubConn }) as MessageEmitter & { close: (cb: () => void) => void }
  t.teardown(() => new Promise<void>((resolve) => mq.close(resolve)))
  t.type(mq._emit, 'function', 'mq._emit exists')

  const id = randomBytes(4).toString('hex')
  const seen: string[] = []
  await new Promise<void>((resolve) => { mq.on(`local/${id}/+`, (m, done) => { seen.push(m.topic); done() }, resolve) })
  emitLocallyWhen(mq, (m) => m.topic.endsWith('/here'))
  await new Promise<void>((resolve, reject) => { mq.emit({ topic: `local/${id}/here` }, (err) => err === undefined ? resolve() : reject(err)) })
  t.same(seen, [`local/${id}/here`], 'a picked message reached the local listener, done after it')
  t.same(published, [], 'and was not published in Redis')

  await new Promise<void>((resolve) => { mq.emit({ topic: `local/${id}/away` }, () => resolve()) })
  for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise(resolve => setTimeout(resolve, 10))
  t.same(published, [`local/${id}/away`], 'another went through Redis')
  t.same(seen, [`local/${id}/here`, `local/${id}/away`], 'and came back to the listener from there')
})

t.test('emitLocallyWhen leaves plain mqemitter as it is: it has no `_emit`, and its `emit` is local', async (t) => {
  const mq = require('mqemitter')() as MessageEmitter
  const emit = mq.emit
  emitLocallyWhen(mq, () => true)
  t.equal(mq.emit, emit, 'emit not replaced')
})

t.test('the parser hook refuses an oversize packet at its fixed header and lets others through', async (t) => {
  const refused: Array<{ bytes: number, cmd: string }> = []
  const hooked: boolean[] = []
  const published: string[] = []
  const b = await start(t, {}, (client) => { hooked.push(capParsedPacketLength(client, 256, (bytes, cmd) => refused.push({ bytes, cmd }))) })
  b.aedes.on('publish', (packet: AedesPublishPacket, client) => { if (client !== null) published.push(packet.topic) })

  const c = await b.connect({ clientId: 'small' })
  await c.publishAsync('p/ok', Buffer.alloc(200), { qos: 1 })
  t.same(published, ['p/ok'], 'a packet under the limit is parsed and published')
  t.same(hooked, [true], 'the hook found client._parser._parseLength and _emitError')

  const sock: Socket = tcpConnect(b.port, '127.0.0.1')
  sock.on('error', () => {})
  t.teardown(() => sock.destroy())
  const closed = new Promise<void>((resolve) => sock.once('close', () => resolve()))
  // A PUBLISH fixed header declaring 200,000,000 bytes (varint 80 84 af 5f), and a few bytes of its body.
  sock.write(Buffer.from([0x30, 0x80, 0x84, 0xaf, 0x5f, 0x00, 0x03, 0x61, 0x2f, 0x62]))
  await closed
  t.same(refused, [{ bytes: 1 + 4 + 200_000_000, cmd: 'publish' }], 'refused from its header, with its size and command')
  t.equal(published.length, 1, 'nothing more was published')
})

t.test('a packet one byte over the limit is refused; one at the limit passes', async (t) => {
  const refused: number[] = []
  const b = await start(t, {}, (client) => { capParsedPacketLength(client, 100, (bytes) => refused.push(bytes)) })
  const c = await b.connect({ clientId: 'edge' })
  // PUBLISH QoS 0, topic "e" (2 + 1 bytes): header 2 bytes + 3 + payload.
  const at: PublishPacket['payload'] = Buffer.alloc(100 - 2 - 3)
  await c.publishAsync('e', at, { qos: 0 })
  await c.publishAsync('e', 'sync', { qos: 1 })
  t.same(refused, [], '100 bytes: accepted')
  const gone = new Promise<void>((resolve) => c.once('close', () => resolve()))
  c.publish('e', Buffer.alloc(100 - 2 - 3 + 1), { qos: 0 })
  await gone
  t.same(refused, [101], '101 bytes: refused and the connection closed')
})

t.test('dropPublishes: a publish it picks (after authorizePublish) is acknowledged and never reaches the bus; others are routed', async (t) => {
  const b = await start(t, {
    // As Flare's authorizer does with what the gateway consumed: the topic is rewritten to a sink.
    authorizePublish: (_client, packet, callback) => {
      if (packet.topic.startsWith('consumed/')) packet.topic = '$sink'
      callback(null)
    }
  })
  const picked: string[] = []
  dropPublishes(b.aedes, (packet) => { picked.push(packet.topic); return packet.topic === '$sink' })
  const seen: string[] = []
  emitterListen(emitterOf(b.aedes))('#', (message, done) => { seen.push(message.topic); done() })
  const published: string[] = []
  b.aedes.on('publish', (packet: AedesPublishPacket, client) => { if (client !== null) published.push(packet.topic) })
  const c = await b.connect({ clientId: 'dropper' })
  await c.publishAsync('consumed/1', 'a', { qos: 1 })
  t.pass('QoS 1: PUBACK')
  await c.publishAsync('consumed/2', 'b', { qos: 2 })
  t.pass('QoS 2: PUBCOMP')
  await c.publishAsync('consumed/3', 'c', { qos: 0 })
  await c.publishAsync('routed/1', 'd', { qos: 1 })
  t.ok(picked.includes('$sink'), 'the instance\'s publish saw the rewritten topic (after authorizePublish)')
  t.same(seen.filter(x => x.startsWith('$sink')), [], 'nothing dropped reached the bus')
  t.ok(seen.includes('routed/1'), 'an ordinary publish still reaches the bus')
  t.same(published.filter(x => x === '$sink'), [], 'and dropped ones fire no publish event')
})
