import { decodeAlert, DecodeError, type AlertKindName } from '../codec/wire.js'
import { Rejection, type AlertSource, type ValidAlert } from './types.js'

/** Stage 1 — decode: size limit, codec, then schema and range checks. Throws Rejection. */

const KNOWN_KINDS = new Set<string>(['PANIC', 'DURESS', 'FALL', 'MEDICAL', 'FIRE', 'LOW_BATTERY', 'TAMPER', 'DEVICE_OFFLINE', 'TEST', 'BURGLARY'])
/** Device clocks drift; a press more than this far in the future is a broken clock or a forgery. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000
/** Offline replays can be old, but not older than a month. */
const MAX_AGE_MS = 30 * 86_400_000
const MAX_ALERT_ID = 128

export function decodeStage (src: AlertSource, maxBytes: number): ValidAlert {
  if (src.raw.length > maxBytes) throw new Rejection('too_large', `payload is ${src.raw.length} bytes; the limit is ${maxBytes}`)
  let msg
  try {
    msg = decodeAlert(src.raw, src.codec)
  } catch (err) {
    if (err instanceof DecodeError) {
      // A kind this build does not know is unknown_kind in either codec: protobuf carries it as a
      // number (checked below), the JSON codec refuses the unknown name as bad_shape at field `kind`.
      const code = err.code === 'bad_shape' && err.field === 'kind' ? 'unknown_kind' : err.code
      throw new Rejection(code, `${src.codec === 'json' ? 'JSON' : 'protobuf'} Alert could not be decoded: ${err.message}`)
    }
    throw err
  }
  const alertId = msg.alertId
  if (alertId === undefined || alertId === '') throw new Rejection('missing_alert_id', 'alertId is required (unique per device, repeated on retries)')
  if (alertId.length > MAX_ALERT_ID) throw new Rejection('bad_alert_id', `alertId is longer than ${MAX_ALERT_ID} characters`)

  const kind = msg.kind
  if (kind === undefined || typeof kind === 'number' || !KNOWN_KINDS.has(kind)) {
    throw new Rejection('unknown_kind', `kind ${kind === undefined ? 'is missing' : `"${String(kind)}" is not one of ${[...KNOWN_KINDS].join(', ')}`}`, alertId)
  }

  let triggeredAt = src.receivedAt
  if (msg.triggeredAtMs !== undefined && msg.triggeredAtMs !== 0) {
    const t = msg.triggeredAtMs
    if (!Number.isFinite(t)) throw new Rejection('bad_timestamp', 'triggeredAtMs is not a number', alertId)
    if (t > src.receivedAt + MAX_CLOCK_SKEW_MS) throw new Rejection('bad_timestamp', `triggeredAtMs is ${Math.round((t - src.receivedAt) / 1000)} s in the future`, alertId)
    if (t < src.receivedAt - MAX_AGE_MS) throw new Rejection('bad_timestamp', 'triggeredAtMs is more than 30 days old', alertId)
    triggeredAt = t
  }

  const alert: ValidAlert = { alertId, kind: kind as AlertKindName, triggeredAt, message: msg }
  const loc = msg.location
  if (loc !== undefined) {
    const lat = loc.lat ?? 0
    const lon = loc.lon ?? 0
    if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw new Rejection('bad_location', `latitude ${String(lat)} is outside -90..90`, alertId)
    if (!Number.isFinite(lon) || lon < -180 || lon > 180) throw new Rejection('bad_location', `longitude ${String(lon)} is outside -180..180`, alertId)
    const acc = loc.accuracyM
    if (acc !== undefined && (!Number.isFinite(acc) || acc < 0)) throw new Rejection('bad_location', `accuracyM ${String(acc)} must be a non-negative number`, alertId)
    alert.location = { lat, lon, accuracyM: acc }
  }
  if (msg.batteryPct !== undefined) {
    if (msg.batteryPct > 100) throw new Rejection('bad_battery', `batteryPct ${msg.batteryPct} is above 100`, alertId)
    alert.batteryPct = msg.batteryPct
  }
  const hr = msg.vitals?.heartRateBpm
  if (hr !== undefined) {
    if (hr > 350) throw new Rejection('bad_vitals', `heartRateBpm ${hr} is not a human heart rate`, alertId)
    alert.heartRateBpm = hr
  }
  for (const [name, v] of Object.entries(msg.vitals ?? {})) {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Rejection('bad_vitals', `vitals.${name} is not a number`, alertId)
  }
  return alert
}
