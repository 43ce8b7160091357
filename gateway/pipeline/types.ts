import type { AlertKindName, AlertMessage, Codec } from '../codec/wire.js'
import type { DeviceKind } from '../identity/devices-repo.js'
import type { Rule } from '../rules/types.js'
import type { OutboxMessage } from '../storage/outbox.js'

/** Who sent an alert and how: fixed at CONNECT, carried on the MQTT client. */
export interface AlertSource {
  deviceId: string
  deviceKind: DeviceKind
  codec: Codec
  personId: string | null
  /** the device's install location (gateway/identity/directory.ts), when it has one */
  install?: { lat: number, lon: number, address: string | null } | null
  topic: string
  raw: Buffer
  /** epoch ms when the gateway received it */
  receivedAt: number
}

/** A decoded alert that passed schema and range checks. */
export interface ValidAlert {
  alertId: string
  kind: AlertKindName
  /** epoch ms; the device's clock, or the receive time when the device sent none */
  triggeredAt: number
  location?: { lat: number, lon: number, accuracyM?: number }
  batteryPct?: number
  heartRateBpm?: number
  message: AlertMessage
}

/** Invalid input: answered with AlertAck{REJECTED}, kept as a dead letter, never retried. */
export class Rejection extends Error {
  constructor (readonly code: string, readonly reason: string, readonly alertId?: string) {
    super(`${code}: ${reason}`)
    this.name = 'Rejection'
  }
}

/** Where an alert puts its incident: the alert's own fix, or else its device's install location. */
export interface AlertPosition { lat: number, lon: number, accuracyM?: number, source: 'alert' | 'install' }

export interface ClassifiedAlert {
  source: AlertSource
  alert: ValidAlert
  /** absent in alerts journaled before positions were kept: positionOf() derives it */
  position?: AlertPosition | null
  rule: Rule
  /** the zone containing the alert's location (gateway/zones), null when none does or it had no location */
  zoneId: string | null
  correlationKey: string
  /** raised by the gateway itself (low battery, device offline): the device gets no AlertAck */
  silent?: boolean
}

/**
 * What persist answers. `provisional`: the alert is in the node's journal, not yet in PostgreSQL
 * (degraded mode); its incident number (P-…) is replaced by the final one after the replay.
 */
export type PersistResult =
  | { status: 'ACCEPTED', incidentId: string | null, incidentNumber: string | null, opened: boolean, outbox: OutboxMessage[], provisional?: boolean }
  | { status: 'DUPLICATE', incidentId: string | null, incidentNumber: string | null, provisional?: boolean }

/** The alert's position: its fix, else its device's install location, else none. */
export function positionOf (alert: ValidAlert, source: Pick<AlertSource, 'install'>): AlertPosition | null {
  const l = alert.location
  if (l !== undefined) return { lat: l.lat, lon: l.lon, accuracyM: l.accuracyM, source: 'alert' }
  const i = source.install
  return i == null ? null : { lat: i.lat, lon: i.lon, source: 'install' }
}

export function classifiedPosition (c: ClassifiedAlert): AlertPosition | null {
  return c.position !== undefined ? c.position : positionOf(c.alert, c.source)
}
