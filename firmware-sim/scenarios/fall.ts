import type { Scenario } from './types.js'

/**
 * Wearables: heart-rate telemetry every 5 s, and FALL alerts at --rate, half of them with a heart-rate
 * spike (125–185 bpm: the built-in rule makes those priority-1 medical incidents for medics), half at rest.
 */
export const fall: Scenario = {
  name: 'fall',
  description: 'wearables send heart-rate telemetry and fall; half of the falls come with a heart-rate spike',
  phases: [{ type: 'fall', deviceKinds: ['wearable'], highHeartRateShare: 0.5, telemetryEveryS: 5 }]
}
