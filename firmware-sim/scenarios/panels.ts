// Scenarios played by alarm panels (`run --protocol dc09`): a panel plays the part of every device
// kind (a PERS base station reports the falls), and what only MQTT firmware can do is refused.
import type { Scenario } from './types.js'

/**
 * Why a phase or fault cannot be played by panels: a flood is QoS 1 repeats and QoS 0 telemetry
 * pushed past MQTT's flow control, and the malformed payloads are MQTT alert payloads. DC-09 has
 * one message in flight per panel, so neither has a counterpart.
 */
export function panelScenarioProblems (s: Scenario): string[] {
  const problems: string[] = []
  for (const [i, p] of s.phases.entries()) {
    const name = p.name ?? `${i}:${p.type}`
    if (p.type === 'flood') problems.push(`phase ${name}: a flood is MQTT's (QoS 1 repeats past its flow control); a DC-09 panel has one message in flight`)
    if ((p.faults?.garbage ?? 0) > 0) problems.push(`phase ${name}: garbage faults are malformed MQTT alert payloads, which panels do not send`)
  }
  return problems
}

/** The scenario as panels play it: every phase open to them, whatever device kinds it names. */
export function forPanels (s: Scenario): Scenario {
  const problems = panelScenarioProblems(s)
  if (problems.length > 0) throw new Error(`scenario ${s.name} cannot be played by DC-09 panels: ${problems.join('; ')}`)
  return { ...s, phases: s.phases.map(p => ({ ...p, deviceKinds: ['panel'] })) }
}
