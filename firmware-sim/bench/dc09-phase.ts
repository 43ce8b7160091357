// The benchmark's DC-09 phase: alarm panels over TCP, each with one message in flight (a closed
// loop, like the MQTT sustained phase): a Contact ID panic (120) that opens its own incident and
// an offer under the bench rule. Measures alerts/s and send→ACK, the ACK meaning the alert is
// committed, as a PUBACK does. The panels are the simulator's (sim/dc09-panel.ts), in clear text.
import { contactId } from '../sim/dc09-messages.js'
import { Dc09PanelClient } from '../sim/dc09-panel.js'
import { summarize as percentiles, type LatencySummary } from '../stats.js'
import { freePort, startFlareProcess } from './processes.js'

export interface Dc09PhaseOptions {
  env: Record<string, string>
  key: string
  panels: number
  seconds: number
  progress: (msg: string) => void
}

export interface Dc09PhaseResult {
  panels: number
  alertsPerSecSustained: number
  sendToAckMs: LatencySummary
  acked: number
  /** replies other than ACK (NAK, DUH), or none by 10 s after the end: none expected */
  notAcked: number
  /** messages sent again for want of a reply within 10 s */
  retransmissions: number
}

export async function dc09Phase (o: Dc09PhaseOptions): Promise<Dc09PhaseResult> {
  const [httpPort, mqttPort, dc09Port] = [await freePort(), await freePort(), await freePort()]
  const node = await startFlareProcess({ ...o.env, NODE_ID: 'bench-dc09', HTTP_PORT: String(httpPort), MQTT_PORT: String(mqttPort), DC09_PORT: String(dc09Port), DC09_MAX_CONNECTIONS_PER_ADDRESS: String(o.panels + 10), HTTP_HOST: '127.0.0.1', MQTT_HOST: '127.0.0.1', DC09_HOST: '127.0.0.1' })
  const panels: Dc09PanelClient[] = []
  try {
    const base = `http://127.0.0.1:${httpPort}`
    const accounts: string[] = []
    for (let i = 0; i < o.panels; i++) {
      const account = (0x10000 + i).toString(16).toUpperCase()
      const res = await fetch(`${base}/api/v1/alarm-accounts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ account, name: `Bench panel ${i}`, lat: -33.92 + (i % 50) * 0.001, lon: 18.42, supervisionS: 0 })
      })
      if (res.status !== 201) throw new Error(`POST /alarm-accounts: ${res.status} ${await res.text()}`)
      accounts.push(account)
    }
    let failure: Error | undefined
    for (const account of accounts) {
      const panel = new Dc09PanelClient({ account }, { host: '127.0.0.1', port: dc09Port, transport: 'tcp' }, { replyTimeoutMs: 10_000, on: { connectFailure: (err) => { failure ??= err } } })
      panels.push(panel)
    }
    await Promise.all(panels.map(async p => { await p.start() }))
    if (failure !== undefined || panels.some(p => !p.isOnline)) throw new Error(`a bench panel could not connect: ${failure?.message ?? 'no link'}`)
    o.progress(`  ${o.panels} panels connected; ${o.seconds} s closed loop`)
    const latencies: number[] = []
    let notAcked = 0
    let retransmissions = 0
    const started = Date.now()
    const deadline = started + o.seconds * 1000
    // A message still unanswered 10 s after the end (its panel retransmitting, or reconnecting to a
    // receiver that keeps closing it) is not waited for longer: it counts as not acked.
    const cutoff = setTimeout(() => { for (const p of panels) p.stop() }, o.seconds * 1000 + 10_000)
    let elapsedS = 0
    try {
      await Promise.all(panels.map(async (panel, i) => {
        for (let n = 1; Date.now() < deadline; n++) {
          const out = await panel.send(contactId(accounts[i], '120', { zone: n % 1000 }))
          retransmissions += Math.max(0, out.transmissions - 1)
          if (out.result === 'ack') latencies.push(out.repliedAtMs! - out.firstSentAtMs!)
          else if (out.result !== 'stopped' || out.transmissions > 0) notAcked++
          if (out.result === 'stopped') return
        }
      }))
      elapsedS = (Date.now() - started) / 1000
    } finally {
      clearTimeout(cutoff)
    }
    return { panels: o.panels, alertsPerSecSustained: Math.round(latencies.length / elapsedS), sendToAckMs: percentiles(latencies), acked: latencies.length, notAcked, retransmissions }
  } finally {
    for (const p of panels) p.stop()
    await node.stop()
  }
}
