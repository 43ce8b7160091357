import { createCipheriv, createDecipheriv, randomInt } from 'node:crypto'

/**
 * DC-09 encryption: AES-128/192/256-CBC with an all-zero IV and no PKCS padding. What is encrypted
 * is `pad|data]ext…timestamp`, the pad being random characters (never `[`, `]` or `|`) that make the
 * length a multiple of 16; the frame carries its uppercase hex after the `[`.
 */

const IV = Buffer.alloc(16)
const PAD_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** An account's key as given: 16/24/32 characters, or 32/48/64 hex digits. Undefined when it is neither. */
export function parseKey (text: string): Buffer | undefined {
  if (/^[0-9A-Fa-f]+$/.test(text) && [32, 48, 64].includes(text.length)) return Buffer.from(text, 'hex')
  const b = Buffer.from(text, 'latin1')
  return [16, 24, 32].includes(b.length) ? b : undefined
}

function algorithm (key: Buffer): string {
  return `aes-${key.length * 8}-cbc`
}

/** The clear text of an encrypted frame's `rest` (`[HEX…`), with the pad and its `|` removed: `data]ext…ts`. */
export function decryptRest (rest: string, key: Buffer): string | undefined {
  if (!rest.startsWith('[')) return undefined
  const hex = rest.slice(1)
  if (hex.length === 0 || hex.length % 32 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined
  const d = createDecipheriv(algorithm(key), key, IV)
  d.setAutoPadding(false)
  const clear = Buffer.concat([d.update(Buffer.from(hex, 'hex')), d.final()]).toString('latin1')
  const bar = clear.indexOf('|')
  // A wrong key gives bytes without the pad's bar, or not in printable ASCII
  if (bar < 0 || !/^[\x20-\x7e]*$/.test(clear)) return undefined
  return clear.slice(bar + 1)
}

/** The encrypted form of `clear` (`data]ext…ts`, without the pad) as the frame carries it: `[HEX`. */
export function encryptRest (clear: string, key: Buffer): string {
  const padLength = (16 - ((clear.length + 1) % 16)) % 16
  let pad = ''
  for (let i = 0; i < padLength; i++) pad += PAD_CHARS[randomInt(PAD_CHARS.length)]
  const c = createCipheriv(algorithm(key), key, IV)
  c.setAutoPadding(false)
  const out = Buffer.concat([c.update(Buffer.from(`${pad}|${clear}`, 'latin1')), c.final()])
  return '[' + out.toString('hex').toUpperCase()
}
