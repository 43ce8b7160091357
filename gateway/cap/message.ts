import { create } from 'xmlbuilder2'
import type { IncidentState } from '../incidents/state-machine.js'
import { capCategory, capEvent, capSeverity, capStatus, capTime, capUrgency } from './mapping.js'

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2'
export const CAP_CONTENT_TYPE = 'application/cap+xml'

/** What a CAP message says of an incident: the incident's row (GET …/cap) or a live event's copy of it (webhooks). */
export interface CapSubject {
  id: string
  number: string
  state: IncidentState
  priority: number
  category: string
  kind: string
  zoneId: string | null
  lat: number | null
  lon: number | null
  address: string | null
  openedAt: string
  description?: string | null
}

export type CapMsgType = 'Alert' | 'Update' | 'Cancel'

export interface CapMessage {
  subject: CapSubject
  msgType: CapMsgType
  /** when this message's news happened: the opening for an Alert, the change for an Update or Cancel */
  sent: string
  /** CAP_SENDER */
  sender: string
  /** for a Cancel, why (the transition's reason) */
  note?: string | null
  /** the incident in the console, when PUBLIC_URL says where that is */
  web?: string
}

/** The first message about an incident is named after it; every later one adds its time. */
export function capIdentifier (m: Pick<CapMessage, 'subject' | 'msgType' | 'sent'>): string {
  const first = `flare-incident-${m.subject.id}`
  return m.msgType === 'Alert' ? first : `${first}-${Date.parse(m.sent)}`
}

/** An incident's state in CAP's terms: opened (still unanswered), changed, or called off. */
export function msgTypeOf (state: IncidentState): CapMsgType {
  if (state === 'CANCELLED') return 'Cancel'
  return state === 'NEW' ? 'Alert' : 'Update'
}

const STATE_WORDS: Readonly<Record<IncidentState, string>> = {
  NEW: 'Raised; no responder has accepted yet.',
  ASSIGNED: 'A responder has accepted.',
  EN_ROUTE: 'A responder is on the way.',
  ON_SCENE: 'A responder is on scene.',
  RESOLVED: 'Resolved by the responder.',
  CLOSED: 'Closed.',
  CANCELLED: 'Cancelled.'
}

/**
 * One incident as a CAP 1.2 `<alert>`. Scope is Restricted: it names a person in danger and where
 * they are, for the services Flare is set up to tell, never for the public. Element order is the
 * schema's (a sequence).
 */
export function capXml (m: CapMessage): string {
  const s = m.subject
  const doc = create({ version: '1.0', encoding: 'UTF-8' })
  const alert = doc.ele(CAP_NAMESPACE, 'alert')
  const text = (name: string, value: string): void => { alert.ele(name).txt(value) }
  text('identifier', capIdentifier(m))
  text('sender', m.sender)
  text('sent', capTime(m.sent))
  text('status', capStatus(s.category))
  text('msgType', m.msgType)
  text('source', 'Flare')
  text('scope', 'Restricted')
  text('restriction', 'For the emergency services and partners this Flare installation reports to; it carries personal data.')
  if (m.msgType === 'Cancel' && m.note != null && m.note !== '') text('note', m.note)
  if (m.msgType !== 'Alert') text('references', `${m.sender},${capIdentifier({ subject: s, msgType: 'Alert', sent: s.openedAt })},${capTime(s.openedAt)}`)
  text('incidents', `flare-incident-${s.id}`)

  const info = alert.ele('info')
  const event = capEvent(s.kind, s.category)
  const add = (name: string, value: string): void => { info.ele(name).txt(value) }
  add('language', 'en')
  add('category', capCategory(s.category))
  add('event', event)
  if (s.state === 'RESOLVED' || s.state === 'CLOSED' || s.state === 'CANCELLED') add('responseType', 'AllClear')
  add('urgency', capUrgency(s.priority))
  add('severity', capSeverity(s.priority))
  add('certainty', 'Observed')
  const named = (name: string, valueName: string, value: string): void => {
    const e = info.ele(name)
    e.ele('valueName').txt(valueName)
    e.ele('value').txt(value)
  }
  named('eventCode', 'flare:kind', s.kind)
  named('eventCode', 'flare:category', s.category)
  add('senderName', 'Flare')
  add('headline', `${s.number}: ${event}`.slice(0, 160))
  add('description', [STATE_WORDS[s.state], s.description ?? ''].filter(t => t !== '').join('\n'))
  if (m.web !== undefined) add('web', m.web)
  named('parameter', 'flare:incidentId', s.id)
  named('parameter', 'flare:incidentNumber', s.number)
  named('parameter', 'flare:state', s.state)
  named('parameter', 'flare:priority', String(s.priority))
  if (s.zoneId !== null) named('parameter', 'flare:zone', s.zoneId)

  const where = s.lat !== null && s.lon !== null ? `${s.lat},${s.lon}` : undefined
  if (where !== undefined || s.address !== null) {
    const area = info.ele('area')
    area.ele('areaDesc').txt(s.address ?? where ?? '')
    // A radius of 0 is a point (3.2.4): the position of the alert, not an area around it.
    if (where !== undefined) area.ele('circle').txt(`${where} 0`)
  }
  return doc.end({ prettyPrint: true })
}
