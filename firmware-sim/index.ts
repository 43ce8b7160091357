// firmware-sim as a library: what the CLI does, for benchmarks and tests.
//
//   const fleet = await provisionFleet({ urls, apiKey, buttons: 10, ..., area })
//   const { report, log, invariants } = await runScenario({ fleet, scenario: 'steady', durationMs: 10_000, rate: 50, apiKey })
//
// runScenario connects the fleet, plays the scenario in real time, drains, checks the invariants
// (with apiKey) and returns the report (report.ts) and the raw run log (sim/run-log.ts).
export { provisionFleet, planFleet, type ProvisionOptions } from './provision.js'
export { readFleet, writeFleet, transportOf, type Fleet, type FleetDevice, type FleetPanel, type FleetResponder, type FleetUrls, type DeviceKind } from './fleet.js'
export { runScenario, type RunScenarioOptions, type RunResult, type ProgressSnapshot } from './sim/engine.js'
export { DEFAULT_FIRMWARE, DEFAULT_PANELS, DEFAULT_RESPONDERS, type FirmwareBehaviour, type PanelBehaviour, type ResponderBehaviour } from './sim/behaviour.js'
export { Dc09PanelClient, type Dc09Target, type SendOutcome } from './sim/dc09-panel.js'
export { contactId, linkTest, type PanelIdentity, type PanelMessage } from './sim/dc09-messages.js'
export { readRunLog, writeRunLog, type RunLog, type AlertLogEntry, type OfferLogEntry, type ReplyLogEntry } from './sim/run-log.js'
export { BUILTIN_SCENARIOS } from './scenarios/builtin.js'
export { loadScenario, scenarioProblems, scenarioSchema } from './scenarios/load.js'
export { planScenario, type Plan, type PlanOptions } from './scenarios/plan.js'
export type { Scenario, PhaseSpec, SimEvent, Faults } from './scenarios/types.js'
export { buildReport, type Report } from './report.js'
export { formatReport } from './report-table.js'
export { checkInvariants, type InvariantResult, type Violation } from './invariants.js'
export { checkRun } from './check-run.js'
export { fetchRemoteState } from './remote-state.js'
export { percentile, percentileOfSorted, summarize, RecentSamples, type LatencySummary } from './stats.js'
