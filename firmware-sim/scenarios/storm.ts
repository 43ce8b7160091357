import type { Scenario } from './types.js'

/**
 * A burst from one area: steady background load, and for the middle fifth of the run the devices of
 * one neighbourhood press at ten times --rate, PANIC and FIRE (FIRE correlates by place, so many
 * reports of one fire should make few incidents), competing for the same nearby responders.
 */
export const storm: Scenario = {
  name: 'storm',
  description: 'steady load, plus a burst at 10× --rate from the 20 % of devices nearest one spot during the middle fifth',
  phases: [
    { type: 'steady', name: 'background' },
    { type: 'storm', name: 'storm', from: 0.4, to: 0.6, share: 0.2, rateScale: 10, kinds: ['PANIC', 'FIRE'] }
  ]
}
