import type { RuleSet } from '../rules/engine.js'
import type { ClassifiedAlert, AlertSource, ValidAlert } from './types.js'

/** Stage 2 — classify: the first matching rule decides category, priority, correlation and dispatch. */

/** ~110 m cells: reports of one fire from around one building share a key. */
function placeCell (lat: number, lon: number): string {
  return `${lat.toFixed(3)},${lon.toFixed(3)}`
}

export function correlationKey (keyKind: 'device' | 'person' | 'place', source: AlertSource, alert: ValidAlert, zoneId?: string | null): string {
  // Each fallback is narrower, never wider: no person → this device; no location → this device.
  if (keyKind === 'person' && source.personId !== null) return `person:${source.personId}:${alert.kind}`
  if (keyKind === 'place') {
    if (zoneId != null) return `zone:${zoneId}:${alert.kind}`
    if (alert.location !== undefined) return `place:${placeCell(alert.location.lat, alert.location.lon)}:${alert.kind}`
  }
  return `device:${source.deviceId}:${alert.kind}`
}

/** `zoneOf` finds the zone of the alert's own location (an alert without one has no zone here). */
export function classifyStage (rules: RuleSet, source: AlertSource, alert: ValidAlert, zoneOf?: (lat: number, lon: number) => string | null): ClassifiedAlert {
  const zoneId = alert.location !== undefined && zoneOf !== undefined ? zoneOf(alert.location.lat, alert.location.lon) : null
  const rule = rules.match({ alert: alert.message, kind: alert.kind, deviceKind: source.deviceKind, zoneId })
  return { source, alert, rule, zoneId, correlationKey: correlationKey(rule.correlation.key, source, alert, zoneId) }
}
