// The benchmark's DC-09 phase: alarm panels over TCP, each with one message in flight (a closed
// loop, like the MQTT sustained phase): a Contact ID panic (120) that opens its own incident and
// an offer under the bench rule. Measures alerts/s and send→ACK, the ACK meaning the alert is
// committed, as a PUBACK does.
import { connect, type Socket } from 'node:net'
import { frame, timestamp } from '../../gateway/dc09/frame.js'
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
  /** replies other than ACK (NAK, DUH): none expected */
  notAcked: number
}

/** One panel's TCP connection: one message out, its reply (LF … CR) back. */
function panelLink (socket: Socket): (message: Buffer) => Promise<string> {
  let buffer = ''
  let waiting: ((reply: string) => void) | undefined
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1')
    const end = buffer.indexOf('\r')
    if (end >= 0 && waiting !== undefined) {
      const reply = buffer.slice(0, end + 1)
      buffer = buffer.slice(end + 1)
      const w = waiting
      waiting = undefined
      w(reply)
    }
  })
  let closed = false
  socket.once('close', () => { closed = true; waiting?.('closed') })
  // A reply that does not come (a closed connection, a message not stored) counts as not acked.
  return async (message) => closed
    ? 'closed'
    : await new Promise<string>((resolve) => {
      const timer = setTimeout(() => { waiting = undefined; resolve('timeout') }, 10_000)
      waiting = (reply) => { clearTimeout(timer); resolve(reply) }
      socket.write(message)
    })
}

export async function dc09Phase (o: Dc09PhaseOptions): Promise<Dc09PhaseResult> {
  const [httpPort, mqttPort, dc09Port] = [await freePort(), await freePort(), await freePort()]
  const node = await startFlareProcess({ ...o.env, NODE_ID: 'bench-dc09', HTTP_PORT: String(httpPort), MQTT_PORT: String(mqttPort), DC09_PORT: String(dc09Port), DC09_MAX_CONNECTIONS_PER_ADDRESS: String(o.panels + 10), HTTP_HOST: '127.0.0.1', MQTT_HOST: '127.0.0.1', DC09_HOST: '127.0.0.1' })
  const sockets: Socket[] = []
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
    const links = await Promise.all(accounts.map(async () => {
      const s = connect(dc09Port, '127.0.0.1')
      sockets.push(s)
      await new Promise<void>((resolve, reject) => { s.once('connect', resolve); s.once('error', reject) })
      return panelLink(s)
    }))
    o.progress(`  ${o.panels} panels connected; ${o.seconds} s closed loop`)
    const latencies: number[] = []
    let notAcked = 0
    const started = Date.now()
    const deadline = started + o.seconds * 1000
    await Promise.all(links.map(async (send, i) => {
      for (let seq = 1; Date.now() < deadline; seq++) {
        const body = `"ADM-CID"${String(((seq - 1) % 9999) + 1).padStart(4, '0')}L0#${accounts[i]}[#${accounts[i]}|1120 01 ${String(seq % 1000).padStart(3, '0')}]${timestamp(new Date())}`
        const t0 = performance.now()
        const reply = await send(frame(body))
        if (reply.includes('"ACK"')) latencies.push(performance.now() - t0)
        else if (reply === 'closed') { notAcked++; return } else notAcked++
      }
    }))
    const elapsedS = (Date.now() - started) / 1000
    return { panels: o.panels, alertsPerSecSustained: Math.round(latencies.length / elapsedS), sendToAckMs: percentiles(latencies), acked: latencies.length, notAcked }
  } finally {
    for (const s of sockets) s.destroy()
    await node.stop()
  }
}
