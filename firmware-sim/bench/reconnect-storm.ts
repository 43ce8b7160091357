// The benchmark's reconnect storm: a node is lost and all its devices reconnect to another one at
// once. A fresh Flare node starts on the same database; the devices, each with its own secret, all
// CONNECT to it together, while one device that got in first keeps pressing. Measures the time
// until every device is connected and the pressing device's press→PUBACK meanwhile.
import mqtt, { type MqttClient } from 'mqtt'
import { summarize as percentiles, type LatencySummary } from '../stats.js'
import { connectMany, type Principal } from './load.js'
import { freePort, startFlareProcess } from './processes.js'

export interface ReconnectStormOptions {
  /** environment of the fresh node: the database, the admin key, production mode */
  env: Record<string, string>
  devices: Principal[]
  /** connected before the storm; presses every `pressEveryMs` while it lasts */
  presser: Principal
  /** CONNECTs in flight at once: devices that lost their node all retry at about the same moment */
  concurrency: number
  pressEveryMs?: number
  progress: (msg: string) => void
}

export interface ReconnectStormResult {
  devices: number
  concurrency: number
  allConnectedMs: number
  connectsPerSec: number
  pressesDuringStorm: number
  pressToPubackMs: LatencySummary
}

export async function reconnectStormPhase (o: ReconnectStormOptions): Promise<ReconnectStormResult> {
  const [httpPort, mqttPort] = [await freePort(), await freePort()]
  const node = await startFlareProcess({ ...o.env, NODE_ID: 'bench-fresh', HTTP_PORT: String(httpPort), MQTT_PORT: String(mqttPort), HTTP_HOST: '127.0.0.1', MQTT_HOST: '127.0.0.1' })
  const url = `mqtt://127.0.0.1:${mqttPort}`
  const clients: MqttClient[] = []
  try {
    const presser = await mqtt.connectAsync(url, { clientId: o.presser.id, username: o.presser.id, password: o.presser.secret, reconnectPeriod: 0 })
    clients.push(presser)
    const latencies: number[] = []
    // Set when the last device is in; the press loop reads it between presses.
    const storm = { on: true }
    const pressing = (async () => {
      for (let seq = 0; storm.on; seq++) {
        const now = Date.now()
        const t = performance.now()
        await presser.publishAsync(`dev/${o.presser.id}/alert`, JSON.stringify({ alertId: `storm-${seq}-${now}`, kind: 'PANIC', triggeredAtMs: now }), { qos: 1 })
        latencies.push(performance.now() - t)
        await new Promise(resolve => setTimeout(resolve, o.pressEveryMs ?? 100))
      }
    })()
    const start = performance.now()
    const connected = await connectMany(url, o.devices, {
      concurrency: o.concurrency,
      onProgress: (n) => { if (n % 2000 === 0) o.progress(`  ${n}/${o.devices.length} reconnected`) }
    })
    const allConnectedMs = performance.now() - start
    clients.push(...connected)
    storm.on = false
    await pressing
    return {
      devices: o.devices.length,
      concurrency: o.concurrency,
      allConnectedMs: Math.round(allConnectedMs),
      connectsPerSec: Math.round(o.devices.length / (allConnectedMs / 1000)),
      pressesDuringStorm: latencies.length,
      pressToPubackMs: percentiles(latencies)
    }
  } finally {
    await Promise.all(clients.map(c => c.endAsync(true).catch(() => {})))
    await node.stop()
  }
}
