// Field table of protos/flare.proto and the strict proto3-JSON shape check built on it.
//
// The generated static code (protos/gen/flare.js) carries no reflection data, and its fromObject()
// is lenient (it coerces wrong types and silently drops unknown fields and enum names), so JSON
// input is checked against this table first. test/gateway/codec/schema.test.ts compares the table
// with the .proto so that the two cannot drift apart.
import { flare } from '../../protos/gen/flare.js'
import { DecodeError } from './errors.js'
import type { MessageName } from './types.js'

const v1 = flare.v1

export const ENUMS = {
  AlertKind: v1.AlertKind,
  LocationSource: v1.LocationSource,
  AckStatus: v1.AckStatus,
  ReplyAction: v1.ReplyAction,
  ResponderAvailability: v1.ResponderAvailability
} as const satisfies Record<string, object>
export type EnumName = keyof typeof ENUMS

export type ScalarType = 'string' | 'bool' | 'uint32' | 'uint64' | 'float' | 'double'
export type FieldType = ScalarType | { enum: EnumName } | { message: MessageName } | { map: 'string' }

export interface FieldSpec {
  /** Name in the .proto (snake_case); proto3 JSON parsers accept it as well as `json`. */
  proto: string
  /** lowerCamelCase JSON name, also the property name of the generated code. */
  json: string
  type: FieldType
  repeated: boolean
  /** proto3 `optional` (explicit presence). */
  optional: boolean
  oneof: string | undefined
}

interface FieldOpts { repeated?: boolean, optional?: boolean, oneof?: string }

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())

function f (proto: string, type: FieldType, opts: FieldOpts = {}): FieldSpec {
  return { proto, json: camel(proto), type, repeated: opts.repeated ?? false, optional: opts.optional ?? false, oneof: opts.oneof }
}
const e = (name: EnumName): FieldType => ({ enum: name })
const m = (name: MessageName): FieldType => ({ message: name })
const rep = { repeated: true }
const opt = { optional: true }

export const SCHEMA: Record<MessageName, readonly FieldSpec[]> = {
  Location: [f('lat', 'double'), f('lon', 'double'), f('accuracy_m', 'float'), f('source', e('LocationSource')), f('fix_at_ms', 'uint64')],
  Vitals: [f('heart_rate_bpm', 'uint32'), f('spo2_pct', 'float'), f('skin_temp_c', 'float')],
  Alert: [
    f('alert_id', 'string'), f('kind', e('AlertKind')), f('triggered_at_ms', 'uint64'), f('location', m('Location')),
    f('battery_pct', 'uint32', opt), f('vitals', m('Vitals')), f('attributes', { map: 'string' }), f('seq', 'uint32')
  ],
  Telemetry: [f('at_ms', 'uint64'), f('battery_pct', 'uint32', opt), f('location', m('Location')), f('vitals', m('Vitals'))],
  AlertAck: [
    f('alert_id', 'string'), f('status', e('AckStatus')), f('incident_number', 'string'), f('reason_code', 'string'),
    f('reason', 'string'), f('message', 'string'), f('responder_name', 'string'), f('eta_s', 'uint32')
  ],
  MedicalProfile: [
    f('conditions', 'string', rep), f('medication', 'string', rep), f('allergies', 'string', rep),
    f('blood_type', 'string'), f('notes', 'string')
  ],
  DispatchOffer: [
    f('offer_id', 'string'), f('incident_id', 'string'), f('incident_number', 'string'), f('kind', e('AlertKind')),
    f('category', 'string'), f('priority', 'uint32'), f('location', m('Location')), f('expires_at_ms', 'uint64'),
    f('triggered_at_ms', 'uint64'), f('device_id', 'string'), f('zone_id', 'string'), f('person_name', 'string'),
    f('medical', m('MedicalProfile')), f('attempt', 'uint32')
  ],
  OfferWithdrawn: [f('offer_id', 'string'), f('incident_id', 'string'), f('reason', 'string')],
  ResponderReply: [
    f('reply_id', 'string'), f('action', e('ReplyAction')), f('offer_id', 'string'), f('incident_id', 'string'),
    f('reason', 'string'), f('eta_s', 'uint32'), f('sent_at_ms', 'uint64')
  ],
  ResponderStatus: [f('request_id', 'string'), f('status', e('ResponderAvailability'))],
  ReplyResult: [
    f('reply_id', 'string'), f('offer_id', 'string'), f('incident_id', 'string'), f('ok', 'bool'),
    f('reason', 'string'), f('allowed_next', 'string', rep)
  ],
  DispatchMessage: [
    f('offer', m('DispatchOffer'), { oneof: 'body' }), f('withdrawn', m('OfferWithdrawn'), { oneof: 'body' }),
    f('result', m('ReplyResult'), { oneof: 'body' })
  ],
  ContactNotice: [
    f('notice_id', 'string'), f('incident_number', 'string'), f('language', 'string'), f('text', 'string'),
    f('kind', e('AlertKind')), f('location', m('Location')), f('at_ms', 'uint64')
  ],
  Escalation: [
    f('escalation_id', 'string'), f('incident_id', 'string'), f('incident_number', 'string'), f('zone_id', 'string'),
    f('priority', 'uint32'), f('reason', 'string'), f('location', m('Location')), f('at_ms', 'uint64')
  ]
}

// Lookup by either spelling, built once. Null-prototype maps: keys such as "__proto__" or
// "constructor" in the input must not hit Object.prototype.
const BY_NAME = Object.create(null) as Record<MessageName, Map<string, FieldSpec>>
for (const [type, fields] of Object.entries(SCHEMA) as [MessageName, readonly FieldSpec[]][]) {
  const byName = new Map<string, FieldSpec>()
  for (const field of fields) {
    byName.set(field.json, field)
    byName.set(field.proto, field)
  }
  BY_NAME[type] = byName
}

const UINT32_MAX = 0xffffffff
const UINT64_MAX = (1n << 64n) - 1n
const INT32_MIN = -0x80000000
const INT32_MAX = 0x7fffffff
const DIGITS = /^[0-9]+$/
const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/

const bad = (field: string, what: string): never => {
  throw new DecodeError('bad_shape', `${field}: ${what}`, field)
}
const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

function isPlainObject (v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function checkScalar (type: ScalarType, v: unknown, path: string): unknown {
  switch (type) {
    case 'string':
      return typeof v === 'string' ? v : bad(path, `expected string, got ${describe(v)}`)
    case 'bool':
      return typeof v === 'boolean' ? v : bad(path, `expected boolean, got ${describe(v)}`)
    case 'uint32': {
      const n = typeof v === 'string' && DIGITS.test(v) ? Number(v) : v
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > UINT32_MAX) {
        return bad(path, `expected uint32 (integer 0..${UINT32_MAX}), got ${describe(v)} ${JSON.stringify(v)}`)
      }
      return n
    }
    case 'uint64':
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 64) return v
      if (typeof v === 'string' && DIGITS.test(v) && BigInt(v) <= UINT64_MAX) return v.replace(/^0+(?=.)/, '')
      return bad(path, `expected uint64 (non-negative integer, as number or decimal string), got ${describe(v)} ${JSON.stringify(v)}`)
    case 'float':
    case 'double':
      if (typeof v === 'number') return v
      if (typeof v === 'string') {
        if (v === 'NaN') return NaN
        if (v === 'Infinity') return Infinity
        if (v === '-Infinity') return -Infinity
        if (JSON_NUMBER.test(v)) return Number(v)
      }
      return bad(path, `expected number, got ${describe(v)} ${JSON.stringify(v)}`)
  }
}

function checkEnum (name: EnumName, v: unknown, path: string): string | number {
  const values: object = ENUMS[name]
  if (typeof v === 'string') {
    if (Object.hasOwn(values, v)) return v
    return bad(path, `unknown ${name} value ${JSON.stringify(v)}`)
  }
  // Numbers are accepted (proto3 JSON allows them) including unknown ones: enums are open.
  if (typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX) return v
  return bad(path, `expected ${name} name, got ${describe(v)}`)
}

function checkValue (field: FieldSpec, v: unknown, path: string): unknown {
  const { type } = field
  if (typeof type === 'string') return checkScalar(type, v, path)
  if ('enum' in type) return checkEnum(type.enum, v, path)
  if ('message' in type) return checkMessage(type.message, v, path)
  if (!isPlainObject(v)) return bad(path, `expected object (map), got ${describe(v)}`)
  const out: Record<string, string> = {}
  for (const key of Object.keys(v)) {
    const value = v[key]
    if (typeof value !== 'string') bad(`${path}.${key}`, `expected string, got ${describe(value)}`)
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
  }
  return out
}

/**
 * Checks that `value` is the proto3 JSON form of message `type` and returns it in the form the
 * generated `fromObject` expects (lowerCamelCase keys, nulls dropped, numbers parsed, 64-bit values
 * as number or decimal string). Throws DecodeError('bad_shape') naming the first offending field.
 */
export function checkMessage (type: MessageName, value: unknown, path = ''): Record<string, unknown> {
  if (!isPlainObject(value)) return bad(path || '(root)', `expected ${type} object, got ${describe(value)}`)
  const fields = BY_NAME[type]
  const out: Record<string, unknown> = {}
  const oneofs = new Map<string, string>()
  const prefix = path ? `${path}.` : ''
  for (const key of Object.keys(value)) {
    const field = fields.get(key)
    if (field === undefined) bad(prefix + key, `unknown field of ${type}`)
    const spec = field as FieldSpec
    const where = prefix + spec.json
    if (Object.hasOwn(out, spec.json)) bad(where, `given twice (as ${spec.json} and ${spec.proto})`)
    const v = value[key]
    if (v === null || v === undefined) continue // proto3 JSON: null means "not set"
    if (spec.oneof !== undefined) {
      const other = oneofs.get(spec.oneof)
      if (other !== undefined) bad(where, `oneof ${spec.oneof} already set by ${other}`)
      oneofs.set(spec.oneof, spec.json)
    }
    if (spec.repeated) {
      if (!Array.isArray(v)) bad(where, `expected array, got ${describe(v)}`)
      out[spec.json] = (v as unknown[]).map((item, i) => checkValue(spec, item, `${where}[${i}]`))
    } else {
      out[spec.json] = checkValue(spec, v, where)
    }
  }
  return out
}
