import t from 'tap'
import { readFileSync } from 'node:fs'
import type { MqttClient } from 'mqtt'
import { startTestFlare, type TestFlare } from '../helpers/flare.js'
import { TOPIC_TABLE, type TopicHolder, type TopicRule } from '../../broker/topic-table.js'
import { metric, publishAcked } from './support.js'

// The topic table tried against a running Flare: every client kind publishes and subscribes every
// table topic with its own id, another's id and wildcards, and gets exactly the table's grants.
// The cases come from TOPIC_TABLE, so a new row brings its own.

const GRANTED = 1
const REFUSED = 128
const ROOTS = new Set(TOPIC_TABLE.map((r) => r.topic.split('/', 1)[0]))

interface Party {
  name: string
  kind: 'device' | 'responder' | 'contact' | 'anonymous'
  id: string
  holds: TopicHolder[]
  zones: string[]
  client: MqttClient
}

interface Case { topic: string, granted: boolean, rule?: TopicRule }

/** Undecodable as protobuf and as JSON, so a consumed publish leaves a dead letter; the text names the publish. */
const probePayload = (party: string, topic: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xff]), Buffer.from(` door ${party} ${topic}`)])

function mqttMatches (filter: string, topic: string): boolean {
  const f = filter.split('/')
  const l = topic.split('/')
  if (topic.startsWith('$') && !filter.startsWith('$')) return false
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true
    if (i >= l.length || (f[i] !== '+' && f[i] !== l[i])) return false
  }
  return f.length === l.length
}

const f = await startTestFlare(t, { MQTT_ALLOW_ANONYMOUS: 'true' })

/** One id of each kind that belongs to no party here, so every party also tries a stranger's topics. */
const ids: Record<string, string[]> = { device: [], responder: [], contact: [], zone: ['north', 'south'] }

async function contact (f: TestFlare, person: string, id: string): Promise<string> {
  const res = await f.api('POST', `/api/v1/persons/${person}/contacts`, { id, name: `Contact ${id}`, language: 'en' })
  if (res.status !== 201) throw new Error(`contact ${id}: ${res.status}`)
  return res.body.secret
}

async function parties (): Promise<Party[]> {
  const a = await f.device()
  const b = await f.device()
  const r = await f.responder({ roles: ['medic'], zones: ['north'] })
  const s = await f.responder({ roles: ['supervisor'], zones: ['north'] })
  const other = await f.responder()
  if ((await f.api('POST', '/api/v1/persons', { id: 'door-person', name: 'Door Person' })).status !== 201) throw new Error('person')
  const cSecret = await contact(f, 'door-person', 'door-contact')
  await contact(f, 'door-person', 'door-contact-2')
  ids.device.push(a.id, b.id)
  ids.responder.push(r.id, s.id, other.id)
  ids.contact.push('door-contact', 'door-contact-2')
  const login = async (id: string, secret: string): Promise<MqttClient> => await f.connect({ clientId: id, username: id, password: secret })
  return [
    { name: 'device', kind: 'device', id: a.id, holds: ['device'], zones: [], client: await login(a.id, a.secret) },
    { name: 'responder', kind: 'responder', id: r.id, holds: ['responder'], zones: ['north'], client: await login(r.id, r.secret) },
    { name: 'supervisor', kind: 'responder', id: s.id, holds: ['responder', 'supervisor'], zones: ['north'], client: await login(s.id, s.secret) },
    { name: 'contact', kind: 'contact', id: 'door-contact', holds: ['contact'], zones: [], client: await login('door-contact', cSecret) },
    { name: 'anonymous', kind: 'anonymous', id: 'door-anonymous', holds: [], zones: [], client: await f.connect({ clientId: 'door-anonymous' }) }
  ]
}

/** The rule's topic with each combination of ids for its `{…}` levels, and whether they are all this party's own. */
function instances (rule: TopicRule, p: Party): Array<{ topic: string, own: boolean }> {
  let out = [{ topic: '', own: true }]
  for (const [i, level] of rule.topic.split('/').entries()) {
    const sep = i === 0 ? '' : '/'
    const m = /^\{(device|responder|contact|zone)\}$/.exec(level)
    const choices = m === null ? [{ v: level, own: true }] : ids[m[1]].map((v) => ({ v, own: m[1] === 'zone' ? p.zones.includes(v) : m[1] === p.kind && v === p.id }))
    out = out.flatMap((o) => choices.map((c) => ({ topic: o.topic + sep + c.v, own: o.own && c.own })))
  }
  return out
}

/** Free topics for anonymous development clients: granted to them only when outside the table's roots. */
const anonymousGrant = (topic: string): boolean => !topic.startsWith('$') && !ROOTS.has(topic.split('/', 1)[0])

function publishCases (p: Party): Case[] {
  const cases: Case[] = []
  for (const rule of TOPIC_TABLE) {
    for (const { topic, own } of instances(rule, p)) {
      const granted = p.kind === 'anonymous' ? anonymousGrant(topic) : own && (p.holds as string[]).includes(rule.publish)
      cases.push({ topic, granted, rule })
    }
  }
  for (const topic of ['demo/door', '$SYS/door', '$flare/revoke']) cases.push({ topic, granted: p.kind === 'anonymous' && anonymousGrant(topic) })
  return cases
}

function subscribeCases (p: Party): Case[] {
  const cases = new Map<string, Case>()
  const add = (c: Case): void => { if (!cases.has(c.topic)) cases.set(c.topic, c) }
  for (const rule of TOPIC_TABLE) {
    for (const { topic, own } of instances(rule, p)) {
      add({ topic, granted: p.kind === 'anonymous' ? anonymousGrant(topic) : own && (p.holds as string[]).includes(rule.subscribe), rule })
    }
    // Wildcards over the rule: each level `+` in turn, and `#` below each level.
    const levels = rule.topic.split('/')
    for (let i = 0; i < levels.length; i++) {
      const plus = instances(rule, p)[0].topic.split('/').map((l, j) => j === i ? '+' : l).join('/')
      add({ topic: plus, granted: p.kind === 'anonymous' && anonymousGrant(plus) })
      const hash = [...levels.slice(0, i), '#'].join('/').replace(/\{[a-z]+\}/g, (v) => ids[v.slice(1, -1)][0])
      add({ topic: hash, granted: p.kind === 'anonymous' && anonymousGrant(hash) })
    }
  }
  for (const topic of ['#', '+/#', '+/+', 'dev/+/alert', '$SYS/#', '$flare/#', 'demo/#']) add({ topic, granted: p.kind === 'anonymous' && anonymousGrant(topic) })
  return [...cases.values()]
}

/** One SUBSCRIBE carrying every filter; the SUBACK's return codes in the same order. */
async function subscribeAll (client: MqttClient, filters: string[]): Promise<number[]> {
  return await new Promise((resolve, reject) => {
    client.subscribe(Object.fromEntries(filters.map((topic) => [topic, { qos: 1 as const }])), (err, _granted, packet) => {
      const codes = packet?.granted
      if (!Array.isArray(codes)) return reject(err ?? new Error('no SUBACK'))
      resolve(codes as number[])
    })
  })
}

/** Payloads of `probe` messages received until `end` arrives, by topic. */
function probesUntilEnd (client: MqttClient): Promise<Set<string>> {
  const seen = new Set<string>()
  return new Promise((resolve) => {
    const on = (topic: string, payload: Buffer): void => {
      if (payload.toString() === 'probe') seen.add(topic)
      if (payload.toString() !== 'end') return
      client.off('message', on)
      resolve(seen)
    }
    client.on('message', on)
  })
}

const everyone = await parties()

t.test('docs/architecture.md shows the table\'s topics with their QoS', async (t) => {
  const doc = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8')
  const rows = [...doc.matchAll(/^\| `([^`]+)` \| [^|]+ \| [^|]+ \| (\d)/gm)].map((m) => `${m[1].replace(/\{(\w+)Id\}/g, '{$1}')} ${m[2]}`)
  t.same(rows, TOPIC_TABLE.map((r) => `${r.topic} ${r.qos}`), 'the same topics in the same order, the same QoS')
})

t.test('SUBSCRIBE: every party gets exactly the table\'s grants, and receives only what they grant', async (t) => {
  const expected = new Map<string, Set<string>>()
  const probes = new Set<string>(['demo/door', '$SYS/door'])
  for (const p of everyone) {
    const cases = subscribeCases(p)
    const codes = await subscribeAll(p.client, cases.map((c) => c.topic))
    cases.forEach((c, i) => t.equal(codes[i], c.granted ? GRANTED : REFUSED, `${p.name} subscribes ${c.topic} → ${c.granted ? 'granted' : '0x80'}`))
    for (const rule of TOPIC_TABLE) for (const { topic } of instances(rule, p)) probes.add(topic)
    const granted = cases.filter((c) => c.granted).map((c) => c.topic)
    expected.set(p.name, new Set([...probes].filter((topic) => granted.some((g) => mqttMatches(g, topic)) && (p.kind !== 'anonymous' || anonymousGrant(topic)))))
  }
  const received = new Map(everyone.map((p) => [p.name, probesUntilEnd(p.client)]))
  for (const topic of probes) await f.app.broker.publish(topic, 'probe', { qos: 1 })
  for (const p of everyone) {
    const wanted = [...(expected.get(p.name) ?? [])]
    t.ok(wanted.length > 0, `${p.name} may receive something (else nothing would end its wait)`)
    await f.app.broker.publish(wanted[wanted.length - 1], 'end', { qos: 1 })
  }
  for (const p of everyone) {
    t.same([...await received.get(p.name)!].sort(), [...expected.get(p.name)!].sort(), `${p.name} received exactly the probes of its grants`)
  }
})

t.test('PUBLISH: the table\'s grants are processed, everything else is dropped and counted', async (t) => {
  const routed: string[] = []
  const aedes = f.app.broker.aedes as any
  let sawEnd: () => void = () => {}
  const ended = new Promise<void>((resolve) => { sawEnd = resolve })
  const spy = (packet: { payload: Buffer }, cb: () => void): void => {
    const text = packet.payload.toString()
    if (text.includes(' door ')) routed.push(text.slice(text.indexOf(' door ') + 1))
    if (text === 'spy end') sawEnd()
    cb()
  }
  await new Promise<void>((resolve) => aedes.subscribe('#', spy, resolve))
  t.teardown(() => new Promise<void>((resolve) => aedes.unsubscribe('#', spy, resolve)))

  const deadLetters = new Set<string>()
  const routes = new Set<string>()
  for (const p of everyone) {
    for (const c of publishCases(p)) {
      const label = { action: 'publish', kind: p.kind }
      const before = await metric(f, 'flare_mqtt_acl_denials_total', label)
      await publishAcked(p.client, c.topic, probePayload(p.name, c.topic))
      const denied = await metric(f, 'flare_mqtt_acl_denials_total', label) - before
      t.equal(denied, c.granted ? 0 : 1, `${p.name} publishes ${c.topic} → ${c.granted ? 'granted' : 'dropped and counted'}`)
      if (c.granted && c.rule?.payload !== null && c.rule !== undefined) deadLetters.add(`${p.id} ${c.topic}`)
      if (c.granted && (c.rule === undefined || c.rule.subscribe !== 'nobody')) routes.add(`door ${p.name} ${c.topic}`)
    }
    t.equal(p.client.connected, true, `${p.name} is still connected`)
  }
  await f.app.broker.publish('demo/spy', 'spy end', { qos: 1 })
  await ended
  t.same(routed.sort(), [...routes].sort(), 'only granted publishes outside the gateway\'s topics were routed on')
  const res = await f.api('GET', '/api/v1/dead-letters?limit=1000')
  t.equal(res.status, 200)
  const got = new Set<string>(res.body.items.map((d: any) => `${String(d.deviceId)} ${String(d.topic)}`))
  t.same([...got].sort(), [...deadLetters].sort(), 'the gateway decoded (and dead-lettered) exactly the granted uplinks')
})
