/**
 * SIA DC-09 framing: `LF CRC(4 hex) 0LLL "ID" seq [Rrcvr] Lline #acct [data][ext…] _HH:MM:SS,MM-DD-YYYY CR`.
 * The CRC (CRC-16/ARC) and the length cover the bytes from the opening quote of the ID to the end of
 * the timestamp. Parsing never throws: a frame that cannot be read is a FrameError with a code.
 */

export const LF = 0x0a
export const CR = 0x0d

/** The largest frame accepted; real ones are well under 300 bytes. */
export const MAX_FRAME_BYTES = 1024

/** CRC-16/ARC: polynomial 0x8005 reflected (0xA001), initial 0, no final XOR. */
export function crc16 (bytes: Buffer | string): number {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes
  let crc = 0
  for (const byte of b) {
    crc ^= byte
    for (let i = 0; i < 8; i++) crc = (crc & 1) !== 0 ? (crc >>> 1) ^ 0xa001 : crc >>> 1
  }
  return crc
}

export type FrameErrorCode = 'bad_framing' | 'bad_crc' | 'bad_length' | 'bad_header'

export class FrameError extends Error {
  constructor (readonly code: FrameErrorCode, message: string, readonly header?: Partial<FrameHeader>) {
    super(message)
    this.name = 'FrameError'
  }
}

export interface FrameHeader {
  /** e.g. SIA-DCS, ADM-CID, NULL; without the `*` of an encrypted message */
  id: string
  encrypted: boolean
  /** four digits, echoed in the reply */
  seq: string
  receiver?: string
  line: string
  account: string
}

export interface Frame extends FrameHeader {
  /** everything after the account: `[data][ext…]_timestamp` in clear, or the encrypted hex after `[` */
  rest: string
  /** the body the CRC covers, for forensics and quirks */
  body: string
}

export interface FrameQuirks {
  /** some ELDES panels compute the CRC over the body plus the CR */
  crcIncludesCr?: boolean
  /** some Lupusec panels send the CRC as two binary bytes instead of four hex digits */
  binaryCrc?: boolean
}

const HEADER = /^"(\*?)([A-Z0-9-]{3,8})"(\d{4})(?:R([0-9A-Fa-f]{1,6}))?L([0-9A-Fa-f]{1,6})#([0-9A-Fa-f]{3,16})/

/** Reads the frame's header without checking the CRC (to address a reply to a frame that failed). */
export function parseHeader (body: string): FrameHeader | undefined {
  const m = HEADER.exec(body)
  if (m === null) return undefined
  return { encrypted: m[1] === '*', id: m[2], seq: m[3], receiver: m[4], line: m[5], account: m[6].toUpperCase() }
}

/**
 * Parses one frame: `bytes` from LF to CR inclusive. The account's quirks are not known before the
 * account is, so the caller passes those of the account the header names (parseHeader first).
 */
export function parseFrame (bytes: Buffer, quirks: FrameQuirks = {}): Frame {
  if (bytes.length < 10 || bytes[0] !== LF || bytes[bytes.length - 1] !== CR) throw new FrameError('bad_framing', 'a frame starts with LF and ends with CR')
  const crcLen = quirks.binaryCrc === true ? 2 : 4
  const crcField = bytes.subarray(1, 1 + crcLen)
  const lenField = bytes.subarray(1 + crcLen, 5 + crcLen).toString('latin1')
  const bodyBytes = bytes.subarray(5 + crcLen, bytes.length - 1)
  const body = bodyBytes.toString('latin1')
  const header = parseHeader(body)
  if (!/^0[0-9A-Fa-f]{3}$/.test(lenField)) throw new FrameError('bad_length', `the length field "${lenField}" is not 0 and three hex digits`, header)
  if (parseInt(lenField, 16) !== bodyBytes.length) throw new FrameError('bad_length', `the length field says ${parseInt(lenField, 16)} bytes, the body has ${bodyBytes.length}`, header)
  const expected = crc16(quirks.crcIncludesCr === true ? bytes.subarray(5 + crcLen) : bodyBytes)
  const got = quirks.binaryCrc === true ? crcField.readUInt16BE(0) : /^[0-9A-Fa-f]{4}$/.test(crcField.toString('latin1')) ? parseInt(crcField.toString('latin1'), 16) : -1
  if (got !== expected) throw new FrameError('bad_crc', `the CRC is ${crcField.toString(quirks.binaryCrc === true ? 'hex' : 'latin1')}, the body's is ${hex4(expected)}`, header)
  if (header === undefined) throw new FrameError('bad_header', 'no "ID", sequence, line and account where the header should be')
  const m = HEADER.exec(body) as RegExpExecArray
  return { ...header, rest: body.slice(m[0].length), body }
}

export function hex4 (n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0')
}

/** A whole frame around a body: LF, CRC, length, body, CR. */
export function frame (body: string): Buffer {
  const b = Buffer.from(body, 'latin1')
  return Buffer.concat([Buffer.from(`\n${hex4(crc16(b))}0${b.length.toString(16).toUpperCase().padStart(3, '0')}`, 'latin1'), b, Buffer.from('\r', 'latin1')])
}

/** `_HH:MM:SS,MM-DD-YYYY` in UTC, as DC-09 timestamps are. */
export function timestamp (at: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `_${p(at.getUTCHours())}:${p(at.getUTCMinutes())}:${p(at.getUTCSeconds())},${p(at.getUTCMonth() + 1)}-${p(at.getUTCDate())}-${at.getUTCFullYear()}`
}

/** The epoch ms of a DC-09 timestamp, or undefined when it is not one. */
export function parseTimestamp (ts: string): number | undefined {
  const m = /^_(\d{2}):(\d{2}):(\d{2}),(\d{2})-(\d{2})-(\d{4})$/.exec(ts)
  if (m === null) return undefined
  const [h, mi, s, mo, d, y] = m.slice(1).map(Number)
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(ms)
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined
  return ms
}
