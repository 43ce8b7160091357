import { createHash } from 'node:crypto'
import type { Logger } from 'pino'
import type { AlertPipeline } from '../pipeline/pipeline.js'
import { Rejection } from '../pipeline/types.js'
import type { AccountBook } from './account-book.js'
import type { ReceivingAccount } from './accounts-repo.js'
import { decryptRest, parseKey } from './cipher.js'
import { targetOf, type EventTarget } from './event-map.js'
import { ContentError, parseEvents, positionOf, splitContent, type PanelEvent } from './events.js'
import { FrameError, parseFrame, parseHeader, parseTimestamp, type Frame } from './frame.js'
import { ack, duh, nak } from './replies.js'

/** What the receiver does with one message's outcome: the reply to send (none: the panel will retry). */
export interface Outcome {
  reply?: Buffer
  /** `ack`, `nak`, `duh` or `none`, and why: the metric's labels and the dead letter's code */
  result: 'ack' | 'nak' | 'duh' | 'none'
  reason: string
  account?: ReceivingAccount
}

export interface MessageDeps {
  book: AccountBook
  pipeline: AlertPipeline
  log: Logger
  /** a sign of life for the account's supervision (written soon after, not awaited) */
  seen: (account: ReceivingAccount) => void
  /** a restore: noted on the account's open incident of that code, if any */
  restored: (account: ReceivingAccount, event: PanelEvent, at: number) => Promise<void>
  now?: () => number
}

/** Not answered with an ACK: carries the reply to send instead. */
class Refusal extends Error {
  constructor (readonly outcome: Outcome) {
    super(outcome.reason)
  }
}

/**
 * One DC-09 message, LF to CR, through its stages in this order:
 *   1 header      who it is from (sequence, receiver, line, account), before anything is trusted
 *   2 account     the account it names, from memory          unknown → DUH
 *   3 frame       length and CRC, with the account's quirks   damaged → NAK (the panel sends again)
 *   4 decrypt     with the account's key, when it has one     wrong key, or clear for a keyed account → DUH
 *   5 content     data blocks, extended data, timestamp       unreadable → DUH
 *   6 clock       the timestamp within the account's window   outside → NAK with the receiver's time
 *   7 events      each event through the alert pipeline       durable first, then
 *   [ACK]
 */
export async function handleMessage (bytes: Buffer, d: MessageDeps): Promise<Outcome> {
  const now = d.now ?? Date.now
  const receivedAt = now()
  const quote = bytes.indexOf('"')
  const header = quote < 0 ? undefined : parseHeader(bytes.subarray(quote, quote + 64).toString('latin1'))
  if (header === undefined) return { reply: duh(undefined), result: 'duh', reason: 'bad_header' }
  try {
    const account = await d.book.find(header.account, header.receiver, header.line)
    if (account === undefined) throw new Refusal({ reply: duh(header), result: 'duh', reason: 'unknown_account' })
    const refuse = (result: 'nak' | 'duh', reason: string): never => {
      throw new Refusal({ reply: result === 'nak' ? nak(new Date(now())) : duh(header), result, reason, account })
    }
    let frame: Frame
    try {
      frame = parseFrame(bytes, account.quirks)
    } catch (err) {
      if (!(err instanceof FrameError)) throw err
      return refuse(err.code === 'bad_header' ? 'duh' : 'nak', err.code)
    }
    const key = account.key === null ? undefined : parseKey(account.key)
    let text = frame.rest
    if (frame.encrypted) {
      if (key === undefined) refuse('duh', 'not_encrypted_account')
      const clear = decryptRest(frame.rest, key as Buffer)
      if (clear === undefined) refuse('duh', 'wrong_key')
      text = '[' + (clear as string)
    } else if (key !== undefined) {
      refuse('duh', 'encryption_required')
    }
    let content: ReturnType<typeof splitContent>
    let events: PanelEvent[]
    try {
      content = splitContent(text)
      events = parseEvents(frame.id, content.data)
    } catch (err) {
      if (!(err instanceof ContentError)) throw err
      return refuse('duh', 'bad_content')
    }
    const sentAt = content.timestamp === undefined ? undefined : parseTimestamp(content.timestamp)
    if (content.timestamp !== undefined && sentAt === undefined) refuse('duh', 'bad_timestamp')
    if (frame.encrypted && sentAt === undefined) refuse('nak', 'timestamp_missing')
    if (sentAt !== undefined && (sentAt > receivedAt + account.aheadS * 1000 || sentAt < receivedAt - account.behindS * 1000)) refuse('nak', 'time_window')

    const position = positionOf(content.extended) ?? (account.lat !== null && account.lon !== null ? { lat: account.lat, lon: account.lon } : undefined)
    for (const [n, event] of events.entries()) {
      const target = targetOf(event, account.eventMap)
      if (target === 'restore') await d.restored(account, event, sentAt ?? receivedAt)
      else if (target !== 'ignore') {
        const result = await raise(d.pipeline, account, frame, event, target, { n, sentAt, receivedAt, data: content.data, position })
        if (result instanceof Rejection) refuse('duh', `rejected_${result.code}`)
      }
    }
    d.seen(account)
    return { reply: ack(frame, key, new Date(now())), result: 'ack', reason: events.length === 0 ? 'link_test' : 'ok', account }
  } catch (err) {
    if (err instanceof Refusal) return err.outcome
    // Not durable (PostgreSQL and the journal both failed): no reply, the panel sends it again.
    d.log.error({ err, account: header.account }, 'dc09: message not stored; not acknowledged')
    return { result: 'none', reason: 'not_stored' }
  }
}

/** The alert id of a message's `n`th event: what a simulated panel predicts to find its alerts again. */
export function dc09AlertId (seq: string, when: number, n: number, data: string): string {
  return `dc09-${seq}-${when}-${n}-${createHash('sha256').update(data).digest('hex').slice(0, 12)}`
}

/**
 * An event as an alert from the account's device. The alert id is what makes a retransmission a
 * duplicate: the sequence number and the message's timestamp (panels repeat both when they send a
 * message again), the event's place in it, and a digest of the data (sequence numbers wrap at 9999).
 * Without a timestamp, the receive time to ten minutes stands in for it.
 */
async function raise (pipeline: AlertPipeline, account: ReceivingAccount, frame: Frame, event: PanelEvent, kind: Exclude<EventTarget, 'ignore'>,
  m: { n: number, sentAt?: number, receivedAt: number, data: string, position?: { lat: number, lon: number } }) {
  const when = m.sentAt ?? Math.floor(m.receivedAt / 600_000) * 600_000
  const alert = {
    alertId: dc09AlertId(frame.seq, when, m.n, m.data),
    kind,
    triggeredAtMs: m.sentAt ?? m.receivedAt,
    seq: Number(frame.seq),
    ...(m.position === undefined ? {} : { location: { lat: m.position.lat, lon: m.position.lon } }),
    attributes: {
      dc09: frame.id,
      code: event.code,
      ...(event.zone === undefined ? {} : { zone: event.zone }),
      ...(event.area === undefined ? {} : { area: event.area }),
      account: frame.account
    }
  }
  return await pipeline.process({
    deviceId: account.id,
    deviceKind: 'panel',
    codec: 'json',
    personId: account.personId,
    topic: `dc09/${account.id}`,
    raw: Buffer.from(JSON.stringify(alert)),
    receivedAt: m.receivedAt
  }, { ack: false })
}
