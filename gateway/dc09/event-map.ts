import type { PanelEvent } from './events.js'

/** What a panel's event becomes: an alert of this kind, or nothing (acknowledged and counted). */
export type EventTarget = 'PANIC' | 'DURESS' | 'MEDICAL' | 'FIRE' | 'BURGLARY' | 'TAMPER' | 'LOW_BATTERY' | 'DEVICE_OFFLINE' | 'TEST' | 'ignore'

export const EVENT_TARGETS: readonly EventTarget[] = ['PANIC', 'DURESS', 'MEDICAL', 'FIRE', 'BURGLARY', 'TAMPER', 'LOW_BATTERY', 'DEVICE_OFFLINE', 'TEST', 'ignore']

/** An account's mapping: `cid:130` (one code), `cid:130-139` (a range) or `sia:BA`, over the defaults. */
export type EventMap = Record<string, EventTarget>

/**
 * The defaults, from Contact ID's and SIA DC-03's code tables: the alarms people and property need
 * help for open incidents through the rules; troubles are recorded; open/close and the like are not
 * alerts. Ranges before single codes: a single code inside a range overrides it (137 tamper).
 */
export const DEFAULT_EVENT_MAP: EventMap = {
  'cid:100-101': 'MEDICAL', // medical, personal emergency (a PERS pendant)
  'cid:102': 'DEVICE_OFFLINE', // fail to report in (a PERS base station's inactivity)
  'cid:110-118': 'FIRE',
  'cid:120': 'PANIC',
  'cid:121-122': 'DURESS', // duress, silent panic
  'cid:123': 'PANIC', // audible panic
  'cid:130-139': 'BURGLARY',
  'cid:137': 'TAMPER',
  'cid:140': 'PANIC', // general alarm: someone must look
  'cid:144-145': 'TAMPER',
  'cid:162': 'FIRE', // carbon monoxide
  'cid:301-302': 'LOW_BATTERY', // AC loss, low system battery
  'cid:309': 'LOW_BATTERY',
  'cid:311': 'LOW_BATTERY',
  'cid:344': 'TAMPER', // RF jamming
  'cid:384': 'LOW_BATTERY', // RF transmitter low battery
  'cid:602-603': 'TEST', // periodic test: a sign of life, no incident
  'sia:MA': 'MEDICAL',
  'sia:QA': 'MEDICAL', // emergency
  'sia:FA': 'FIRE',
  'sia:GA': 'FIRE', // gas
  'sia:PA': 'PANIC',
  'sia:HA': 'DURESS', // hold-up
  'sia:BA': 'BURGLARY',
  'sia:TA': 'TAMPER',
  'sia:AT': 'LOW_BATTERY',
  'sia:YT': 'LOW_BATTERY',
  'sia:XT': 'LOW_BATTERY',
  'sia:RP': 'TEST',
  'sia:RX': 'TEST'
}

/** `cid:130`, `cid:130-139` or `sia:BA`: what a mapping key may be. */
export const EVENT_KEY = /^(cid:\d{3}(-\d{3})?|sia:[A-Z]{2})$/

function lookup (map: EventMap, code: string): EventTarget | undefined {
  if (map[code] !== undefined) return map[code]
  if (!code.startsWith('cid:')) return undefined
  const n = Number(code.slice(4))
  let best: { span: number, target: EventTarget } | undefined
  for (const [k, target] of Object.entries(map)) {
    const m = /^cid:(\d{3})-(\d{3})$/.exec(k)
    if (m === null || n < Number(m[1]) || n > Number(m[2])) continue
    const span = Number(m[2]) - Number(m[1])
    if (best === undefined || span < best.span) best = { span, target }
  }
  return best?.target
}

/**
 * The target of an event: the account's own mapping first, then the defaults. A restore is the
 * end of an earlier event of the same code, never a new alert. An event no mapping names is
 * ignored (acknowledged, counted and logged).
 */
export function targetOf (event: PanelEvent, accountMap: EventMap): EventTarget | 'restore' {
  if (event.restore) return 'restore'
  return lookup(accountMap, event.code) ?? lookup(DEFAULT_EVENT_MAP, event.code) ?? 'ignore'
}

/** The code whose event a SIA restore ends (BR → BA); Contact ID restores keep their code. */
export function restoredCode (event: PanelEvent): string {
  return event.code.startsWith('sia:') ? `sia:${event.code[4]}A` : event.code
}
