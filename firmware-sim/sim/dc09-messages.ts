// What a simulated alarm panel says over SIA DC-09, and how it reads the receiver's reply: Contact
// ID events and link tests framed (and encrypted) with the receiver's own frame.ts and cipher.ts,
// so panel and receiver cannot disagree about the format.
import type { AlertKindName } from '../../gateway/codec/wire.js'
import { decryptRest, encryptRest } from '../../gateway/dc09/cipher.js'
import { CR, crc16, frame, hex4, LF, parseTimestamp, timestamp } from '../../gateway/dc09/frame.js'
import { dc09AlertId } from '../../gateway/dc09/handle-message.js'

/** Who a panel is: its account number, its AES key (none: clear text), receiver and line. */
export interface PanelIdentity {
  account: string
  key?: Buffer
  receiver?: string
  line?: string
}

/**
 * A press of each alert kind as the Contact ID event a panel reports, and the kind Flare makes of it
 * (gateway/dc09/event-map.ts): a PERS base station reports a fall as 100 medical.
 */
export const CONTACT_ID: Record<AlertKindName, { code: string, becomes: AlertKindName } | undefined> = {
  ALERT_KIND_UNSPECIFIED: undefined,
  PANIC: { code: '120', becomes: 'PANIC' },
  DURESS: { code: '121', becomes: 'DURESS' },
  FALL: { code: '100', becomes: 'MEDICAL' },
  MEDICAL: { code: '100', becomes: 'MEDICAL' },
  FIRE: { code: '110', becomes: 'FIRE' },
  LOW_BATTERY: { code: '302', becomes: 'LOW_BATTERY' },
  TAMPER: { code: '137', becomes: 'TAMPER' },
  DEVICE_OFFLINE: { code: '102', becomes: 'DEVICE_OFFLINE' },
  TEST: { code: '602', becomes: 'TEST' },
  BURGLARY: { code: '130', becomes: 'BURGLARY' }
}

/** A message before its sequence number and timestamp: `ADM-CID` with its data block, or a `NULL` link test. */
export interface PanelMessage {
  id: 'ADM-CID' | 'NULL'
  /** the first data block's content, e.g. `#12AB|1120 01 003`; empty for a link test */
  data: string
}

/** Contact ID `Q EEE GG ZZZ`: qualifier 1 a new event, 3 its restore; area 01. */
export function contactId (account: string, code: string, o: { restore?: boolean, zone?: number } = {}): PanelMessage {
  return { id: 'ADM-CID', data: `#${account}|${o.restore === true ? 3 : 1}${code} 01 ${String(o.zone ?? 1).padStart(3, '0')}` }
}

export function linkTest (): PanelMessage {
  return { id: 'NULL', data: '' }
}

/** Sequence numbers run 0001–9999 and wrap. */
export function seqText (n: number): string {
  return String(((n - 1) % 9999) + 1).padStart(4, '0')
}

/** The whole frame: `"[*]ID"seq[R]L#acct[data]_timestamp`, the part after the account encrypted when the panel has a key. */
export function buildFrame (who: PanelIdentity, m: PanelMessage, seq: string, at: Date): Buffer {
  const route = `${who.receiver === undefined ? '' : `R${who.receiver}`}L${who.line ?? '0'}#${who.account}`
  const clear = `${m.data}]${timestamp(at)}`
  const rest = who.key === undefined ? `[${clear}` : encryptRest(clear, who.key)
  return frame(`"${who.key === undefined ? '' : '*'}${m.id}"${seq}${route}${rest}`)
}

/** The id Flare gives the alert of a message's (only) event: sequence, timestamp (to the second), data. */
export function expectedAlertId (m: PanelMessage, seq: string, at: Date): string {
  return dc09AlertId(seq, Math.floor(at.getTime() / 1000) * 1000, 0, m.data)
}

export interface Reply {
  type: 'ACK' | 'NAK' | 'DUH'
  seq: string
  /** a NAK's time: the receiver's clock, from which a panel sets its own */
  atMs?: number
}

/**
 * A reply from LF to CR, or undefined when it is none a panel would take: damaged (CRC, length),
 * of another type, or an ACK not encrypted with the panel's key when the panel encrypts. Read by
 * hand rather than with parseFrame: a NAK's route (`R0L0A0`) names no account.
 */
export function parseReply (bytes: Buffer, key?: Buffer): Reply | undefined {
  if (bytes.length < 10 || bytes[0] !== LF || bytes[bytes.length - 1] !== CR) return undefined
  const head = bytes.subarray(1, 9).toString('latin1')
  const body = bytes.subarray(9, bytes.length - 1)
  if (head !== `${hex4(crc16(body))}0${body.length.toString(16).toUpperCase().padStart(3, '0')}`) return undefined
  const text = body.toString('latin1')
  const m = /^"(\*?)(ACK|NAK|DUH)"(\d{4})/.exec(text)
  if (m === null) return undefined
  const type = m[2] as Reply['type']
  if (type === 'ACK' && key !== undefined) {
    const open = text.indexOf('[')
    if (m[1] !== '*' || open < 0 || decryptRest(text.slice(open), key) === undefined) return undefined
  }
  const ts = /_\d{2}:\d{2}:\d{2},\d{2}-\d{2}-\d{4}$/.exec(text)?.[0]
  const atMs = type === 'NAK' && ts !== undefined ? parseTimestamp(ts) : undefined
  return { type, seq: m[3], ...(atMs === undefined ? {} : { atMs }) }
}
