import mqtt, { type MqttClient } from 'mqtt'

export interface Principal { id: string, secret: string }

/**
 * Connects many MQTT clients, a few at a time (a burst of thousands of CONNECTs is its own test);
 * with several URLs (cluster nodes), round-robin over them.
 */
export async function connectMany (url: string | string[], principals: Principal[], opts: { concurrency?: number, clean?: boolean, onProgress?: (n: number) => void } = {}): Promise<MqttClient[]> {
  const clients: MqttClient[] = new Array(principals.length)
  let next = 0
  let done = 0
  const worker = async (): Promise<void> => {
    while (next < principals.length) {
      const i = next++
      const p = principals[i]
      const target = Array.isArray(url) ? url[i % url.length] : url
      clients[i] = await mqtt.connectAsync(target, { clientId: p.id, username: p.id, password: p.secret, clean: opts.clean ?? true, reconnectPeriod: 0, keepalive: 300, connectTimeout: 30_000 })
      done++
      if (done % 500 === 0) opts.onProgress?.(done)
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency ?? 50 }, worker))
  return clients
}

/**
 * Subscribes each responder client to its dispatch topic and records when each offer first arrived,
 * by `${deviceId}:${triggeredAtMs}` (the key the bench's presses are recorded by). An offer may
 * arrive again (re-sent, or relayed): only the first arrival counts.
 */
export async function recordOffers (clients: MqttClient[], responders: Principal[], offerAt: Map<string, number>): Promise<void> {
  await Promise.all(clients.map(async (c, i) => {
    c.on('message', (_t, payload) => {
      const m = JSON.parse(payload.toString())
      if (m.offer === undefined) return
      const k = `${m.offer.deviceId as string}:${String(m.offer.triggeredAtMs)}`
      if (!offerAt.has(k)) offerAt.set(k, Date.now())
    })
    await c.subscribeAsync(`dispatch/${responders[i].id}`, { qos: 1 })
  }))
}

/**
 * Closed loop: each client keeps one QoS 1 publish in flight for `seconds`; returns completed
 * publishes per second and their PUBACK latencies (ms).
 */
export async function closedLoop (clients: MqttClient[], seconds: number, next: (client: number, seq: number) => { topic: string, payload: Buffer | string }): Promise<{ perSec: number, latencies: number[], sent: Array<{ client: number, seq: number, at: number, acked: boolean }> }> {
  const until = performance.now() + seconds * 1000
  const latencies: number[] = []
  const sent: Array<{ client: number, seq: number, at: number, acked: boolean }> = []
  const start = performance.now()
  await Promise.all(clients.map(async (c, i) => {
    for (let seq = 0; performance.now() < until; seq++) {
      const m = next(i, seq)
      const rec = { client: i, seq, at: Date.now(), acked: false }
      sent.push(rec)
      const t = performance.now()
      await c.publishAsync(m.topic, m.payload, { qos: 1 })
      rec.acked = true
      latencies.push(performance.now() - t)
    }
  }))
  return { perSec: latencies.length / ((performance.now() - start) / 1000), latencies, sent }
}

/**
 * Open loop: `rate` publishes per second spread over the clients for `seconds`, whatever the broker
 * does; returns the PUBACK latencies (ms) of the publishes that were acknowledged (lost ones are the difference).
 */
export async function openLoop (clients: MqttClient[], rate: number, seconds: number, next: (client: number, seq: number) => { topic: string, payload: Buffer | string }, onPress: (client: number, seq: number, at: number) => void): Promise<number[]> {
  const latencies: number[] = []
  const pending: Array<Promise<void>> = []
  const total = Math.round(rate * seconds)
  const start = performance.now()
  const seqs = new Array(clients.length).fill(0)
  for (let k = 0; k < total; k++) {
    const due = start + (k * 1000) / rate
    const wait = due - performance.now()
    if (wait > 1) await new Promise(resolve => setTimeout(resolve, wait))
    const i = k % clients.length
    const seq = seqs[i]++
    const m = next(i, seq)
    const t = performance.now()
    onPress(i, seq, Date.now())
    // A publish on a connection the broker closed may never settle: give up on it after a minute.
    pending.push(Promise.race([
      clients[i].publishAsync(m.topic, m.payload, { qos: 1 }).then(() => { latencies.push(performance.now() - t) }),
      new Promise<void>(resolve => setTimeout(resolve, 60_000).unref())
    ]).catch(() => {}))
  }
  await Promise.all(pending)
  return latencies
}
