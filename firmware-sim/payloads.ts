// What simulated devices and responders put on the wire, encoded with Flare's own codec
// (gateway/codec/wire.ts), so the simulator can never drift from the contract in protos/flare.proto.
import {
  decode, DecodeError, encode,
  type AlertAckMessage, type AlertKindName, type AlertMessage, type Codec, type DispatchMessage, type ReplyActionName
} from '../gateway/codec/wire.js'
import type { DeviceKind } from './fleet.js'
import type { Point } from './geo.js'

export interface Press {
  alertId: string
  seq: number
  kind: AlertKindName
  /** epoch ms on the device's clock */
  triggeredAtMs: number
  deviceKind: DeviceKind
  position: Point
  batteryPct: number
  heartRateBpm?: number
}

/** A wall button is installed at a known place; wearables and phones have a GPS fix of some accuracy. */
function locationOf (p: Pick<Press, 'deviceKind' | 'position' | 'triggeredAtMs'>): AlertMessage['location'] {
  if (p.deviceKind === 'button') return { lat: p.position.lat, lon: p.position.lon, accuracyM: 3, source: 'FIXED' }
  return { lat: p.position.lat, lon: p.position.lon, accuracyM: p.deviceKind === 'phone' ? 15 : 8, source: 'GPS', fixAtMs: Math.floor(p.triggeredAtMs) }
}

export function alertMessage (p: Press): AlertMessage {
  const msg: AlertMessage = {
    alertId: p.alertId,
    kind: p.kind,
    triggeredAtMs: Math.floor(p.triggeredAtMs),
    location: locationOf(p),
    batteryPct: p.batteryPct,
    seq: p.seq
  }
  if (p.heartRateBpm !== undefined) msg.vitals = { heartRateBpm: p.heartRateBpm }
  return msg
}

export function encodeAlert (p: Press, codec: Codec): Buffer {
  return encode('Alert', alertMessage(p), codec)
}

export interface TelemetryReading {
  atMs: number
  deviceKind: DeviceKind
  position: Point
  batteryPct: number
  heartRateBpm?: number
}

export function encodeTelemetry (t: TelemetryReading, codec: Codec): Buffer {
  return encode('Telemetry', {
    atMs: Math.floor(t.atMs),
    batteryPct: t.batteryPct,
    location: locationOf({ deviceKind: t.deviceKind, position: t.position, triggeredAtMs: t.atMs }),
    vitals: t.heartRateBpm === undefined ? undefined : { heartRateBpm: t.heartRateBpm }
  }, codec)
}

export interface Reply {
  replyId: string
  action: ReplyActionName
  offerId?: string
  incidentId?: string
  etaS?: number
  reason?: string
}

export function encodeReply (r: Reply, codec: Codec, sentAtMs: number): Buffer {
  return encode('ResponderReply', { ...r, etaS: r.etaS === undefined ? undefined : Math.round(r.etaS), sentAtMs: Math.floor(sentAtMs) }, codec)
}

export function encodeLocation (p: Point, codec: Codec, atMs: number): Buffer {
  return encode('Location', { lat: p.lat, lon: p.lon, accuracyM: 5, source: 'GPS', fixAtMs: Math.floor(atMs) }, codec)
}

/** dev/{id}/ack; undefined for a payload that is not an AlertAck (counted, never fatal). */
export function decodeAck (bytes: Buffer, codec: Codec): AlertAckMessage | undefined {
  try {
    return decode('AlertAck', bytes, codec)
  } catch (err) {
    if (err instanceof DecodeError) return undefined
    throw err
  }
}

/** dispatch/{id}; undefined for a payload that is not a DispatchMessage. */
export function decodeDispatch (bytes: Buffer, codec: Codec): DispatchMessage | undefined {
  try {
    return decode('DispatchMessage', bytes, codec)
  } catch (err) {
    if (err instanceof DecodeError) return undefined
    throw err
  }
}
