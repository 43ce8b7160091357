// Payload codecs for the MQTT wire contracts (protos/flare.proto; the topics are in docs/architecture.md).
//
// Every device and responder is registered with one codec; everything it sends is decoded with that
// codec and everything sent to it is encoded with it. Decoding only checks that the payload is the
// expected message (syntax and types); range and semantic checks belong to the pipeline's later stages.
//
// Contract of the decoders: for any bytes they either return a plain object or throw a DecodeError.
import type { IConversionOptions, Writer } from 'protobufjs'
import { flare } from '../../protos/gen/flare.js'
import { DecodeError } from './errors.js'
import { checkMessage } from './schema.js'
import type {
  AlertMessage, LocationMessage, MessageName, ResponderReplyMessage, ResponderStatusMessage, TelemetryMessage, WireTypes
} from './types.js'

export { DecodeError } from './errors.js'
export type { DecodeErrorCode } from './errors.js'
export type * from './types.js'

export type Codec = 'protobuf' | 'json'
export const CODECS: readonly Codec[] = ['protobuf', 'json']
export const isCodec = (v: unknown): v is Codec => v === 'protobuf' || v === 'json'

export interface DecodeOptions {
  /** Payloads longer than this are refused with DecodeError('too_large'). Default: no limit. */
  maxBytes?: number
}

/** The part of a generated message class used here. */
interface GeneratedType {
  decode(reader: Uint8Array): object
  encode(message: object): Writer
  fromObject(object: Record<string, unknown>): object
  toObject(message: object, options?: IConversionOptions): Record<string, unknown>
}

const v1 = flare.v1
const TYPES: Record<MessageName, GeneratedType> = {
  Location: v1.Location,
  Vitals: v1.Vitals,
  Alert: v1.Alert,
  Telemetry: v1.Telemetry,
  AlertAck: v1.AlertAck,
  MedicalProfile: v1.MedicalProfile,
  DispatchOffer: v1.DispatchOffer,
  OfferWithdrawn: v1.OfferWithdrawn,
  ResponderReply: v1.ResponderReply,
  ResponderStatus: v1.ResponderStatus,
  ReplyResult: v1.ReplyResult,
  DispatchMessage: v1.DispatchMessage,
  ContactNotice: v1.ContactNotice,
  Escalation: v1.Escalation
}

/** Decoded objects: 64-bit as numbers, enums by name, no defaults filled in. */
const TO_PLAIN: IConversionOptions = { longs: Number, enums: String, defaults: false }
/** JSON output additionally spells NaN/±Infinity as strings, as proto3 JSON does. */
const TO_JSON: IConversionOptions = { ...TO_PLAIN, json: true }

const utf8 = new TextDecoder('utf-8', { fatal: true })

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err))

function decodeProtobuf (type: MessageName, bytes: Uint8Array): Record<string, unknown> {
  const T = TYPES[type]
  try {
    return T.toObject(T.decode(bytes), TO_PLAIN)
  } catch (err) {
    throw new DecodeError('bad_protobuf', `not a valid protobuf ${type}: ${reason(err)}`)
  }
}

function decodeJson (type: MessageName, bytes: Uint8Array): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(utf8.decode(bytes))
  } catch (err) {
    throw new DecodeError('bad_json', `not valid JSON: ${reason(err)}`)
  }
  const checked = checkMessage(type, parsed) // throws DecodeError('bad_shape')
  const T = TYPES[type]
  try {
    return T.toObject(T.fromObject(checked), TO_PLAIN)
  } catch (err) {
    // Not expected after checkMessage; kept so that nothing but DecodeError ever escapes.
    throw new DecodeError('bad_shape', `not a valid ${type}: ${reason(err)}`)
  }
}

/**
 * Decodes one payload as message `type` in `codec`.
 * Throws DecodeError for every kind of bad input, and TypeError only for an unknown `codec` or `type`
 * (a programming or configuration error, not bad input).
 */
export function decode<T extends MessageName> (type: T, bytes: Uint8Array, codec: Codec, opts: DecodeOptions = {}): WireTypes[T] {
  if (!Object.hasOwn(TYPES, type)) throw new TypeError(`unknown message type ${String(type)}`)
  if (!isCodec(codec)) throw new TypeError(`unknown codec ${String(codec)}`)
  const bad = codec === 'json' ? 'bad_json' : 'bad_protobuf'
  if (!(bytes instanceof Uint8Array)) throw new DecodeError(bad, `payload is not bytes (${typeof bytes})`)
  if (opts.maxBytes !== undefined && bytes.byteLength > opts.maxBytes) {
    throw new DecodeError('too_large', `payload of ${bytes.byteLength} bytes exceeds the limit of ${opts.maxBytes}`)
  }
  const plain = codec === 'json' ? decodeJson(type, bytes) : decodeProtobuf(type, bytes)
  return plain as WireTypes[T]
}

/** dev/{deviceId}/alert */
export const decodeAlert = (bytes: Uint8Array, codec: Codec, opts?: DecodeOptions): AlertMessage =>
  decode('Alert', bytes, codec, opts)

/** dev/{deviceId}/telemetry */
export const decodeTelemetry = (bytes: Uint8Array, codec: Codec, opts?: DecodeOptions): TelemetryMessage =>
  decode('Telemetry', bytes, codec, opts)

/** resp/{responderId}/reply */
export const decodeReply = (bytes: Uint8Array, codec: Codec, opts?: DecodeOptions): ResponderReplyMessage =>
  decode('ResponderReply', bytes, codec, opts)

/** resp/{responderId}/status */
export const decodeStatus = (bytes: Uint8Array, codec: Codec, opts?: DecodeOptions): ResponderStatusMessage =>
  decode('ResponderStatus', bytes, codec, opts)

/** resp/{responderId}/location */
export const decodeLocation = (bytes: Uint8Array, codec: Codec, opts?: DecodeOptions): LocationMessage =>
  decode('Location', bytes, codec, opts)

/**
 * Encodes `value` as message `type` in `codec`: protobuf bytes, or UTF-8 proto3 JSON (lowerCamelCase
 * names, enum names, 64-bit integers as numbers, default values omitted).
 * `value` is checked like JSON input; a value that is not a valid `type` throws a TypeError
 * (a bug in the caller, never a property of the receiver).
 */
export function encode<T extends MessageName> (type: T, value: WireTypes[T], codec: Codec): Buffer {
  if (!Object.hasOwn(TYPES, type)) throw new TypeError(`unknown message type ${String(type)}`)
  if (!isCodec(codec)) throw new TypeError(`unknown codec ${String(codec)}`)
  let checked: Record<string, unknown>
  try {
    checked = checkMessage(type, value)
  } catch (err) {
    throw new TypeError(`cannot encode ${type}: ${reason(err)}`, { cause: err })
  }
  const messageType = TYPES[type]
  const message = messageType.fromObject(checked)
  if (codec === 'json') return Buffer.from(JSON.stringify(messageType.toObject(message, TO_JSON)), 'utf8')
  const bytes = messageType.encode(message).finish()
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
