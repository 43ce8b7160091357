import type { RuleSet } from '../rules/engine.js'
import { positionOf, type AlertPosition, type ClassifiedAlert, type AlertSource, type ValidAlert } from './types.js'

/** Stage 2 — classify: the first matching rule decides category, priority, correlation and dispatch. */

/** ~110 m cells: reports of one fire from around one building share a key. */
function placeCell (lat: number, lon: number): string {
  return `${lat.toFixed(3)},${lon.toFixed(3)}`
}

export function correlationKey (keyKind: 'device' | 'person' | 'place', source: AlertSource, alert: ValidAlert, zoneId?: string | null, position: AlertPosition | null = positionOf(alert, source)): string {
  // Each fallback is narrower, never wider: no person → this device; no location → this device.
  if (keyKind === 'person' && source.personId !== null) return `person:${source.personId}:${alert.kind}`
  if (keyKind === 'place') {
    if (zoneId != null) return `zone:${zoneId}:${alert.kind}`
    if (position !== null) return `place:${placeCell(position.lat, position.lon)}:${alert.kind}`
  }
  return `device:${source.deviceId}:${alert.kind}`
}

/**
 * `zoneOf` finds the zone of the alert's position: its own fix, or its device's install location
 * (an alert with neither has no zone here).
 */
export function classifyStage (rules: RuleSet, source: AlertSource, alert: ValidAlert, zoneOf?: (lat: number, lon: number) => string | null): ClassifiedAlert {
  const position = positionOf(alert, source)
  const zoneId = position !== null && zoneOf !== undefined ? zoneOf(position.lat, position.lon) : null
  const rule = rules.match({ alert: alert.message, kind: alert.kind, deviceKind: source.deviceKind, zoneId })
  return { source, alert, position, rule, zoneId, correlationKey: correlationKey(rule.correlation.key, source, alert, zoneId, position) }
}
