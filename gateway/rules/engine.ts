import type { AlertMessage } from '../codec/wire.js'
import type { DeviceKind } from '../identity/devices-repo.js'
import { DEFAULT_LIVENESS, DEFAULT_RULES, FALLBACK_RULE } from './defaults.js'
import type { Condition, LivenessPolicy, Rule, RulesFile } from './types.js'

export interface AlertFacts {
  alert: AlertMessage
  kind: string
  deviceKind: DeviceKind
  zoneId?: string | null
}

function fieldValue (alert: AlertMessage, path: string): number | string | undefined {
  let v: any = alert
  for (const part of path.split('.')) {
    if (v === undefined || v === null) return undefined
    v = v[part]
  }
  return typeof v === 'number' || typeof v === 'string' ? v : undefined
}

function holds (value: number | string | undefined, c: Condition): boolean {
  if (value === undefined) return false
  if (c.gt !== undefined && !(typeof value === 'number' && value > c.gt)) return false
  if (c.gte !== undefined && !(typeof value === 'number' && value >= c.gte)) return false
  if (c.lt !== undefined && !(typeof value === 'number' && value < c.lt)) return false
  if (c.lte !== undefined && !(typeof value === 'number' && value <= c.lte)) return false
  if (c.eq !== undefined && value !== c.eq) return false
  if (c.ne !== undefined && value === c.ne) return false
  if (c.in !== undefined && !c.in.includes(value)) return false
  return true
}

export function ruleMatches (rule: Rule, facts: AlertFacts): boolean {
  const m = rule.match
  if (m.kinds !== undefined && !(m.kinds as string[]).includes(facts.kind)) return false
  if (m.deviceKinds !== undefined && !m.deviceKinds.includes(facts.deviceKind)) return false
  if (m.zones !== undefined && (facts.zoneId == null || !m.zones.includes(facts.zoneId))) return false
  for (const [path, cond] of Object.entries(m.payload ?? {})) {
    if (!holds(fieldValue(facts.alert, path), cond)) return false
  }
  return true
}

/** An immutable, validated rule set; swapped whole on reload, so an alert in flight keeps the set it started with. */
export class RuleSet {
  readonly rules: Rule[]
  readonly liveness: LivenessPolicy

  constructor (readonly file: RulesFile, readonly version: number) {
    this.rules = [...file.rules, ...(file.includeDefaults === false ? [] : DEFAULT_RULES)]
    this.liveness = {
      lowBatteryPct: file.liveness?.lowBatteryPct ?? DEFAULT_LIVENESS.lowBatteryPct,
      silentAfterS: { ...DEFAULT_LIVENESS.silentAfterS, ...file.liveness?.silentAfterS }
    }
  }

  /** First matching rule; the catch-all fallback when none does. */
  match (facts: AlertFacts): Rule {
    return this.rules.find(r => ruleMatches(r, facts)) ?? FALLBACK_RULE
  }
}
