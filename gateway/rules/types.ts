import type { AlertKindName } from '../codec/wire.js'
import type { DeviceKind } from '../identity/devices-repo.js'

/** A numeric or string test on one payload field, e.g. {"vitals.heartRateBpm": {"gt": 120}}. */
export interface Condition {
  gt?: number
  gte?: number
  lt?: number
  lte?: number
  eq?: number | string
  ne?: number | string
  in?: Array<number | string>
}

export interface RuleMatch {
  kinds?: AlertKindName[]
  deviceKinds?: DeviceKind[]
  zones?: string[]
  payload?: Record<string, Condition>
}

export type CorrelationKey = 'device' | 'person' | 'place'

export interface DispatchPolicy {
  roles: string[]
  radiusM: number
  /** how many responders get an offer at once (1 = one at a time) */
  count: number
  offerTimeoutS: number
}

export interface EscalationPolicy {
  /** escalate when nobody accepted within this many seconds of opening */
  afterS: number
  /** radius multiplier tried before escalating to the zone's supervisors */
  widenRadiusFactor: number
  raisePriority: boolean
}

export interface Rule {
  id: string
  description?: string
  match: RuleMatch
  category: string
  /** 1 highest … 5 */
  priority: number
  openIncident: boolean
  correlation: { key: CorrelationKey, windowS: number }
  dispatch?: DispatchPolicy
  escalation?: EscalationPolicy
  notifyContacts: boolean
}

export interface LivenessPolicy {
  /** telemetry at or below this battery level raises LOW_BATTERY */
  lowBatteryPct: number
  /** a device silent this long raises DEVICE_OFFLINE; 0 disables, by device kind */
  silentAfterS: Record<DeviceKind, number>
}

/** The rules file: user rules are tried first, in order; the built-in defaults follow unless excluded. */
export interface RulesFile {
  includeDefaults?: boolean
  rules: Rule[]
  liveness?: Partial<LivenessPolicy> & { silentAfterS?: Partial<Record<DeviceKind, number>> }
}

/** What classification decides for one alert. */
export interface Classification {
  rule: Rule
  correlationKey: string
}
