/** Responders as test clients: connected, subscribed to their dispatch topic, replying (not a test file). */
import { randomUUID } from 'node:crypto'
import type { Test } from 'tap'
import type { IClientOptions, MqttClient } from 'mqtt'
import type { TestFlare } from '../../helpers/flare.js'
import { collect, subscribe } from '../../helpers/mqtt.js'

export const HERE = { lat: -33.9249, lon: 18.4241 }

export interface TestResponder { id: string, client: MqttClient, inbox: ReturnType<typeof collect> }

/**
 * A responder `dLat` degrees north of HERE, connected (to `on`, by default the node that registered
 * it) and subscribed to dispatch/{id}.
 */
export async function responderAt (f: TestFlare, t: Test, name: string, dLat: number, roles = ['security'], opts: { on?: TestFlare, connect?: IClientOptions } = {}): Promise<TestResponder> {
  const r = await f.responder({ name, roles, lat: HERE.lat + dLat, lon: HERE.lon })
  const client = await (opts.on ?? f).connect({ clientId: r.id, username: r.id, password: r.secret, ...opts.connect })
  const inbox = collect(client, `dispatch/${r.id}`)
  t.equal(await subscribe(client, `dispatch/${r.id}`), 1)
  return { id: r.id, client, inbox }
}

export async function reply (r: { id: string, client: MqttClient }, body: Record<string, unknown>): Promise<void> {
  await r.client.publishAsync(`resp/${r.id}/reply`, JSON.stringify({ replyId: randomUUID(), ...body }), { qos: 1 })
}

/** The next DispatchMessage in the inbox that has `key` (offer, withdrawn, result), skipping others. */
export async function nextOf (inbox: ReturnType<typeof collect>, key: string, timeoutMs?: number): Promise<any> {
  for (;;) {
    const m = JSON.parse((await inbox.next(timeoutMs)).toString())
    if (m[key] !== undefined) return m[key]
  }
}
