import type { LivenessPolicy, Rule } from './types.js'

const FIVE_MIN = 300

/** Built-in rules: one or more for every alert kind, so any alert is classified even with no RULES_FILE. */
export const DEFAULT_RULES: Rule[] = [
  {
    id: 'panic',
    description: 'A person pressed a panic button or the SOS in the app',
    match: { kinds: ['PANIC'] },
    category: 'security',
    priority: 1,
    openIncident: true,
    correlation: { key: 'device', windowS: FIVE_MIN },
    dispatch: { roles: ['security'], radiusM: 5000, count: 1, offerTimeoutS: 60 },
    escalation: { afterS: 180, widenRadiusFactor: 3, raisePriority: true },
    notifyContacts: true
  },
  {
    id: 'duress',
    description: 'Silent alarm: the person is being coerced',
    match: { kinds: ['DURESS'] },
    category: 'security',
    priority: 1,
    openIncident: true,
    correlation: { key: 'device', windowS: FIVE_MIN },
    dispatch: { roles: ['security'], radiusM: 5000, count: 2, offerTimeoutS: 60 },
    escalation: { afterS: 120, widenRadiusFactor: 3, raisePriority: true },
    notifyContacts: true
  },
  {
    id: 'fall-with-high-heart-rate',
    description: 'A fall with the heart racing is treated as a medical emergency',
    match: { kinds: ['FALL'], payload: { 'vitals.heartRateBpm': { gte: 120 } } },
    category: 'medical',
    priority: 1,
    openIncident: true,
    correlation: { key: 'device', windowS: FIVE_MIN },
    dispatch: { roles: ['medic'], radiusM: 10000, count: 1, offerTimeoutS: 60 },
    escalation: { afterS: 180, widenRadiusFactor: 3, raisePriority: true },
    notifyContacts: true
  },
  {
    id: 'fall',
    description: 'A wearable detected a fall',
    match: { kinds: ['FALL'] },
    category: 'medical',
    priority: 2,
    openIncident: true,
    correlation: { key: 'device', windowS: FIVE_MIN },
    dispatch: { roles: ['medic', 'security'], radiusM: 10000, count: 1, offerTimeoutS: 90 },
    escalation: { afterS: 300, widenRadiusFactor: 3, raisePriority: true },
    notifyContacts: true
  },
  {
    id: 'medical',
    match: { kinds: ['MEDICAL'] },
    category: 'medical',
    priority: 1,
    openIncident: true,
    correlation: { key: 'person', windowS: FIVE_MIN },
    dispatch: { roles: ['medic'], radiusM: 10000, count: 1, offerTimeoutS: 60 },
    escalation: { afterS: 180, widenRadiusFactor: 3, raisePriority: true },
    notifyContacts: true
  },
  {
    id: 'fire',
    description: 'Several people reporting one fire make one incident',
    match: { kinds: ['FIRE'] },
    category: 'fire',
    priority: 1,
    openIncident: true,
    correlation: { key: 'place', windowS: 900 },
    dispatch: { roles: ['fire', 'security'], radiusM: 10000, count: 2, offerTimeoutS: 60 },
    escalation: { afterS: 120, widenRadiusFactor: 3, raisePriority: true },
    notifyContacts: true
  },
  {
    id: 'burglary',
    description: 'An alarm panel reports an intrusion',
    match: { kinds: ['BURGLARY'] },
    category: 'security',
    priority: 2,
    openIncident: true,
    correlation: { key: 'device', windowS: FIVE_MIN },
    dispatch: { roles: ['security'], radiusM: 10000, count: 1, offerTimeoutS: 90 },
    escalation: { afterS: 300, widenRadiusFactor: 3, raisePriority: true },
    notifyContacts: true
  },
  {
    id: 'tamper',
    description: 'Someone opened or removed a device',
    match: { kinds: ['TAMPER'] },
    category: 'security',
    priority: 3,
    openIncident: true,
    correlation: { key: 'device', windowS: 3600 },
    dispatch: { roles: ['security'], radiusM: 5000, count: 1, offerTimeoutS: 120 },
    notifyContacts: false
  },
  {
    id: 'device-offline',
    description: 'A device went silent for longer than its kind allows',
    match: { kinds: ['DEVICE_OFFLINE'] },
    category: 'maintenance',
    priority: 4,
    openIncident: true,
    correlation: { key: 'device', windowS: 86400 },
    notifyContacts: false
  },
  {
    id: 'low-battery',
    description: 'Recorded for maintenance; pages nobody',
    match: { kinds: ['LOW_BATTERY'] },
    category: 'maintenance',
    priority: 5,
    openIncident: false,
    correlation: { key: 'device', windowS: 86400 },
    notifyContacts: false
  },
  {
    id: 'test',
    description: 'Installer and monthly tests: stored and acknowledged, no incident',
    match: { kinds: ['TEST'] },
    category: 'test',
    priority: 5,
    openIncident: false,
    correlation: { key: 'device', windowS: FIVE_MIN },
    notifyContacts: false
  }
]

export const DEFAULT_LIVENESS: LivenessPolicy = {
  lowBatteryPct: 15,
  // Panels send a periodic test at least daily; an hour's grace on top (an account may set its own).
  silentAfterS: { button: 86400, wearable: 3600, phone: 0, panel: 90000 }
}

/**
 * Always last, also when a rules file excludes the defaults: an alert no rule covers still opens an
 * incident for a dispatcher to look at, rather than being lost.
 */
export const FALLBACK_RULE: Rule = {
  id: 'unclassified',
  description: 'No rule matched this alert',
  match: {},
  category: 'unclassified',
  priority: 2,
  openIncident: true,
  correlation: { key: 'device', windowS: FIVE_MIN },
  notifyContacts: false
}
