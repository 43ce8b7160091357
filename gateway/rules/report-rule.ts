import type { AlertKindName } from '../codec/wire.js'
import type { RuleSet } from './engine.js'
import type { Rule } from './types.js'

/**
 * The rule behind an incident a dispatcher opens (a phone call, a walk-in): the first rule in force
 * of that category which opens incidents and could apply without a device's alert — no payload
 * conditions, no device kinds, its zones (if any) holding the incident's zone, and, when the
 * dispatcher named an alert kind, that kind among its kinds. Its dispatch and escalation policies
 * then apply as they would to an alert. Undefined when no rule fits.
 */
export function ruleForReport (rules: RuleSet, r: { category: string, kind?: AlertKindName, zoneId: string | null }): Rule | undefined {
  return rules.rules.find(rule => rule.category === r.category && rule.openIncident &&
    Object.keys(rule.match.payload ?? {}).length === 0 &&
    rule.match.deviceKinds === undefined &&
    (rule.match.zones === undefined || (r.zoneId !== null && rule.match.zones.includes(r.zoneId))) &&
    (r.kind === undefined || rule.match.kinds === undefined || rule.match.kinds.includes(r.kind)))
}

/** The categories a dispatcher may open an incident in: those of the rules that open incidents, in rule order. */
export function reportCategories (rules: RuleSet): string[] {
  return [...new Set(rules.rules.filter(r => r.openIncident).map(r => r.category))]
}
