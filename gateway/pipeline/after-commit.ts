import type { Logger } from 'pino'
import { encode, type AlertAckMessage, type Codec } from '../codec/wire.js'
import type { Outbox, Publish } from '../storage/outbox.js'
import type { PersistResult, Rejection } from './types.js'

/**
 * Stage 4 — after commit: the device's AlertAck, then the committed outbox rows (the offers and
 * notices that persist's dispatch step wrote). Failures here lose nothing: the device retries until
 * it gets an ack, and the outbox relay re-publishes what is left.
 */
export class AfterCommit {
  constructor (private readonly publish: Publish, private readonly outbox: Outbox, private readonly log: Logger) {}

  async ack (deviceId: string, codec: Codec, ack: AlertAckMessage): Promise<void> {
    try {
      await this.publish(`dev/${deviceId}/ack`, encode('AlertAck', ack, codec), 1)
    } catch (err) {
      this.log.warn({ err, deviceId }, 'ack publish failed')
    }
  }

  /**
   * The device's ack is published before its PUBACK; the offers and notices are not waited for:
   * they are committed, and one responder that stopped reading must not hold up the PUBACKs of a
   * whole group-commit batch.
   */
  async committed (deviceId: string, codec: Codec, alertId: string, result: PersistResult, sendAck = true): Promise<void> {
    if (sendAck) await this.ack(deviceId, codec, ackFor(alertId, result))
    if (result.status === 'ACCEPTED' && result.outbox.length > 0) {
      this.outbox.publishCommitted(result.outbox).catch((err) => {
        this.log.warn({ err, deviceId }, 'outbox publish failed; the relay will retry')
      })
    }
  }

  /** A journaled alert is in PostgreSQL now: its final ack, then what its commit queued. */
  async replayed (deviceId: string, codec: Codec, alertId: string, result: PersistResult, provisional: string): Promise<void> {
    await this.ack(deviceId, codec, replayedAckFor(alertId, result, provisional))
    await this.committed(deviceId, codec, alertId, result, false)
  }

  async rejected (deviceId: string, codec: Codec, rejection: Rejection): Promise<void> {
    await this.ack(deviceId, codec, { alertId: rejection.alertId, status: 'REJECTED', reasonCode: rejection.code, reason: rejection.reason })
  }
}

export function ackFor (alertId: string, result: PersistResult): AlertAckMessage {
  const incidentNumber = result.incidentNumber ?? undefined
  if (result.status === 'DUPLICATE') {
    return { alertId, status: 'DUPLICATE', incidentNumber, message: incidentNumber === undefined ? 'Alert already received.' : `Already received: incident ${incidentNumber}.` }
  }
  if (result.provisional === true) {
    // Stored on this node while the database is away: help is still arranged; the number changes later.
    return {
      alertId,
      status: 'ACCEPTED',
      incidentNumber,
      message: incidentNumber === undefined ? 'Alert received.' : `Alert received: incident ${incidentNumber} (provisional number; the final one follows).`
    }
  }
  return {
    alertId,
    status: 'ACCEPTED',
    incidentNumber,
    message: incidentNumber === undefined ? 'Alert received.' : result.opened ? `Alert received: incident ${incidentNumber} opened.` : `Alert received: added to incident ${incidentNumber}.`
  }
}

/** After a journal replay: the device learns the final number of the incident it was given provisionally. */
export function replayedAckFor (alertId: string, result: PersistResult, provisional: string): AlertAckMessage {
  const ack = ackFor(alertId, result)
  if (provisional === '' || result.incidentNumber === null) return ack
  return { ...ack, status: 'ACCEPTED', message: `Incident ${result.incidentNumber} (was provisional ${provisional}).` }
}
