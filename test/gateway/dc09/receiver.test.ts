import t from 'tap'
import { connect } from 'node:net'
import { decryptRest } from '../../../gateway/dc09/cipher.js'
import { frame, parseFrame } from '../../../gateway/dc09/frame.js'
import { panelMessage, TcpPanel, udpSend } from '../../helpers/dc09.js'
import { startTestFlare, type TestFlare } from '../../helpers/flare.js'
import { until } from '../../helpers/wait.js'
import { keyWithRole } from '../api/keys.js'

const KEY_HEX = '000102030405060708090A0B0C0D0E0F'
const KEY = Buffer.from(KEY_HEX, 'hex')

async function flareWithPanel (t: any, env: Record<string, string> = {}, account: Record<string, unknown> = {}): Promise<{ f: TestFlare, id: string, tcp: number, udp: number }> {
  const f = await startTestFlare(t, { DC09_PORT: '0', ...env })
  t.equal((await f.api('POST', '/api/v1/persons', { id: 'shop', name: 'Corner Shop' })).status, 201)
  const res = await f.api('POST', '/api/v1/alarm-accounts', { account: '12AB', name: 'Corner shop panel', personId: 'shop', lat: -33.92, lon: 18.42, address: '1 Long Street', ...account })
  t.equal(res.status, 201, JSON.stringify(res.body))
  const ports = f.app.ports.dc09
  if (ports === undefined) throw new Error('no DC-09 receiver')
  return { f, id: res.body.id, tcp: ports.tcp, udp: ports.udp }
}

const alertsOf = async (f: TestFlare, id: string): Promise<any[]> =>
  (await f.app.db.pool.query('SELECT a.kind, a.alert_id, a.incident_id, a.lat, a.lon, i.category FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id WHERE a.device_id = $1 ORDER BY a.id', [id])).rows

t.test('a Contact ID burglary over TCP: ACKed after it is stored, an incident with an offer, a retransmission ACKed again and not doubled', async (t) => {
  const { f, id, tcp } = await flareWithPanel(t)
  const responder = await f.responder({ name: 'Guard', roles: ['security'], lat: -33.921, lon: 18.421 })
  const guard = await f.connect({ clientId: responder.id, username: responder.id, password: responder.secret })
  const offers: any[] = []
  guard.on('message', (_topic, payload) => offers.push(JSON.parse(payload.toString())))
  await guard.subscribeAsync(`dispatch/${responder.id}`, { qos: 1 })

  const panel = await TcpPanel.open(tcp)
  t.teardown(() => panel.end())
  const message = panelMessage({ id: 'ADM-CID', seq: 7, account: '12AB', data: '#12AB|1130 01 015' })
  const reply = await panel.send(message)
  t.equal(reply, frame('"ACK"0007L0#12AB[]').toString('latin1'), 'ACK echoing sequence, line and account')
  const stored = await alertsOf(f, id)
  t.equal(stored.length, 1, 'stored before the ACK')
  t.match(stored[0], { kind: 'BURGLARY', category: 'security', lat: -33.92, lon: 18.42 })
  t.not(stored[0].incident_id, null)
  await until(async () => offers.length, (n) => n > 0)
  t.ok(offers.length > 0, 'the guard got an offer')

  t.equal(await panel.send(message), reply, 'the retransmission is ACKed again')
  t.equal((await alertsOf(f, id)).length, 1, 'and not doubled')

  const restore = await panel.send(panelMessage({ id: 'ADM-CID', seq: 8, account: '12AB', data: '#12AB|3130 01 015' }))
  t.match(restore, /"ACK"0008L0#12AB\[\]/)
  const { rows: notes } = await f.app.db.pool.query("SELECT reason FROM incident_events WHERE incident_id = $1 AND type = 'panel_restore'", [stored[0].incident_id])
  t.match(notes, [{ reason: /cid:130 restored \(zone 015\)/ }], 'the restore is noted on the incident')
  t.equal((await alertsOf(f, id)).length, 1, 'a restore is no alert')

  t.match(await panel.send(panelMessage({ id: 'NULL', seq: 9, account: '12AB', data: '' })), /"ACK"0009L0#12AB\[\]/, 'link test ACKed')
  const seen = await until(async () => (await f.app.db.pool.query('SELECT last_seen_at FROM devices WHERE id = $1', [id])).rows[0].last_seen_at, (at) => at !== null)
  t.not(seen, null, 'a sign of life, written within a second')
})

t.test('encrypted SIA over UDP: the ACK is encrypted with the account\'s key; clear messages and wrong keys get DUH', async (t) => {
  const { f, id, udp } = await flareWithPanel(t, {}, { key: KEY_HEX, receiver: '1A', line: '2' })
  const reply = await udpSend(udp, panelMessage({ id: 'SIA-DCS', seq: 21, account: '12AB', receiver: '1A', line: '2', data: '#12AB|Nri1/PA501', ext: ['X18.5', 'Y-33.95'], key: KEY }))
  const ack = parseFrame(Buffer.from(reply, 'latin1'))
  t.match(ack, { id: 'ACK', encrypted: true, seq: '0021', receiver: '1A', line: '2', account: '12AB' })
  t.match(decryptRest(ack.rest, KEY), /^\]_\d{2}:\d{2}:\d{2},\d{2}-\d{2}-\d{4}$/, 'the ACK carries the receiver\'s time, encrypted')
  t.match(await alertsOf(f, id), [{ kind: 'PANIC', lat: -33.95, lon: 18.5 }], 'the position from the extended data')

  const clear = await udpSend(udp, panelMessage({ id: 'SIA-DCS', seq: 22, account: '12AB', receiver: '1A', line: '2', data: '#12AB|Nri1/PA501' }))
  t.equal(clear, frame('"DUH"0022R1AL2#12AB[]').toString('latin1'), 'a clear message for a keyed account')
  const wrong = await udpSend(udp, panelMessage({ id: 'SIA-DCS', seq: 23, account: '12AB', receiver: '1A', line: '2', data: '#12AB|Nri1/PA501', key: Buffer.alloc(16, 1) }))
  t.match(wrong, /"DUH"0023R1AL2#12AB\[\]/, 'a wrong key')
  t.equal((await alertsOf(f, id)).length, 1, 'nothing stored from either')
  // Kept after the reply is sent: waited for, in whichever order they were written.
  const codes = await until(async () => (await f.app.db.pool.query('SELECT reason_code FROM dead_letters WHERE device_id = $1', [id])).rows.map(r => r.reason_code).sort(), (c) => c.length >= 2)
  t.same(codes, ['dc09_encryption_required', 'dc09_wrong_key'], 'both kept for forensics')
})

t.test('bad input: each answered or closed, kept, counted; the receiver goes on', async (t) => {
  const { f, id, tcp } = await flareWithPanel(t, { DC09_MAX_CONNECTIONS_PER_ADDRESS: '3' })
  const panel = await TcpPanel.open(tcp)
  t.teardown(() => panel.end())

  const old = new Date(Date.now() - 120_000)
  const nak = await panel.send(panelMessage({ id: 'ADM-CID', seq: 1, account: '12AB', data: '#12AB|1120 01 001', at: old }))
  t.match(nak, /"NAK"0000R0L0A0\[\]_\d{2}:\d{2}:\d{2},\d{2}-\d{2}-\d{4}\r$/, 'a clock two minutes behind: NAK with the receiver\'s time')

  const good = panelMessage({ id: 'ADM-CID', seq: 2, account: '12AB', data: '#12AB|1120 01 001' }).toString('latin1')
  t.match(await panel.send(good.replace(/^\n..../, '\nFFFF')), /"NAK"/, 'a wrong CRC: NAK, the panel sends again')
  t.match(await panel.send(good.replace(/^(\n....)0(...)/, '$10FFF')), /"NAK"/, 'a wrong length: NAK')
  t.equal(await panel.send(panelMessage({ id: 'ADM-CID', seq: 3, account: 'FFFF', data: '#FFFF|1120 01 001' })), frame('"DUH"0003L0#FFFF[]').toString('latin1'), 'an unknown account: DUH')
  t.match(await panel.send(panelMessage({ id: 'ADM-CID', seq: 4, account: '12AB', data: '#12AB|garbage' })), /"DUH"0004L0#12AB\[\]/, 'content that is not Contact ID: DUH')
  t.match(await panel.send(panelMessage({ id: 'XYZ-ABC', seq: 5, account: '12AB', data: '' })), /"DUH"0005/, 'an unknown message type: DUH')
  t.match(await panel.send(Buffer.from('hello there\n0000001"X"\r', 'latin1')), /"DUH"0000R0L0A0\[\]/, 'garbage: DUH')
  t.match(await panel.send(good), /"ACK"0002L0#12AB\[\]/, 'and a good message after all that is ACKed')
  t.equal((await alertsOf(f, id)).length, 1)

  // A frame begun and never ended: closed (slow-loris), as is a connection over the per-address limit.
  const slow = await TcpPanel.open(tcp)
  slow.socket.write('\n1234')
  await slow.closed
  t.pass('an unfinished frame closes its connection')
  const extra = [await TcpPanel.open(tcp), await TcpPanel.open(tcp)]
  const refused = connect(tcp, '127.0.0.1')
  await new Promise<void>((resolve) => { refused.on('error', () => {}); refused.once('close', () => resolve()) })
  t.pass('a fourth connection from one address is closed')
  for (const e of extra) e.end()

  const metrics = await (await fetch(f.httpUrl + '/metrics')).text()
  for (const [result, reason] of [['nak', 'time_window'], ['nak', 'bad_crc'], ['nak', 'bad_length'], ['duh', 'unknown_account'], ['duh', 'bad_content'], ['duh', 'bad_header'], ['ack', 'ok']]) {
    t.match(metrics, new RegExp(`flare_dc09_messages_total\\{transport="tcp",result="${result}",reason="${reason}"[^}]*\\} [1-9]`), `counted: ${result} ${reason}`)
  }
  t.match(metrics, /flare_dc09_connections_closed_total\{reason="frame_timeout"[^}]*\} 1/)
  t.match(metrics, /flare_dc09_connections_closed_total\{reason="per_address_limit"[^}]*\} 1/)
  const kept = await until(async () => (await f.app.db.pool.query("SELECT count(*)::int AS n FROM dead_letters WHERE topic = 'dc09/tcp'")).rows[0].n, (n) => n >= 7)
  t.ok(kept >= 7, 'each bad message kept as a dead letter')
})

t.test('an account silent past its supervision period raises DEVICE_OFFLINE; a revoked account gets DUH', async (t) => {
  const { f, id, tcp } = await flareWithPanel(t, { DC09_IDLE_TIMEOUT_S: '5' }, { supervisionS: 1 })
  const panel = await TcpPanel.open(tcp)
  t.match(await panel.send(panelMessage({ id: 'ADM-CID', seq: 1, account: '12AB', data: '#12AB|1602 00 000' })), /"ACK"/, 'a periodic test')
  t.match(await alertsOf(f, id), [{ kind: 'TEST', incident_id: null }], 'stored, no incident')
  const offline = await until(async () => (await alertsOf(f, id)).filter(a => a.kind === 'DEVICE_OFFLINE'), (a) => a.length > 0, 30_000)
  t.equal(offline.length, 1, 'the silence raised DEVICE_OFFLINE')
  await panel.closed
  t.pass('the idle connection was closed')

  t.equal((await f.api('DELETE', `/api/v1/alarm-accounts/${id}`)).status, 204)
  t.match(await udpSend(f.app.ports.dc09!.udp, panelMessage({ id: 'ADM-CID', seq: 2, account: '12AB', data: '#12AB|1120 01 001' })), /"DUH"0002L0#12AB\[\]/)
})

t.test('alarm accounts over REST: validation, the key never shown, conflicts, viewers read only', async (t) => {
  const f = await startTestFlare(t)
  const bad = await f.api('POST', '/api/v1/alarm-accounts', { account: '12AB', name: 'x', key: 'too short' })
  t.equal(bad.status, 400)
  t.match(bad.body.error.message, /AES key/)
  t.equal((await f.api('POST', '/api/v1/alarm-accounts', { account: 'XYZ!', name: 'x' })).status, 400)
  t.equal((await f.api('POST', '/api/v1/alarm-accounts', { account: '12AB', name: 'x', eventMap: { 'cid:1': 'PANIC' } })).status, 400)
  t.equal((await f.api('POST', '/api/v1/alarm-accounts', { account: '12AB', name: 'x', lat: 1 })).status, 400)
  const made = await f.api('POST', '/api/v1/alarm-accounts', { account: '12ab', name: 'Panel', key: '0123456789abcdef', eventMap: { 'cid:400-409': 'ignore' } })
  t.equal(made.status, 201)
  t.match(made.body, { account: '12AB', encrypted: true, eventMap: { 'cid:400-409': 'ignore' }, aheadS: 20, behindS: 40 })
  t.notOk('key' in made.body, 'the key is not returned')
  t.equal((await f.api('POST', '/api/v1/alarm-accounts', { account: '12AB', name: 'Twin' })).status, 409)
  t.equal((await f.api('POST', '/api/v1/alarm-accounts', { account: '12AB', line: '3', name: 'Other line' })).status, 201, 'the same number on another line')
  const patched = await f.api('PATCH', `/api/v1/alarm-accounts/${made.body.id}`, { key: null, supervisionS: 3600 })
  t.match(patched.body, { encrypted: false, supervisionS: 3600 }, JSON.stringify(patched.body))
  const { body: list } = await f.api('GET', '/api/v1/alarm-accounts')
  t.equal(list.items.length, 2)
  const device = await f.api('GET', `/api/v1/devices/${made.body.id}`)
  t.match(device.body, { kind: 'panel', name: 'Panel' }, 'an account is a device of kind panel')
  const viewer = await keyWithRole(f, 'viewer')
  t.equal((await f.api('GET', `/api/v1/alarm-accounts/${made.body.id}`, undefined, viewer)).status, 200)
  t.equal((await f.api('PATCH', `/api/v1/alarm-accounts/${made.body.id}`, { name: 'Mine' }, viewer)).status, 403)
  t.equal((await f.api('GET', `/api/v1/alarm-accounts/${made.body.id}`)).body.name, 'Panel', 'unchanged')
})
