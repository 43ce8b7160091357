/**
 * The event inside a DC-09 message: Contact ID (`ADM-CID`, `#acct|QEEE GG ZZZ`) or SIA DC-03
 * (`SIA-DCS`, `#acct|Nri1/BA01`), and the extended data blocks (`[X…][Y…]` position, `[M…]`, `[V…]`).
 */

export type EventCode = `cid:${string}` | `sia:${string}`

export interface PanelEvent {
  /** `cid:130` or `sia:BA`: what the account's mapping is keyed by */
  code: EventCode
  /** a new event (or opening), or a restore (or closing) */
  restore: boolean
  /** group/partition (Contact ID GG, SIA ri) */
  area?: string
  /** zone or user number */
  zone?: string
}

export class ContentError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'ContentError'
  }
}

/** `[data][ext]…_timestamp` → its parts; throws ContentError when the blocks cannot be read. */
export function splitContent (text: string): { data: string, extended: string[], timestamp?: string } {
  const blocks: string[] = []
  let i = 0
  while (text[i] === '[') {
    const end = text.indexOf(']', i)
    if (end < 0) throw new ContentError('a data block is not closed with ]')
    blocks.push(text.slice(i + 1, end))
    i = end + 1
  }
  if (blocks.length === 0) throw new ContentError('no data block ([…]) after the account')
  const tail = text.slice(i)
  if (tail !== '' && !tail.startsWith('_')) throw new ContentError(`unexpected "${tail.slice(0, 20)}" after the data blocks`)
  return { data: blocks[0], extended: blocks.slice(1), timestamp: tail === '' ? undefined : tail }
}

/** The events of a message's data block, by its ID. */
export function parseEvents (id: string, data: string): PanelEvent[] {
  if (id === 'NULL') return []
  const body = data.includes('|') ? data.slice(data.indexOf('|') + 1) : data
  if (id === 'ADM-CID') return [contactId(body)]
  if (id === 'SIA-DCS') return siaEvents(body)
  throw new ContentError(`message type "${id}" is not one this receiver reads (SIA-DCS, ADM-CID, NULL)`)
}

/** `QEEE GG ZZZ` (spaces optional): qualifier 1 new / 3 restore / 6 still present. */
function contactId (body: string): PanelEvent {
  const m = /^([136])(\d{3}) ?([0-9A-Fa-f]{2}) ?([0-9A-Fa-f]{3})$/.exec(body.trim())
  if (m === null) throw new ContentError(`"${body}" is not a Contact ID event (Q EEE GG ZZZ)`)
  return { code: `cid:${m[2]}`, restore: m[1] === '3', area: m[3], zone: m[4] }
}

/** SIA DC-03: optional `N`, then `/`-separated fields: `ri<area>`, `id<user>`, `ti<time>`, or a two-letter code and a number. */
function siaEvents (body: string): PanelEvent[] {
  let area: string | undefined
  const events: PanelEvent[] = []
  for (const field of body.replace(/^N/, '').split('/')) {
    if (field === '') continue
    const ri = /^ri(\d{1,3})(?:([A-Z]{2})(\d{0,4}))?$/.exec(field)
    if (ri !== null) {
      area = ri[1]
      if (ri[2] !== undefined) events.push(siaEvent(ri[2], ri[3], area))
      continue
    }
    if (/^(id|ti|pi)/.test(field)) continue
    const ev = /^([A-Z]{2})(\d{0,4})$/.exec(field)
    if (ev === null) throw new ContentError(`"${field}" is not a SIA event (two letters and a number)`)
    events.push(siaEvent(ev[1], ev[2], area))
  }
  if (events.length === 0) throw new ContentError(`no event in "${body}"`)
  return events
}

/** SIA codes whose second letter is R are restores of the alarm with the same first letter (BA → BR). */
function siaEvent (code: string, zone: string, area: string | undefined): PanelEvent {
  const restore = code[1] === 'R' && code !== 'RR' && code !== 'RP'
  return { code: `sia:${code}`, restore, area, zone: zone === '' ? undefined : zone }
}

/** `[X<lon>]` and `[Y<lat>]` (decimal degrees) when both are there and in range. */
export function positionOf (extended: string[]): { lat: number, lon: number } | undefined {
  const x = extended.find(b => b.startsWith('X'))
  const y = extended.find(b => b.startsWith('Y'))
  if (x === undefined || y === undefined) return undefined
  const lon = Number(x.slice(1))
  const lat = Number(y.slice(1))
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined
  return { lat, lon }
}
