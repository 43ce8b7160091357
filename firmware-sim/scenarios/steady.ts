import type { Scenario } from './types.js'

/** Poisson presses across the whole fleet at --rate: the everyday load. */
export const steady: Scenario = {
  name: 'steady',
  description: 'Poisson presses across the whole fleet at --rate (mostly PANIC, some MEDICAL)',
  phases: [{ type: 'steady' }]
}
