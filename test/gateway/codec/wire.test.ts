import t, { type Test } from 'tap'
import { randomBytes } from 'node:crypto'
import {
  DecodeError, decode, decodeAlert, decodeLocation, decodeReply, decodeTelemetry, encode,
  type AlertMessage, type Codec, type DispatchMessage
} from '../../../gateway/codec/wire.js'

const codecs: Codec[] = ['protobuf', 'json']
const json = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8')

// Floats chosen to be exact in float32 so both codecs give identical numbers.
const fullAlert: AlertMessage = {
  alertId: 'a-0001',
  kind: 'PANIC',
  triggeredAtMs: 1_763_900_000_123,
  location: { lat: 52.520008, lon: -13.404954, accuracyM: 12.5, source: 'GPS', fixAtMs: 1_763_899_999_000 },
  batteryPct: 87,
  vitals: { heartRateBpm: 121, spo2Pct: 97.5, skinTempC: 36.25 },
  attributes: { room: '2.14', firmware: '1.4.2' },
  seq: 42
}

function rejects (t: Test, fn: () => unknown, code: string, field?: string, msg?: string): void {
  try {
    fn()
    t.fail(`expected DecodeError ${code}${field ? ` (${field})` : ''}`, { msg })
  } catch (err) {
    t.ok(err instanceof DecodeError, `${msg ?? code}: is a DecodeError (${String(err)})`)
    const e = err as DecodeError
    t.equal(e.code, code, `${msg ?? code}: code`)
    if (field !== undefined) {
      t.equal(e.field, field, `${msg ?? code}: field`)
      t.match(e.message, field, `${msg ?? code}: message names the field`)
    }
  }
}

/** Decoding must return or throw DecodeError, nothing else. */
function onlyDecodeError (fn: () => unknown): string | undefined {
  try {
    fn()
    return undefined
  } catch (err) {
    return err instanceof DecodeError ? undefined : `${String(err)}`
  }
}

t.test('round trip in both codecs', async (t) => {
  for (const codec of codecs) {
    const bytes = encode('Alert', fullAlert, codec)
    t.ok(Buffer.isBuffer(bytes), `${codec}: encode returns a Buffer`)
    t.same(decodeAlert(bytes, codec), fullAlert, `${codec}: alert survives`)
  }
  const telemetry = { atMs: 1_763_900_000_000, batteryPct: 0, location: { lat: 1.5, lon: 2.5 }, vitals: { heartRateBpm: 60 } }
  const reply = { replyId: 'r1', action: 'EN_ROUTE', offerId: 'o1', incidentId: 'i1', etaS: 240, sentAtMs: 1_763_900_000_001 } as const
  for (const codec of codecs) {
    t.same(decodeTelemetry(encode('Telemetry', telemetry, codec), codec), telemetry, `${codec}: telemetry`)
    t.same(decodeReply(encode('ResponderReply', reply, codec), codec), reply, `${codec}: reply`)
    t.same(decodeLocation(encode('Location', { lat: -33.5, lon: 151.25, source: 'WIFI' }, codec), codec),
      { lat: -33.5, lon: 151.25, source: 'WIFI' }, `${codec}: location`)
  }
})

t.test('optional battery: 0 is kept, absent stays absent; defaults are omitted', async (t) => {
  for (const codec of codecs) {
    t.same(decodeAlert(encode('Alert', { alertId: 'x', batteryPct: 0 }, codec), codec), { alertId: 'x', batteryPct: 0 }, codec)
    const none = decodeAlert(encode('Alert', { alertId: 'x', seq: 0, kind: 'ALERT_KIND_UNSPECIFIED' }, codec), codec)
    t.same(none, { alertId: 'x' }, `${codec}: defaults omitted`)
    t.notOk('batteryPct' in none, `${codec}: no batteryPct`)
  }
  t.same(decodeAlert(Buffer.alloc(0), 'protobuf'), {}, 'empty protobuf is an empty Alert')
})

t.test('proto3 JSON input forms', async (t) => {
  const base = { alertId: 'a', kind: 'FALL' }
  t.same(decodeAlert(json({ ...base, triggeredAtMs: '1763900000123' }), 'json').triggeredAtMs, 1_763_900_000_123, '64-bit as string')
  t.same(decodeAlert(json({ ...base, triggeredAtMs: 1_763_900_000_123 }), 'json').triggeredAtMs, 1_763_900_000_123, '64-bit as number')
  t.same(decodeAlert(json({ ...base, triggeredAtMs: '18446744073709551615' }), 'json').triggeredAtMs, 2 ** 64, 'uint64 max')
  t.same(decodeAlert(json({ alert_id: 'a', triggered_at_ms: '5', battery_pct: 3, location: { fix_at_ms: 7, accuracy_m: 2 } }), 'json'),
    { alertId: 'a', triggeredAtMs: 5, batteryPct: 3, location: { fixAtMs: 7, accuracyM: 2 } }, 'proto field names accepted')
  t.same(decodeAlert(json({ ...base, seq: '17', location: { lat: '1.25', lon: 'NaN' } }), 'json'),
    { alertId: 'a', kind: 'FALL', seq: 17, location: { lat: 1.25, lon: NaN } }, 'numbers as strings, NaN')
  t.same(decodeAlert(json({ ...base, kind: 3 }), 'json').kind, 'FALL', 'enum by number')
  t.same(decodeAlert(json({ ...base, location: null, vitals: null, batteryPct: null }), 'json'), base, 'null = absent')
  t.same(decodeAlert(json(' \n{"kind":"MEDICAL"}\n'), 'json'), { kind: 'MEDICAL' }, 'whitespace')
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json({ kind: 'TEST' })])
  t.same(decodeAlert(withBom, 'json'), { kind: 'TEST' }, 'UTF-8 BOM tolerated')
})

t.test('enum names', async (t) => {
  for (const kind of ['PANIC', 'DURESS', 'FALL', 'MEDICAL', 'FIRE', 'LOW_BATTERY', 'TAMPER', 'DEVICE_OFFLINE', 'TEST'] as const) {
    for (const codec of codecs) t.equal(decodeAlert(encode('Alert', { kind }, codec), codec).kind, kind, `${codec} ${kind}`)
  }
  rejects(t, () => decodeAlert(json({ kind: 'SOS' }), 'json'), 'bad_shape', 'kind', 'unknown enum name')
  rejects(t, () => decodeAlert(json({ kind: 'panic' }), 'json'), 'bad_shape', 'kind', 'enum names are case-sensitive')
  rejects(t, () => decodeAlert(json({ kind: 'toString' }), 'json'), 'bad_shape', 'kind', 'no inherited names')
  // Enums are open: an unknown number (newer firmware) decodes to that number in both codecs.
  t.equal(decodeAlert(json({ kind: 42 }), 'json').kind, 42, 'json unknown number kept')
  t.equal(decodeAlert(encode('Alert', { kind: 42 }, 'protobuf'), 'protobuf').kind, 42, 'protobuf unknown number kept')
})

t.test('garbage protobuf → bad_protobuf', async (t) => {
  rejects(t, () => decodeAlert(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 'protobuf'), 'bad_protobuf', undefined, 'overlong varint')
  rejects(t, () => decodeAlert(Buffer.from([0x0f]), 'protobuf'), 'bad_protobuf', undefined, 'wire type 7')
  rejects(t, () => decodeAlert(Buffer.from([0x0a, 0x05, 0x41]), 'protobuf'), 'bad_protobuf', undefined, 'string past the end')
  rejects(t, () => decodeAlert(Buffer.from([0x0a, 0x02, 0xff, 0xfe]), 'protobuf'), 'bad_protobuf', undefined, 'invalid UTF-8 in a string')
  rejects(t, () => decodeAlert(Buffer.from('{"kind":"PANIC"}'), 'protobuf'), 'bad_protobuf', undefined, 'JSON sent to a protobuf device')
  const problems: string[] = []
  let rejected = 0
  for (let i = 0; i < 3000; i++) {
    const bytes = randomBytes(1 + (i % 64))
    for (const codec of codecs) {
      for (const type of ['Alert', 'Telemetry', 'ResponderReply', 'Location'] as const) {
        const p = onlyDecodeError(() => decode(type, bytes, codec))
        if (p !== undefined) problems.push(`${type}/${codec} ${bytes.toString('hex')}: ${p}`)
        else if (type === 'Alert' && codec === 'protobuf') {
          try { decodeAlert(bytes, codec) } catch { rejected++ }
        }
      }
    }
  }
  t.same(problems.slice(0, 5), [], 'random bytes: nothing but DecodeError')
  t.ok(rejected > 1000, `most random bytes are rejected (${rejected}/3000)`)
})

t.test('truncated protobuf', async (t) => {
  const bytes = encode('Alert', fullAlert, 'protobuf')
  let rejected = 0
  for (let n = 1; n < bytes.length; n++) {
    try {
      decodeAlert(bytes.subarray(0, n), 'protobuf')
    } catch (err) {
      t.ok(err instanceof DecodeError && err.code === 'bad_protobuf', `cut at ${n}: bad_protobuf`)
      rejected++
    }
  }
  t.ok(rejected > bytes.length / 2, `most cuts are rejected (${rejected}/${bytes.length - 1})`)
  rejects(t, () => decodeAlert(bytes.subarray(0, 5), 'protobuf'), 'bad_protobuf', undefined, 'cut inside alert_id')
})

t.test('JSON syntax → bad_json', async (t) => {
  for (const [text, what] of [['{"kind":"PANIC"', 'unterminated'], ['', 'empty'], ['{kind:"PANIC"}', 'unquoted key'],
    ["{'kind':'PANIC'}", 'single quotes'], ['{"kind":"PANIC"} x', 'trailing garbage'], ['NaN', 'bare NaN']]) {
    rejects(t, () => decodeAlert(json(text), 'json'), 'bad_json', undefined, what)
  }
  rejects(t, () => decodeAlert(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 'json'), 'bad_json', undefined, 'invalid UTF-8')
  rejects(t, () => decodeAlert(encode('Alert', fullAlert, 'protobuf'), 'json'), 'bad_json', undefined, 'protobuf sent to a JSON device')
})

t.test('JSON of the wrong shape → bad_shape naming the field', async (t) => {
  for (const [v, what] of [['[]', 'array'], ['null', 'null'], ['42', 'number'], ['"PANIC"', 'string'], ['true', 'boolean']]) {
    rejects(t, () => decodeAlert(json(v), 'json'), 'bad_shape', '(root)', `top level ${what}`)
  }
  const cases: [unknown, string, string][] = [
    [{ kind: 'PANIC', deviceId: 'd1' }, 'deviceId', 'unknown top-level field'],
    [JSON.parse('{"__proto__":{"polluted":1}}'), '__proto__', 'unknown __proto__ field'],
    [{ location: { lat: 1, altitude: 3 } }, 'location.altitude', 'unknown nested field'],
    [{ alertId: 17 }, 'alertId', 'number for string'],
    [{ kind: true }, 'kind', 'boolean for enum'],
    [{ triggeredAtMs: -1 }, 'triggeredAtMs', 'negative uint64'],
    [{ triggeredAtMs: 1.5 }, 'triggeredAtMs', 'fractional uint64'],
    [{ triggeredAtMs: '1.5e3' }, 'triggeredAtMs', 'uint64 string not decimal digits'],
    [{ triggeredAtMs: '18446744073709551616' }, 'triggeredAtMs', 'uint64 overflow'],
    [{ triggeredAtMs: {} }, 'triggeredAtMs', 'object for uint64'],
    [{ seq: 4294967296 }, 'seq', 'uint32 overflow'],
    [{ batteryPct: 'full' }, 'batteryPct', 'text for uint32'],
    [{ location: [1, 2] }, 'location', 'array for message'],
    [{ location: { lat: 'north' } }, 'location.lat', 'text for double'],
    [{ vitals: { spo2Pct: [] } }, 'vitals.spo2Pct', 'array for float'],
    [{ attributes: ['a'] }, 'attributes', 'array for map'],
    [{ attributes: { room: 12 } }, 'attributes.room', 'number as map value'],
    [{ alertId: 'a', alert_id: 'b' }, 'alertId', 'same field twice']
  ]
  for (const [v, field, what] of cases) rejects(t, () => decodeAlert(json(v), 'json'), 'bad_shape', field, what)
  rejects(t, () => decodeReply(json({ action: 'ACCEPTED' }), 'json'), 'bad_shape', 'action', 'AckStatus name for ReplyAction')
  rejects(t, () => decodeTelemetry(json({ atMs: 'now' }), 'json'), 'bad_shape', 'atMs', 'telemetry')
  rejects(t, () => decode('DispatchMessage', json({ offer: {}, result: {} }), 'json'), 'bad_shape', 'result', 'two oneof members')
  rejects(t, () => decode('MedicalProfile', json({ allergies: ['nuts', 3] }), 'json'), 'bad_shape', 'allergies[1]', 'repeated item')
})

t.test('map keys cannot pollute prototypes', async (t) => {
  const a = decodeAlert(json('{"attributes":{"__proto__":"x","constructor":"y"}}'), 'json')
  t.same(Object.keys(a.attributes ?? {}).sort(), ['__proto__', 'constructor'], 'kept as own keys')
  t.equal(Object.getPrototypeOf(a.attributes), Object.prototype, 'prototype untouched')
  t.equal(({} as Record<string, unknown>).x, undefined, 'Object.prototype untouched')
  const again = decodeAlert(encode('Alert', a, 'protobuf'), 'protobuf')
  t.equal(Object.getOwnPropertyDescriptor(again.attributes, '__proto__')?.value, 'x', 'survives protobuf')
})

t.test('size limit', async (t) => {
  const bytes = encode('Alert', fullAlert, 'json')
  rejects(t, () => decodeAlert(bytes, 'json', { maxBytes: 16 }), 'too_large')
  t.ok(decodeAlert(bytes, 'json', { maxBytes: bytes.length }), 'at the limit is fine')
})

t.test('encode answers', async (t) => {
  const ack = encode('AlertAck', { alertId: 'a-1', status: 'ACCEPTED', incidentNumber: 'INC-20261123-0042', etaS: 0 }, 'json')
  t.equal(ack.toString('utf8'), '{"alertId":"a-1","status":"ACCEPTED","incidentNumber":"INC-20261123-0042"}', 'ack JSON')
  t.same(decode('AlertAck', encode('AlertAck', { alertId: 'a-1', status: 'UPDATE', message: 'help is coming', responderName: 'Kim', etaS: 300 }, 'protobuf'), 'protobuf'),
    { alertId: 'a-1', status: 'UPDATE', message: 'help is coming', responderName: 'Kim', etaS: 300 }, 'ack protobuf')

  const offer: DispatchMessage = {
    offer: {
      offerId: 'o-1',
      incidentId: 'i-1',
      incidentNumber: 'INC-1',
      kind: 'MEDICAL',
      category: 'medical',
      priority: 1,
      location: { lat: 10.5, lon: 20.25, source: 'FIXED' },
      expiresAtMs: 1_763_900_060_000,
      triggeredAtMs: 1_763_900_000_000,
      deviceId: 'dev-1',
      zoneId: 'z-1',
      personName: 'A. Person',
      attempt: 2,
      medical: { conditions: ['asthma'], medication: [], allergies: ['penicillin', 'nuts'], bloodType: 'O-' }
    }
  }
  const offerOut = { offer: { ...offer.offer, medical: { conditions: ['asthma'], allergies: ['penicillin', 'nuts'], bloodType: 'O-' } } }
  const withdrawn: DispatchMessage = { withdrawn: { offerId: 'o-1', incidentId: 'i-1', reason: 'taken' } }
  const result: DispatchMessage = { result: { replyId: 'r-1', offerId: 'o-1', ok: true, allowedNext: ['ON_SCENE', 'RESOLVED'] } }
  const refused: DispatchMessage = { result: { replyId: 'r-2', ok: false, reason: 'invalid_transition' } }
  for (const codec of codecs) {
    t.same(decode('DispatchMessage', encode('DispatchMessage', offer, codec), codec), offerOut, `${codec}: offer`)
    t.same(decode('DispatchMessage', encode('DispatchMessage', withdrawn, codec), codec), withdrawn, `${codec}: withdrawn`)
    t.same(decode('DispatchMessage', encode('DispatchMessage', result, codec), codec), result, `${codec}: result`)
    t.same(decode('DispatchMessage', encode('DispatchMessage', refused, codec), codec),
      { result: { replyId: 'r-2', reason: 'invalid_transition' } }, `${codec}: ok=false is the default, so omitted`)
    const notice = { noticeId: 'n-1', incidentNumber: 'INC-1', language: 'de', text: 'Hilfe ist unterwegs', kind: 'FALL', location: { lat: 1, lon: 2 }, atMs: 5 } as const
    t.same(decode('ContactNotice', encode('ContactNotice', notice, codec), codec), notice, `${codec}: notice`)
    const esc = { escalationId: 'e-1', incidentId: 'i-1', incidentNumber: 'INC-1', zoneId: 'z-1', priority: 0, reason: 'no responder', atMs: 9 }
    const { priority: _p, ...escOut } = esc
    t.same(decode('Escalation', encode('Escalation', esc, codec), codec), escOut, `${codec}: escalation`)
  }
  t.equal(JSON.parse(encode('DispatchMessage', offer, 'json').toString()).offer.expiresAtMs, 1_763_900_060_000, '64-bit as JSON number')
  t.match(encode('Location', { lat: NaN, lon: Infinity }, 'json').toString(), '{"lat":"NaN","lon":"Infinity"}', 'non-finite as strings')
  t.throws(() => encode('DispatchMessage', { offer: {}, result: {} } as unknown as DispatchMessage, 'json'), TypeError, 'two oneof members')
  t.throws(() => encode('AlertAck', { status: 'NOPE' } as never, 'protobuf'), TypeError, 'unknown enum name')
  t.throws(() => encode('AlertAck', {}, 'xml' as Codec), TypeError, 'unknown codec')
})
