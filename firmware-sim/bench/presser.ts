// The reconnect storm's pressing device, in a process of its own (forked by reconnect-storm.ts): in
// the load generator's process its PUBACKs would wait behind the storm's 10,000 clients on that
// process's event loop, and the figure would be the load generator's, not Flare's. Argument: JSON
// {url, id, secret, everyMs}. Sends 'ready' once connected; on 'stop' sends its press→PUBACK
// latencies (ms) and exits.
import mqtt from 'mqtt'

const o = JSON.parse(process.argv[2]) as { url: string, id: string, secret: string, everyMs: number }
const send = (m: unknown): void => { process.send?.(m) }
const client = await mqtt.connectAsync(o.url, { clientId: o.id, username: o.id, password: o.secret, reconnectPeriod: 0 })
const latencies: number[] = []
const state = { on: true }
process.on('message', (m) => { if (m === 'stop') state.on = false })
send('ready')
for (let seq = 0; state.on; seq++) {
  const now = Date.now()
  const t = performance.now()
  await client.publishAsync(`dev/${o.id}/alert`, JSON.stringify({ alertId: `storm-${seq}-${now}`, kind: 'PANIC', triggeredAtMs: now }), { qos: 1 })
  latencies.push(performance.now() - t)
  await new Promise(resolve => setTimeout(resolve, o.everyMs))
}
await client.endAsync()
send({ latencies })
process.disconnect()
