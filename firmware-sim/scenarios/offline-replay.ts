import type { Scenario } from './types.js'

/**
 * Devices out of coverage: 30 % of the fleet drops off, presses while offline (the firmware buffers
 * the alerts), and comes back; the buffered alerts are replayed in order on reconnect. A steady
 * background at half --rate keeps the rest of the fleet busy meanwhile.
 */
export const offlineReplay: Scenario = {
  name: 'offline-replay',
  description: '30 % of devices go offline from 10 % to 60 % of the run, press meanwhile, and replay on reconnect',
  phases: [
    { type: 'steady', name: 'background', rateScale: 0.5 },
    { type: 'offline', name: 'offline', from: 0.1, to: 0.6, share: 0.3 }
  ]
}
