import { encryptRest } from './cipher.js'
import { frame, timestamp, type FrameHeader } from './frame.js'

/** `R…L…#…`: the receiver, line and account of the message, echoed as it came. */
function route (h: FrameHeader): string {
  return `${h.receiver === undefined ? '' : `R${h.receiver}`}L${h.line}#${h.account}`
}

/**
 * ACK: echoes the sequence, receiver, line and account. The reply to an encrypted message is
 * encrypted with the same key, its clear part being `]` and the receiver's timestamp.
 */
export function ack (h: FrameHeader, key: Buffer | undefined, now: Date): Buffer {
  if (h.encrypted && key !== undefined) return frame(`"*ACK"${h.seq}${route(h)}${encryptRest(']' + timestamp(now), key)}`)
  return frame(`"ACK"${h.seq}${route(h)}[]`)
}

/** NAK with the receiver's clock, from which panels set theirs; sent for a time outside the window or a damaged frame. */
export function nak (now: Date): Buffer {
  return frame(`"NAK"0000R0L0A0[]${timestamp(now)}`)
}

/** DUH: the message was received but is not understood (unknown account, wrong key, unknown type or content). */
export function duh (h: FrameHeader | undefined): Buffer {
  return frame(h === undefined ? '"DUH"0000R0L0A0[]' : `"DUH"${h.seq}${route(h)}[]`)
}
