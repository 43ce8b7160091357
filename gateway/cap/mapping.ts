// How an incident's own terms become CAP 1.2's fixed vocabularies. Flare's categories are the rules'
// free names; the defaults' are mapped here, and a category named after a CAP one maps to it.

export type CapCategory = 'Geo' | 'Met' | 'Safety' | 'Security' | 'Rescue' | 'Fire' | 'Health' | 'Env' | 'Transport' | 'Infra' | 'CBRNE' | 'Other'
export type CapUrgency = 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown'
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown'
export type CapStatus = 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft'

const CAP_CATEGORIES: readonly CapCategory[] = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other']

const CATEGORY: Readonly<Record<string, CapCategory>> = {
  security: 'Security',
  medical: 'Health',
  fire: 'Fire',
  maintenance: 'Infra',
  test: 'Other',
  unclassified: 'Other'
}

export function capCategory (category: string): CapCategory {
  const own = CATEGORY[category]
  if (own !== undefined) return own
  return CAP_CATEGORIES.find(c => c.toLowerCase() === category.toLowerCase()) ?? 'Other'
}

/** A rule's `test` category (a device's test press, a panel's periodic test) is CAP's Test status. */
export function capStatus (category: string): CapStatus {
  return category === 'test' ? 'Test' : 'Actual'
}

// Priority 1 is the most urgent (a panic, a duress code), 5 the least (a battery running low).
const URGENCY: readonly CapUrgency[] = ['Immediate', 'Immediate', 'Expected', 'Future', 'Future']
const SEVERITY: readonly CapSeverity[] = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Minor']

export function capUrgency (priority: number): CapUrgency {
  return URGENCY[priority - 1] ?? 'Unknown'
}

export function capSeverity (priority: number): CapSeverity {
  return SEVERITY[priority - 1] ?? 'Unknown'
}

const EVENT: Readonly<Record<string, string>> = {
  PANIC: 'Panic alarm',
  DURESS: 'Duress alarm',
  FALL: 'Fall detected',
  MEDICAL: 'Medical emergency',
  FIRE: 'Fire alarm',
  BURGLARY: 'Intrusion alarm',
  TAMPER: 'Tamper alarm',
  LOW_BATTERY: 'Device battery low',
  DEVICE_OFFLINE: 'Device offline',
  TEST: 'Test alarm'
}

/** The event's name in words: the alert kind's, else the category's. */
export function capEvent (kind: string, category: string): string {
  return EVENT[kind] ?? (kind !== '' && kind !== 'ALERT_KIND_UNSPECIFIED' ? kind.toLowerCase().replace(/_/g, ' ') : `${category} incident`)
}

/**
 * CAP's time: seconds and a numeric offset, never "Z" or fractions. Always in UTC (+00:00), so the
 * same instant is always written the same way, on every node.
 */
export function capTime (at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at
  if (Number.isNaN(d.getTime())) throw new Error(`not a time: ${String(at)}`)
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00')
}

/** What CAP's identifier, sender and references may not contain (3.2.1: spaces, commas, < and &). */
export const CAP_FORBIDDEN = /[\s,<&]/
