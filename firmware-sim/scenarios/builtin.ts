import { bounce } from './bounce.js'
import { fall } from './fall.js'
import { flap } from './flap.js'
import { flood } from './flood.js'
import { garbage } from './garbage.js'
import { offlineReplay } from './offline-replay.js'
import { steady } from './steady.js'
import { storm } from './storm.js'
import type { Scenario } from './types.js'

/** The scenarios `run --scenario NAME` knows by name. */
export const BUILTIN_SCENARIOS: Readonly<Record<string, Scenario>> = Object.freeze({
  steady,
  storm,
  bounce,
  'offline-replay': offlineReplay,
  flap,
  garbage,
  fall,
  flood
})
