// The benchmark's outage phase: a node whose path to PostgreSQL goes through a proxy; devices press
// at a fixed rate, and the proxy is cut for the middle half of the phase. Measures press→PUBACK
// before, during and after the outage (during it the alerts go to the node's journal), how many
// records the journal took, and how long the replay took once PostgreSQL was back.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MqttClient } from 'mqtt'
import pg from 'pg'
import { startDbProxy } from '../db-proxy.js'
import { summarize as percentiles, type LatencySummary } from '../stats.js'
import { connectMany, recordOffers, type Principal } from './load.js'
import { cpuPerAlert, cpuSeconds, type CpuSeconds } from './cpu.js'
import { cpus } from 'node:os'
import { freePort, startFlareProcess } from './processes.js'

export interface OutagePhaseOptions {
  env: Record<string, string>
  databaseUrl: string
  devices: Principal[]
  rate: number
  seconds: number
  /** the next press of client i; its alert id must start with `alertIdPrefix` */
  next: (client: number, seq: number) => { topic: string, payload: string }
  alertIdPrefix: string
  /** press times by `${deviceId}:${triggeredAtMs}`, as `next` records them */
  pressAt: Map<string, number>
  /** connected to the node: the offers made during the outage (degraded dispatch) are timed */
  responders: Principal[]
  progress: (msg: string) => void
}

export interface OutagePhaseResult {
  rate: number
  seconds: number
  outageS: number
  pressToPubackMs: { before: LatencySummary, during: LatencySummary, after: LatencySummary }
  /** press→offer of the presses during the outage: offers from the node's roster, no PostgreSQL */
  pressToOfferDuringMs: LatencySummary
  /** presses sent during the outage that got no PUBACK by the end of the phase */
  unackedDuringOutage: number
  journalRecordsAtRestore: number
  replayedRecords: number
  replayMs: number | null
  /** replayed alerts per second of the replay (the load goes on meanwhile, into the journal) */
  replayAlertsPerSec: number | null
  /** CPU per replayed alert from PostgreSQL's return to the empty journal (the ongoing load's journaling included) */
  replayCpuPerAlert: Record<string, number | null> | null
  /** every alert of the phase that got its PUBACK is in PostgreSQL once the replay is done */
  ackedAlerts: number
  storedAlerts: number
  noAckedAlertMissing: boolean
}

async function scrape (base: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text()
  const out: Record<string, number> = {}
  for (const name of ['flare_journal_records', 'flare_journal_replayed_total', 'flare_degraded']) {
    out[name] = Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1] ?? NaN)
  }
  return out
}

export async function outagePhase (o: OutagePhaseOptions): Promise<OutagePhaseResult> {
  const target = new URL(o.databaseUrl)
  const proxy = await startDbProxy({ host: target.hostname, port: Number(target.port === '' ? 5432 : target.port) })
  const journalDir = mkdtempSync(join(tmpdir(), 'flare-bench-journal-'))
  const [httpPort, mqttPort] = [await freePort(), await freePort()]
  const node = await startFlareProcess({
    ...o.env,
    DATABASE_URL: proxy.through(o.databaseUrl),
    JOURNAL_FILE: join(journalDir, 'bench.journal'),
    NODE_ID: 'bench-outage',
    HTTP_PORT: String(httpPort),
    MQTT_PORT: String(mqttPort),
    HTTP_HOST: '127.0.0.1',
    MQTT_HOST: '127.0.0.1'
  })
  const base = `http://127.0.0.1:${httpPort}`
  let clients: MqttClient[] = []
  try {
    const offerAt = new Map<string, number>()
    const respClients = await connectMany(`mqtt://127.0.0.1:${mqttPort}`, o.responders)
    await recordOffers(respClients, o.responders, offerAt)
    clients = [...respClients, ...await connectMany(`mqtt://127.0.0.1:${mqttPort}`, o.devices)]
    const devClients = clients.slice(respClients.length)
    let cutWall = Infinity
    let restoreWall = Infinity
    const total = Math.round(o.rate * o.seconds)
    const cutAt = o.seconds * 1000 / 4
    const restoreAt = o.seconds * 1000 * 3 / 4
    const lat = { before: [] as number[], during: [] as number[], after: [] as number[] }
    const presses: Array<{ during: boolean, acked: boolean }> = []
    const pending: Array<Promise<void>> = []
    const start = performance.now()
    let cut = false
    let restored = false
    let journalAtRestore = 0
    let replayedBefore = 0
    let restoredAt = 0
    let cpuAtRestore: CpuSeconds | undefined
    for (let k = 0; k < total; k++) {
      const due = start + (k / o.rate) * 1000
      const wait = due - performance.now()
      if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
      const elapsed = performance.now() - start
      if (!cut && elapsed >= cutAt) {
        cut = true
        cutWall = Date.now()
        proxy.cut()
        o.progress('  outage: PostgreSQL cut')
      }
      if (!restored && elapsed >= restoreAt) {
        restored = true
        const m = await scrape(base)
        journalAtRestore = m.flare_journal_records
        replayedBefore = m.flare_journal_replayed_total
        restoredAt = performance.now()
        cpuAtRestore = cpuSeconds([node.proc.pid as number])
        restoreWall = Date.now()
        proxy.restore()
        o.progress(`  outage: PostgreSQL back, ${journalAtRestore} records in the journal`)
      }
      const window = !cut ? 'before' : !restored ? 'during' : 'after'
      const i = k % devClients.length
      const m = o.next(i, k)
      const t = performance.now()
      const press = { during: window === 'during', acked: false }
      presses.push(press)
      pending.push(devClients[i].publishAsync(m.topic, m.payload, { qos: 1 }).then(() => {
        press.acked = true
        lat[window].push(performance.now() - t)
      }, () => {}))
    }
    // A press still in flight 10 s after the last is one the node never answered.
    await Promise.race([Promise.all(pending), new Promise(resolve => setTimeout(resolve, 10_000))])
    const unacked = presses.filter(p => p.during && !p.acked).length
    let replayMs: number | null = null
    let cpuAtReplayed: CpuSeconds | undefined
    for (let i = 0; i < 600; i++) {
      const m = await scrape(base)
      if (m.flare_journal_records === 0 && m.flare_degraded === 0) {
        replayMs = Math.round(performance.now() - restoredAt)
        cpuAtReplayed = cpuSeconds([node.proc.pid as number])
        break
      }
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    const m = await scrape(base)
    const replayed = m.flare_journal_replayed_total - replayedBefore
    const acked = lat.before.length + lat.during.length + lat.after.length
    const pool = new pg.Pool({ connectionString: o.databaseUrl, max: 1 })
    const stored = (await pool.query<{ n: number }>('SELECT count(DISTINCT (device_id, alert_id))::int AS n FROM alerts WHERE alert_id LIKE $1', [`${o.alertIdPrefix}%`])).rows[0].n
    await pool.end()
    return {
      rate: o.rate,
      seconds: o.seconds,
      outageS: (restoreAt - cutAt) / 1000,
      pressToPubackMs: { before: percentiles(lat.before), during: percentiles(lat.during), after: percentiles(lat.after) },
      pressToOfferDuringMs: percentiles([...o.pressAt].filter(([k, at]) => at >= cutWall && at < restoreWall && offerAt.has(k)).map(([k, at]) => (offerAt.get(k) as number) - at)),
      unackedDuringOutage: unacked,
      journalRecordsAtRestore: journalAtRestore,
      replayedRecords: replayed,
      replayMs,
      replayAlertsPerSec: replayMs === null || replayMs === 0 ? null : Math.round(replayed / (replayMs / 1000)),
      replayCpuPerAlert: cpuAtRestore === undefined || cpuAtReplayed === undefined ? null : cpuPerAlert(cpuAtRestore, cpuAtReplayed, replayed, cpus().length),
      ackedAlerts: acked,
      storedAlerts: stored,
      noAckedAlertMissing: stored >= acked
    }
  } finally {
    await Promise.all(clients.map(c => c.endAsync(true).catch(() => {})))
    await node.stop()
    await proxy.close()
    rmSync(journalDir, { recursive: true, force: true })
  }
}
