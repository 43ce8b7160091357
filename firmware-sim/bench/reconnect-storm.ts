// The benchmark's reconnect storm: a node is lost and all its devices reconnect to another one at
// once. A fresh Flare node starts on the same database; the devices, each with its own secret, all
// CONNECT to it together, while one device that got in first keeps pressing. Measures the time
// until every device is connected and the pressing device's press→PUBACK meanwhile.
import type { MqttClient } from 'mqtt'
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { monitorEventLoopDelay } from 'node:perf_hooks'
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
  /** the three slowest presses: which press of the storm (0 the first), and its press→PUBACK */
  slowestPresses: Array<{ seq: number, ms: number }>
  /** where a slow press's time went: each process's event-loop delay during the storm (max, p99 in ms) */
  eventLoopDelayMs: { flare: { max: number, p99: number }, loadGenerator: { max: number, p99: number } }
  /** Flare's own time per stage for the storm's presses (the only alerts then): mean and how many over 50 ms */
  flareStages: Record<string, { meanMs: number, over50ms: number }>
}

/** Flare's event-loop delay since the last scrape (prom-client resets it per scrape) and its stage histograms. */
async function scrape (base: string): Promise<{ lagMax: number, lagP99: number, stages: Record<string, { sum: number, count: number, le50: number }> }> {
  const text = await (await fetch(`${base}/metrics`)).text()
  // A labelled series appears only once observed: absent is zero.
  const num = (re: RegExp): number => Number(re.exec(text)?.[1] ?? 0)
  const stages: Record<string, { sum: number, count: number, le50: number }> = {}
  for (const stage of ['decode', 'classify', 'persist', 'dispatch']) {
    stages[stage] = {
      sum: num(new RegExp(`^flare_pipeline_stage_seconds_sum\\{[^}]*stage="${stage}"[^}]*\\} (\\S+)`, 'm')),
      count: num(new RegExp(`^flare_pipeline_stage_seconds_count\\{[^}]*stage="${stage}"[^}]*\\} (\\S+)`, 'm')),
      le50: num(new RegExp(`^flare_pipeline_stage_seconds_bucket\\{[^}]*le="0.05"[^}]*stage="${stage}"[^}]*\\} (\\S+)`, 'm'))
    }
  }
  return { lagMax: num(/^nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? (\S+)/m), lagP99: num(/^nodejs_eventloop_lag_p99_seconds(?:\{[^}]*\})? (\S+)/m), stages }
}

export async function reconnectStormPhase (o: ReconnectStormOptions): Promise<ReconnectStormResult> {
  const [httpPort, mqttPort] = [await freePort(), await freePort()]
  const node = await startFlareProcess({ ...o.env, NODE_ID: 'bench-fresh', HTTP_PORT: String(httpPort), MQTT_PORT: String(mqttPort), HTTP_HOST: '127.0.0.1', MQTT_HOST: '127.0.0.1' })
  const url = `mqtt://127.0.0.1:${mqttPort}`
  const clients: MqttClient[] = []
  const presser = fork(fileURLToPath(new URL('./presser.js', import.meta.url)),
    [JSON.stringify({ url, id: o.presser.id, secret: o.presser.secret, everyMs: o.pressEveryMs ?? 100 })], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  const pressed = new Promise<number[]>((resolve, reject) => {
    presser.on('message', (m: unknown) => { if (typeof m === 'object' && m !== null && 'latencies' in m) resolve((m as { latencies: number[] }).latencies) })
    presser.once('exit', (code) => reject(new Error(`the pressing device's process exited with ${String(code)}`)))
  })
  pressed.catch(() => {})
  try {
    await new Promise<void>((resolve, reject) => {
      presser.once('message', (m) => { if (m === 'ready') resolve() })
      presser.once('exit', (code) => reject(new Error(`the pressing device's process exited with ${String(code)}`)))
    })
    const base = `http://127.0.0.1:${httpPort}`
    const before = await scrape(base)
    const loopDelay = monitorEventLoopDelay({ resolution: 10 })
    loopDelay.enable()
    const start = performance.now()
    const connected = await connectMany(url, o.devices, {
      concurrency: o.concurrency,
      onProgress: (n) => { if (n % 2000 === 0) o.progress(`  ${n}/${o.devices.length} reconnected`) }
    })
    const allConnectedMs = performance.now() - start
    loopDelay.disable()
    const after = await scrape(base)
    clients.push(...connected)
    presser.send('stop')
    const latencies = await pressed
    return {
      devices: o.devices.length,
      concurrency: o.concurrency,
      allConnectedMs: Math.round(allConnectedMs),
      connectsPerSec: Math.round(o.devices.length / (allConnectedMs / 1000)),
      pressesDuringStorm: latencies.length,
      pressToPubackMs: percentiles(latencies),
      slowestPresses: latencies.map((ms, seq) => ({ seq, ms: Math.round(ms) })).sort((a, b) => b.ms - a.ms).slice(0, 3),
      eventLoopDelayMs: {
        flare: { max: Math.round(after.lagMax * 1e4) / 10, p99: Math.round(after.lagP99 * 1e4) / 10 },
        loadGenerator: { max: Math.round(loopDelay.max / 1e5) / 10, p99: Math.round(loopDelay.percentile(99) / 1e5) / 10 }
      },
      flareStages: Object.fromEntries(Object.entries(after.stages).map(([stage, a]) => {
        const b = before.stages[stage]
        const n = a.count - b.count
        return [stage, { meanMs: n > 0 ? Math.round((a.sum - b.sum) / n * 1e4) / 10 : 0, over50ms: n - (a.le50 - b.le50) }]
      }))
    }
  } finally {
    if (presser.exitCode === null) presser.kill()
    await Promise.all(clients.map(c => c.endAsync(true).catch(() => {})))
    await node.stop()
  }
}
