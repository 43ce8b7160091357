// `firmware-sim run --protocol dc09`: alarm panels provisioned as alarm accounts, playing scenarios
// over SIA DC-09 (TCP and UDP, encrypted and clear) against an in-process Flare with its receiver
// on. The report's counts are held against what Flare stored (REST), and a reply lost on the way
// (a proxy between panel and receiver drops it) must end in one retransmission, ACKed, not doubled.
import t, { type Test } from 'tap'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Fleet } from '../../firmware-sim/fleet.js'
import { provisionFleet } from '../../firmware-sim/provision.js'
import { formatViolations } from '../../firmware-sim/report-table.js'
import { runScenario, type RunResult } from '../../firmware-sim/sim/engine.js'
import { cli } from '../helpers/cli.js'
import { ADMIN_KEY, startTestFlare, type TestFlare } from '../helpers/flare.js'

const AREA = { lat: -33.9249, lon: 18.4241, radiusM: 2000 }
const QUICK_RESPONDERS = { thinkMs: [20, 200] as [number, number], acceptProbability: 0.7, maxTravelMs: 600, locationEveryMs: 200, onSceneMs: 200 }

async function flareWithReceiver (t: Test): Promise<{ f: TestFlare, tcp: number, udp: number }> {
  const f = await startTestFlare(t, { DC09_PORT: '0' })
  const ports = f.app.ports.dc09
  if (ports === undefined) throw new Error('no DC-09 receiver')
  return { f, ...ports }
}

/** The panels' alerts as Flare lists them (GET /api/v1/alerts), without the periodic tests. */
async function storedAlarms (t: Test, f: TestFlare, fleet: Fleet): Promise<Array<{ deviceId: string, alertId: string, kind: string, incidentId: string | null }>> {
  const ids = new Set((fleet.panels ?? []).map(p => p.id))
  const res = await f.api('GET', '/api/v1/alerts?limit=1000')
  t.equal(res.status, 200)
  return res.body.items.filter((a: any) => ids.has(a.deviceId) && a.kind !== 'TEST')
}

function invariantsHold (t: Test, r: RunResult): void {
  const inv = r.invariants
  t.equal(inv?.ok, true, inv?.ok === true ? 'every invariant holds' : `violations:\n${formatViolations(inv?.violations ?? []).join('\n')}`)
  t.ok((inv?.checked.alerts ?? 0) > 0, `${inv?.checked.alerts ?? 0} alerts checked`)
}

/** Between panels and the receiver: passes everything, except the first `drop` replies, which it swallows. */
async function replyDroppingProxy (t: Test, port: number, drop: number): Promise<{ port: number, dropped: () => number }> {
  let dropped = 0
  const sockets = new Set<Socket>()
  const server: Server = createServer((panel) => {
    const receiver = connect(port, '127.0.0.1')
    sockets.add(panel).add(receiver)
    panel.on('error', () => {})
    receiver.on('error', () => {})
    panel.on('data', (chunk) => receiver.write(chunk))
    let pending = Buffer.alloc(0)
    receiver.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk])
      for (let end = pending.indexOf(0x0d); end >= 0; end = pending.indexOf(0x0d)) {
        const reply = pending.subarray(0, end + 1)
        pending = pending.subarray(end + 1)
        if (dropped < drop) dropped++
        else panel.write(reply)
      }
    })
    panel.once('close', () => receiver.destroy())
    receiver.once('close', () => panel.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => {
    for (const s of sockets) s.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return { port: (server.address() as AddressInfo).port, dropped: () => dropped }
}

t.test('usage errors for what panels cannot do, exit 2; --help documents --protocol dc09', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'fsim-dc09-opts-'))
  const base = { version: 1, createdAt: new Date().toISOString(), urls: { http: 'http://127.0.0.1:1', mqtt: 'mqtt://127.0.0.1:1', ws: 'ws://127.0.0.1:1/mqtt' }, area: AREA, zones: [], responders: [] }
  const panelsOnly = join(dir, 'panels.json')
  await writeFile(panelsOnly, JSON.stringify({ ...base, devices: [], panels: [{ id: 'p-1', account: 'ABC0001', key: null, lat: -33.92, lon: 18.42 }] }))
  const devicesOnly = join(dir, 'devices.json')
  await writeFile(devicesOnly, JSON.stringify({ ...base, devices: [{ id: 'd-1', secret: 's', kind: 'button', codec: 'protobuf', lat: -33.92, lon: 18.42 }] }))
  const badKey = join(dir, 'bad-key.json')
  await writeFile(badKey, JSON.stringify({ ...base, devices: [], panels: [{ id: 'p-1', account: 'ABC0001', key: 'secret', lat: -33.92, lon: 18.42 }] }))
  const dc09 = ['--protocol', 'dc09', '--dc09-address', '127.0.0.1:1', '--skip-check']
  const cases: Array<[string[], RegExp]> = [
    [['run', '--fleet', panelsOnly, '--protocol', 'smtp'], /--protocol must be mqtt or dc09 \(got "smtp"\)/],
    [['run', '--fleet', devicesOnly, ...dc09], /this fleet has none \(`firmware-sim provision --panels N`\)/],
    [['run', '--fleet', panelsOnly, '--skip-check'], /has alarm panels and no MQTT devices: run it with --protocol dc09/],
    [['run', '--fleet', panelsOnly, '--protocol', 'dc09', '--skip-check'], /needs the DC-09 receiver: --dc09-address HOST:PORT/],
    [['run', '--fleet', panelsOnly, ...dc09, '--scenario', 'flood'], /scenario flood is not one panels can play: .*a flood is MQTT's/],
    [['run', '--fleet', panelsOnly, ...dc09, '--scenario', 'garbage'], /scenario garbage is not one panels can play: .*garbage faults are malformed MQTT alert payloads/],
    [['run', '--fleet', panelsOnly, ...dc09, '--dc09-transport', 'sctp'], /--dc09-transport must be tcp or udp/],
    [['run', '--fleet', panelsOnly, ...dc09, '--heartbeat-kind', '601'], /--heartbeat-kind must be null or 602/],
    [['run', '--fleet', panelsOnly, ...dc09, '--heartbeat', 'often'], /--heartbeat must be a duration/],
    [['run', '--fleet', devicesOnly, '--dc09-transport', 'udp', '--skip-check'], /--dc09-transport goes with --protocol dc09/],
    [['run', '--fleet', panelsOnly, '--protocol', 'dc09', '--dc09-address', 'nowhere', '--skip-check'], /the DC-09 address .* must be HOST:PORT/],
    [['run', '--fleet', badKey, ...dc09], /panels\[0\]\.key must be null or 32, 48 or 64 hex digits/],
    [['provision', '--out', join(dir, 'x.json'), '--panels', '2', '--panel-encryption', 'aes-512'], /--panel-encryption must be one of aes-128, aes-192, aes-256, none/],
    [['provision', '--out', join(dir, 'x.json'), '--buttons', '2', '--panel-encryption', 'none'], /--panel-encryption goes with --panels N/]
  ]
  for (const [argv, message] of cases) {
    const r = await cli(...argv)
    t.equal(r.code, 2, argv.join(' '))
    t.match(r.stderr, message, argv.join(' '))
  }
  const help = (await cli('run', '--help')).stdout
  t.match(help, /--protocol mqtt\|dc09/)
  t.match(help, /--dc09-transport tcp\|udp/)
  t.match((await cli('provision', '--help')).stdout, /--panels N +alarm panels: DC-09 alarm accounts/)
})

t.test('encrypted panels over TCP play steady and bounce: every ACKed alarm stored once, in an incident, restored', async (t) => {
  const { f, tcp } = await flareWithReceiver(t)
  const fleet = await provisionFleet({ urls: { http: f.httpUrl, mqtt: f.mqttUrl, ws: f.wsUrl, dc09: `127.0.0.1:${tcp}` }, apiKey: ADMIN_KEY, buttons: 0, wearables: 0, phones: 0, panels: 4, responders: 3, area: AREA, seed: 7, idPrefix: 'dc09e2e' })
  t.equal(fleet.panels?.length, 4)
  t.ok(fleet.panels!.every(p => p.key !== null && p.key.length === 32), 'each panel has its own AES-128 key')
  const account = await f.api('GET', `/api/v1/alarm-accounts/${fleet.panels![0].id}`)
  t.match(account.body, { account: fleet.panels![0].account, encrypted: true }, 'provisioned as an encrypted alarm account')

  const steady = await runScenario({ fleet, protocol: 'dc09', scenario: 'steady', durationMs: 3000, rate: 5, seed: 11, apiKey: ADMIN_KEY, responders: QUICK_RESPONDERS, settleMs: 500, panels: { heartbeatMs: 700 } })
  invariantsHold(t, steady)
  const r = steady.report
  t.equal(r.protocol, 'dc09')
  t.match(r.fleet, { panels: 4, buttons: 0 })
  t.ok(r.alerts.pressed > 0, `${r.alerts.pressed} presses`)
  const d = r.dc09!
  t.match(d, { transport: 'tcp', panels: 4, encryptedPanels: 4, naks: 0, duh: 0, gaveUp: 0 })
  t.equal(d.acked.alarms, r.alerts.pressed, 'every alarm ACKed')
  t.equal(r.alerts.pubacked, r.alerts.pressed)
  t.equal(r.alerts.unanswered, 0)
  t.equal(d.acked.restores, d.acked.alarms, 'each alarm\'s restore ACKed too')
  t.ok(d.acked.heartbeats > 0, `${d.acked.heartbeats} link tests ACKed`)
  t.equal(d.sendToAckMs.count, d.acked.alarms + d.acked.restores + d.acked.heartbeats, 'send→ACK measured for every ACKed message')
  t.equal(r.latencyMs.pressToPuback.count, r.alerts.pressed, 'press→ACK measured for every alarm')

  const stored = await storedAlarms(t, f, fleet)
  const ofRun = new Set(steady.log.alerts.map(e => `${e.deviceId} ${e.alertId}`))
  t.equal(stored.length, r.alerts.pressed, 'Flare stored as many alarms as were ACKed')
  t.ok(stored.every(a => ofRun.has(`${a.deviceId} ${a.alertId}`)), 'and they are the run\'s (alert ids as the panels predicted them)')
  t.ok(stored.every(a => a.incidentId !== null), 'each in an incident')
  t.equal(r.incidents.opened, new Set(stored.map(a => a.incidentId)).size, 'the incidents the report counts are those the alarms belong to')
  const kinds = new Set(stored.map(a => a.kind))
  t.ok([...kinds].every(k => k === 'PANIC' || k === 'MEDICAL'), `Contact ID 120 and 100 became ${[...kinds].join(', ')}`)
  const incident = await f.api('GET', `/api/v1/incidents/${stored[0].incidentId!}`)
  t.ok(incident.body.timeline.some((e: any) => e.type === 'panel_restore'), 'the restore is noted on the incident')
  t.ok(r.offers.received > 0 && r.latencyMs.pressToOffer.count > 0, `${r.offers.received} offers; press→offer measured through the stored alerts' incidents`)

  const flap = await runScenario({ fleet, protocol: 'dc09', scenario: 'flap', durationMs: 3000, rate: 6, seed: 13, apiKey: ADMIN_KEY, responders: QUICK_RESPONDERS, settleMs: 500, firmware: { ackTimeoutMs: 1000 }, panels: { heartbeatMs: 0 } })
  invariantsHold(t, flap)
  t.ok(flap.report.connections.plannedDrops > 0, `${flap.report.connections.plannedDrops} planned drops`)
  t.equal(flap.report.dc09!.acked.alarms, flap.report.alerts.pressed, 'every alarm ACKed after its panel came back')
  t.equal((await storedAlarms(t, f, fleet)).length, r.alerts.pressed + flap.report.alerts.pressed, 'each stored once across both runs')

  const bounce = await runScenario({ fleet, protocol: 'dc09', scenario: 'bounce', durationMs: 3000, rate: 8, seed: 12, apiKey: ADMIN_KEY, responders: QUICK_RESPONDERS, settleMs: 500, panels: { heartbeatMs: 0 } })
  invariantsHold(t, bounce)
  t.ok(bounce.log.alerts.length > 0, 'panels play the bounce phase, whatever device kinds it names')
  t.ok(bounce.report.incidents.opened! < bounce.report.alerts.pressed, `${bounce.report.alerts.pressed} presses made ${bounce.report.incidents.opened ?? 0} incidents: bursts correlate`)
})

t.test('a lost reply: the panel sends the same message again, it is ACKed, and the alert is stored once', async (t) => {
  const { f, tcp } = await flareWithReceiver(t)
  const proxy = await replyDroppingProxy(t, tcp, 1)
  const fleet = await provisionFleet({ urls: { http: f.httpUrl, mqtt: f.mqttUrl, ws: f.wsUrl, dc09: `127.0.0.1:${proxy.port}` }, apiKey: ADMIN_KEY, buttons: 0, wearables: 0, phones: 0, panels: 1, responders: 1, area: AREA, seed: 8, idPrefix: 'dc09lost' })
  const one = { name: 'one-panic', phases: [{ type: 'steady' as const, kinds: ['PANIC' as const], startS: 0, durationS: 1, rate: 2 }] }
  const r = await runScenario({ fleet, protocol: 'dc09', scenario: one, durationMs: 1500, seed: 3, apiKey: ADMIN_KEY, firmware: { ackTimeoutMs: 3000 }, settleMs: 300, panels: { heartbeatMs: 0 } })
  invariantsHold(t, r)
  t.equal(proxy.dropped(), 1, 'the proxy swallowed one reply')
  const d = r.report.dc09!
  t.equal(d.retransmissions, 1, 'one retransmission')
  t.ok(d.acked.alarms === r.report.alerts.pressed && r.report.alerts.pressed > 0, 'every alarm ACKed in the end')
  t.equal(r.report.alerts.retries, 1, 'the first alarm went out twice')
  const first = r.log.alerts[0]
  t.equal(first.publishes, 2)
  const stored = await storedAlarms(t, f, fleet)
  t.equal(stored.length, r.report.alerts.pressed, 'not doubled')
  t.equal(stored.filter(a => a.alertId === first.alertId).length, 1, 'the retransmitted alarm once')
})

t.test('through the command line: clear panels over UDP with 602 periodic tests', async (t) => {
  const { f, udp } = await flareWithReceiver(t)
  const dir = await mkdtemp(join(tmpdir(), 'fsim-dc09-cli-'))
  const fleetPath = join(dir, 'fleet.json')
  const conn = ['--url', f.httpUrl, '--mqtt-url', f.mqttUrl, '--ws-url', f.wsUrl, '--api-key', ADMIN_KEY, '--dc09-address', `127.0.0.1:${udp}`]
  const p = await cli('provision', '--panels', '3', '--panel-encryption', 'none', '--responders', '2', '--out', fleetPath, '--seed', '4', ...conn)
  t.equal(p.code, 0, p.stderr)
  t.match(p.stderr, /3 alarm panels.*DC-09 127\.0\.0\.1:/)
  const fleet = JSON.parse(await readFile(fleetPath, 'utf8')) as Fleet
  t.ok(fleet.panels?.every(x => x.key === null), 'clear panels have no key')
  t.equal(fleet.urls.dc09, `127.0.0.1:${udp}`, 'the receiver\'s address is kept in the fleet file')

  const r = await cli('run', '--fleet', fleetPath, '--protocol', 'dc09', '--dc09-transport', 'udp', '--heartbeat', '500ms', '--heartbeat-kind', '602',
    '--scenario', 'fall', '--duration', '2s', '--rate', '4', '--seed', '5', '--json', '--quiet', '--think-ms', '10-50', '--drain', '5s', '--api-key', ADMIN_KEY, '--log', join(dir, 'run.json'))
  t.equal(r.code, 0, r.stderr)
  const report = JSON.parse(r.stdout)
  t.match(report, { protocol: 'dc09', scenario: 'fall', invariants: { ok: true }, dc09: { transport: 'udp', panels: 3, encryptedPanels: 0, duh: 0 } })
  t.ok(report.alerts.pressed > 0 && report.dc09.acked.alarms === report.alerts.pressed, 'every fall ACKed')
  t.ok(report.dc09.acked.heartbeats > 0, 'periodic tests ACKed')
  const stored = await storedAlarms(t, f, fleet)
  t.equal(stored.length, report.alerts.pressed)
  t.ok(stored.every(a => a.kind === 'MEDICAL'), 'a fall is reported as Contact ID 100, medical')
  const all = (await f.api('GET', '/api/v1/alerts?limit=1000')).body.items
  t.ok(all.some((a: any) => a.kind === 'TEST'), '602 periodic tests are stored as TEST alerts')
  t.match(r.stderr, /dc09 +UDP, 3 panels \(0 encrypted\)/, 'the table has the DC-09 section')
  t.match(r.stderr, /press → ACK/)

  const c = await cli('check', join(dir, 'run.json'), '--api-key', ADMIN_KEY)
  t.equal(c.code, 0, c.stderr)
  t.match(c.stdout, /invariants {2}OK/, 'check finds the panels\' alerts again from the log')
})
