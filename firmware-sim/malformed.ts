// Malformed alerts for the `garbage` fault: payloads a broken or hostile device might send. Flare must
// answer each with AlertAck{REJECTED} (the decode stage) and never open an incident for it.
import { encode, type Codec } from '../gateway/codec/wire.js'
import { alertMessage, type Press } from './payloads.js'
import type { Rng } from './random.js'

export const MALFORMATIONS = [
  'random-bytes', 'truncated', 'lat-200', 'unknown-kind', 'future-timestamp', 'missing-alert-id', 'heart-rate-999'
] as const
export type Malformation = typeof MALFORMATIONS[number]

export interface MalformedPayload {
  bytes: Buffer
  /**
   * Whether Flare can read the alert id back out of it and echo it in the REJECTED ack. When it
   * cannot (undecodable bytes), the ack has no alertId and the device matches it to its oldest such send.
   */
  echoesAlertId: boolean
  /** the reason code Flare is expected to give (documentation for the log; the check only requires REJECTED) */
  expectedReason: string
}

/**
 * Builds the malformed payload `kind` for `press`, in the device's codec where that matters.
 * Every variant is invalid by construction, not by chance: random bytes start with a byte no decoder accepts.
 */
export function malformedPayload (kind: Malformation, press: Press, codec: Codec, rng: Rng): MalformedPayload {
  const valid = alertMessage(press)
  switch (kind) {
    case 'random-bytes':
      // 0x7F is field 15 (unknown to Alert) with wire type 7, which protobuf does not have, so the decoder
      // must fail on the first byte; 0xFF is never valid UTF-8, so no JSON parser accepts it.
      return { bytes: Buffer.concat([Buffer.from([codec === 'json' ? 0xff : 0x7f]), rng.bytes(rng.int(4, 64))]), echoesAlertId: false, expectedReason: codec === 'json' ? 'bad_json' : 'bad_protobuf' }
    case 'truncated': {
      if (codec === 'json') {
        const text = JSON.stringify(valid)
        return { bytes: Buffer.from(text.slice(0, Math.max(2, Math.floor(text.length / 2)))), echoesAlertId: false, expectedReason: 'bad_json' }
      }
      // Cut inside the alertId string (tag, length, then fewer bytes than the length says).
      const whole = encode('Alert', valid, codec)
      return { bytes: whole.subarray(0, 3), echoesAlertId: false, expectedReason: 'bad_protobuf' }
    }
    case 'lat-200':
      return { bytes: encode('Alert', { ...valid, location: { ...valid.location, lat: 200 } }, codec), echoesAlertId: true, expectedReason: 'bad_location' }
    case 'unknown-kind':
      // Protobuf enums are open (a number this build does not know); JSON carries an unknown name,
      // which fails the shape check before the alert id is read.
      if (codec === 'json') return { bytes: Buffer.from(JSON.stringify({ ...valid, kind: 'EXPLOSION' })), echoesAlertId: false, expectedReason: 'unknown_kind' }
      return { bytes: encode('Alert', { ...valid, kind: 99 }, codec), echoesAlertId: true, expectedReason: 'unknown_kind' }
    case 'future-timestamp':
      return { bytes: encode('Alert', { ...valid, triggeredAtMs: valid.triggeredAtMs! + 86_400_000 }, codec), echoesAlertId: true, expectedReason: 'bad_timestamp' }
    case 'missing-alert-id': {
      const { alertId: _omitted, ...rest } = valid
      return { bytes: encode('Alert', rest, codec), echoesAlertId: false, expectedReason: 'missing_alert_id' }
    }
    case 'heart-rate-999':
      return { bytes: encode('Alert', { ...valid, vitals: { heartRateBpm: 999 } }, codec), echoesAlertId: true, expectedReason: 'bad_vitals' }
  }
}
