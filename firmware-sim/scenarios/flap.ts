import type { Scenario } from './types.js'

/**
 * Bad coverage: connections drop without a DISCONNECT (as a lost network does) about every 10 s per
 * device and return after about 2 s, while presses continue. Alerts in flight when the link dies
 * are retried with the same alertId (DUPLICATE if Flare had them), those pressed while away replay.
 */
export const flap: Scenario = {
  name: 'flap',
  description: 'steady presses while every device loses its connection about every 10 s for about 2 s',
  phases: [{ type: 'steady', faults: { flap: { everyS: 10, downS: 2 } } }]
}
