import type { Scenario } from './types.js'

/**
 * Broken firmware: 30 % of presses are malformed (random bytes, truncated messages, latitude 200,
 * an unknown kind, a timestamp a day ahead, no alert id, a heart rate of 999). Each must get
 * AlertAck REJECTED and open nothing; the valid 70 % must be processed as usual.
 */
export const garbage: Scenario = {
  name: 'garbage',
  description: 'steady presses, 30 % of them replaced by malformed payloads that must be REJECTED',
  phases: [{ type: 'steady', faults: { garbage: 0.3 } }]
}
