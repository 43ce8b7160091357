import type { Scenario } from './types.js'

/**
 * Abuse: during the middle half of the run one device publishes as fast as its socket takes it
 * (QoS 1 repeats of one alert, as a firmware stuck in its retry loop would, and QoS 0 telemetry)
 * and one responder's app stops reading its connection, while the rest of the fleet presses as
 * usual. Flare must hold the flooder back on its own socket and keep everyone else's alerts flowing.
 */
export const flood: Scenario = {
  name: 'flood',
  description: 'steady presses while one device floods as fast as its socket allows and one responder stops reading, in the middle half',
  phases: [{ type: 'steady' }, { type: 'flood', from: 0.25, to: 0.75 }]
}
