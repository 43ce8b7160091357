import type { Scenario } from './types.js'

/**
 * A button that bounces (or a frightened person pressing again and again): 3–5 presses within a
 * second, each a new alertId of the same kind. Correlation must fold each burst into one incident.
 */
export const bounce: Scenario = {
  name: 'bounce',
  description: 'buttons send bursts of 3–5 presses within a second (distinct alert ids, one kind): one incident per burst',
  phases: [{ type: 'bounce', deviceKinds: ['button'], presses: [3, 5], withinMs: 1000 }]
}
