/** Small helpers shared by the broker tests (not a test file: tap only runs *.test.ts). */
import { connect as netConnect } from 'node:net'
import type { MqttClient, IClientPublishOptions } from 'mqtt'
import type { TestFlare } from '../helpers/flare.js'
import type { Test } from 'tap'
import { Redis } from 'ioredis'

/**
 * Sum of the samples of a Prometheus metric whose labels include `labels`, read from GET /metrics.
 * A series that was never touched is absent from the exposition and counts as 0.
 */
export async function metric (f: TestFlare, name: string, labels: Record<string, string> = {}): Promise<number> {
  const res = await f.text('/metrics')
  if (res.status !== 200) throw new Error(`GET /metrics: ${res.status}`)
  const text = res.text
  let sum = 0
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (m === null || m[1] !== name) continue
    const have: Record<string, string> = {}
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) have[l[1]] = l[2]
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3])
  }
  return sum
}

/** Polls until `check` holds; the test's own timeout bounds the wait (no timing assertion). */
export async function eventually<T> (read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  for (;;) {
    const v = await read()
    if (check(v)) return v
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}

/**
 * The SUBACK return code for one SUBSCRIBE (0/1 granted QoS, 128 refused). subscribeAsync rejects on a refusal, and on a
 * refusal the callback's `granted` array still holds the requested QoS, so read the SUBACK packet itself.
 */
export async function subscribeGranted (client: MqttClient, topic: string, qos: 0 | 1 = 1): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    client.subscribe(topic, { qos }, (err, _granted, packet) => {
      const code = packet?.granted?.[0]
      if (typeof code !== 'number') return reject(err ?? new Error('no SUBACK'))
      resolve(code)
    })
  })
}

/**
 * A permitted device uplink that the gateway accepts quietly: an empty protobuf Telemetry (every field optional;
 * buttons and wearables default to the protobuf codec), so no ack or dead letter results.
 */
export async function sendTelemetry (client: MqttClient, deviceId: string): Promise<void> {
  await client.publishAsync(`dev/${deviceId}/telemetry`, Buffer.alloc(0), { qos: 1 })
}

/** QoS 1 publish resolved on PUBACK. */
export async function publishAcked (client: MqttClient, topic: string, payload: string | Buffer, opts: IClientPublishOptions = {}): Promise<void> {
  await client.publishAsync(topic, payload, { qos: 1, ...opts })
}

/** The next message on `topic`. Attach before the message can arrive. */
export function nextMessage (client: MqttClient, topic: string): Promise<string> {
  return new Promise((resolve) => {
    const on = (t: string, payload: Buffer): void => {
      if (t !== topic) return
      client.off('message', on)
      resolve(payload.toString())
    }
    client.on('message', on)
  })
}

/** Resolves when the client's connection closes (e.g. the broker dropped it). Attach before the cause. */
export function closed (client: MqttClient): Promise<void> {
  return new Promise((resolve) => { client.once('close', () => resolve()) })
}

function utf8 (s: string): Buffer {
  const b = Buffer.from(s, 'utf8')
  const len = Buffer.alloc(2)
  len.writeUInt16BE(b.length)
  return Buffer.concat([len, b])
}

/**
 * Writes a hand-made MQTT 3.1.1 CONNECT on a raw TCP socket and resolves with the CONNACK return code.
 * Used where mqtt.js refuses to send the packet (it will not send an empty client id with clean=false).
 */
export async function rawConnack (port: number, opts: { clientId: string, clean: boolean, username?: string, password?: string }): Promise<number> {
  let flags = opts.clean ? 0x02 : 0x00
  const payload = [utf8(opts.clientId)]
  if (opts.username !== undefined) { flags |= 0x80; payload.push(utf8(opts.username)) }
  if (opts.password !== undefined) { flags |= 0x40; payload.push(utf8(opts.password)) }
  const variable = Buffer.concat([utf8('MQTT'), Buffer.from([0x04, flags, 0x00, 0x1e])])
  const body = Buffer.concat([variable, ...payload])
  if (body.length > 127) throw new Error('rawConnack: keep it short (single-byte remaining length)')
  const packet = Buffer.concat([Buffer.from([0x10, body.length]), body])
  return await new Promise<number>((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1', () => socket.write(packet))
    let buf = Buffer.alloc(0)
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d])
      if (buf.length < 4) return
      socket.destroy()
      if (buf[0] !== 0x20 || buf[1] !== 0x02) return reject(new Error(`not a CONNACK: ${buf.toString('hex')}`))
      resolve(buf[3])
    })
    socket.on('error', reject)
    socket.on('close', () => reject(new Error('closed before CONNACK')))
  })
}

/**
 * Every channel published on in Redis from now on (a pattern subscription sees each one
 * mqemitter-redis uses), in order; the watcher is closed when the test ends.
 */
export async function watchRedisChannels (t: Test, redisUrl: string): Promise<string[]> {
  const watcher = new Redis(redisUrl)
  t.teardown(() => { watcher.disconnect() })
  const channels: string[] = []
  watcher.on('pmessage', (_pattern: string, channel: string) => { channels.push(channel) })
  await watcher.psubscribe('*')
  return channels
}
