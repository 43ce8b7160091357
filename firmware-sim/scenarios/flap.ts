import type { Scenario } from './types.js'

/**
 * Bad coverage: connections drop without a DISCONNECT (as a lost network does) about every 10 s per
 * device and return after about 2 s, while presses continue; after one press in ten the link dies
 * at once, before the answers arrive. Alerts in flight when the link dies are re-sent with the same
 * alertId on reconnect (DUPLICATE if Flare had committed them), those pressed while away replay.
 */
export const flap: Scenario = {
  name: 'flap',
  description: 'steady presses while devices lose their connection about every 10 s for about 2 s, and right after 10 % of presses',
  phases: [{ type: 'steady', faults: { flap: { everyS: 10, downS: 2, cutShare: 0.1 } } }]
}
