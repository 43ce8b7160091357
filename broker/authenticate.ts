import type { Client, AuthenticateError, ConnectPacket } from 'aedes'
import type { Logger } from 'pino'
import { canPublish, type ClientPrincipal } from './acl.js'
import { attachPrincipal, forgetConnectPacket, isEmptyIdPersistent, markEmptyIdPersistent, requestedWill, setWill, type WillPacket } from './aedes-internals.js'
import type { BrokerMetrics } from './metrics.js'
import { ConnectPacer } from './connect-pacer.js'
import { clientCertificate } from './client-cert.js'

/** What the broker needs to know about an MQTT principal; implemented over PostgreSQL by the gateway. */
export interface PrincipalDirectory {
  /** undefined: no such principal, or wrong secret, or revoked (reason tells which, for metrics and logs) */
  authenticate: (id: string, secret: string) => Promise<{ principal: ClientPrincipal } | { refused: 'unknown' | 'bad_secret' | 'revoked' }>
  /** a principal named by a client certificate TLS_CA signed: no secret to check, but it must exist and not be revoked */
  certified: (id: string) => Promise<{ principal: ClientPrincipal } | { refused: 'unknown' | 'revoked' }>
  /** told on every node when a principal is revoked, before its live session is dropped */
  revoked?: (id: string) => void
}

// CONNACK return codes (MQTT 3.1.1 §3.2.2.3); AuthErrorCode is a type-only enum in aedes.
const IDENTIFIER_REJECTED = 2
const SERVER_UNAVAILABLE = 3
const BAD_CREDENTIALS = 4
const NOT_AUTHORIZED = 5

export function statusTopic (deviceId: string): string {
  return `dev/${deviceId}/status`
}

function statusWill (deviceId: string): WillPacket {
  return { cmd: 'publish', topic: statusTopic(deviceId), payload: Buffer.from('offline'), qos: 1, retain: true }
}

/**
 * Wills are checked against the ACL at CONNECT, because another node may publish them after this
 * one dies, with no client to check against. A device's will is always the broker's own
 * dev/{id}/status "offline" (the broker owns that topic).
 */
function admitWill (client: Client, principal: ClientPrincipal): void {
  const will = requestedWill(client)
  if (principal.kind === 'device') {
    setWill(client, statusWill(principal.id))
  } else if (will !== null && !canPublish(principal, will.topic)) {
    setWill(client, null)
  }
}

function refuse (code: number, message: string): AuthenticateError {
  const err = new Error(message) as AuthenticateError
  err.returnCode = code
  return err
}

/** preConnect sees the raw CONNECT; authenticate does not, so the MQTT-3.1.3-8 check is noted here. */
export function preConnect (client: Client, packet: Pick<ConnectPacket, 'clientId' | 'clean'>, done: (err: Error | null, ok: boolean) => void): void {
  if (packet.clientId === '' && !packet.clean) markEmptyIdPersistent(client)
  // aedes has the packet for the rest of the CONNECT; the parser need not keep it for the connection's life.
  forgetConnectPacket(client)
  done(null, true)
}

/** Accepted CONNECTs going on per event-loop turn (connect-pacer.ts). */
const CONNECTS_PER_TURN = 32

/** The longest accepted CONNECTs wait for alerts being committed (connect-pacer.ts). */
const CONNECT_HOLD_MS = 50

export function makeAuthenticate (opts: { directory: PrincipalDirectory, allowAnonymous: boolean, metrics: BrokerMetrics, log: Logger, urgent?: () => boolean }) {
  const { directory, allowAnonymous, metrics, log } = opts
  const pacer = new ConnectPacer(CONNECTS_PER_TURN, { urgent: opts.urgent, maxHoldMs: CONNECT_HOLD_MS })
  return function authenticate (client: Client, username: string | undefined, password: Buffer | undefined, done: (err: AuthenticateError | null, ok: boolean | null) => void): void {
    const fail = (code: number, reason: string): void => {
      metrics.authFailures.inc({ reason })
      log.info({ clientId: client.id, reason, returnCode: code }, 'connection refused')
      done(refuse(code, reason), null)
    }
    // Checked again when its turn comes: a revocation meanwhile finds no live session to drop (the
    // client registers only after done), so it must be caught here. The check is an HMAC and a lookup.
    const admitChecked = <R extends string>(lookup: () => Promise<{ principal: ClientPrincipal } | { refused: R }>, codeOf: (refused: R) => number): void => {
      const check = (then: (principal: ClientPrincipal) => void): void => {
        lookup().then((result) => {
          if ('refused' in result) return fail(codeOf(result.refused), result.refused)
          then(result.principal)
        }, (err) => {
          log.error({ err, clientId: client.id }, 'authentication failed: directory unavailable')
          fail(SERVER_UNAVAILABLE, 'server_unavailable')
        })
      }
      check(() => {
        pacer.run(() => {
          check((principal) => {
            attachPrincipal(client, principal)
            admitWill(client, principal)
            done(null, true)
          })
        })
      })
    }
    // [MQTT-3.1.3-8]: an empty client id needs clean session 1.
    if (isEmptyIdPersistent(client)) return fail(IDENTIFIER_REJECTED, 'empty_client_id_persistent')

    // No password, a client certificate: the certificate is the credential (a password, when sent, is checked as always).
    const cert = password === undefined ? clientCertificate(client) : undefined
    if (cert !== undefined) {
      if ('untrusted' in cert) {
        log.info({ clientId: client.id, why: cert.untrusted }, 'client certificate not trusted')
        return fail(NOT_AUTHORIZED, 'certificate_untrusted')
      }
      // The certificate names the principal, and a principal may only connect as itself.
      if (cert.id !== client.id || (username !== undefined && username !== cert.id)) return fail(NOT_AUTHORIZED, 'certificate_client_id_mismatch')
      return admitChecked(async () => {
        const result = await directory.certified(cert.id)
        if ('refused' in result) return { refused: `certificate_${result.refused}` as const }
        // Devices only: people's apps log in with the secret their enrolment gave them.
        return result.principal.kind === 'device' ? result : { refused: 'certificate_not_device' as const }
      }, () => NOT_AUTHORIZED)
    }

    if (username === undefined && password === undefined) {
      if (!allowAnonymous) return fail(NOT_AUTHORIZED, 'anonymous')
      // The client id is the principal: an anonymous client borrowing a principal's id would take over its session.
      directory.authenticate(client.id, '').then((result) => {
        if (!('refused' in result) || result.refused !== 'unknown') return fail(NOT_AUTHORIZED, 'anonymous_principal_id')
        const principal: ClientPrincipal = { kind: 'anonymous', id: client.id }
        attachPrincipal(client, principal)
        admitWill(client, principal)
        done(null, true)
      }, (err) => {
        log.error({ err, clientId: client.id }, 'authentication failed: directory unavailable')
        fail(SERVER_UNAVAILABLE, 'server_unavailable')
      })
      return
    }
    if (username === undefined || password === undefined) return fail(BAD_CREDENTIALS, 'incomplete_credentials')
    // The client id is the principal: a principal may only connect as itself.
    if (username !== client.id) return fail(NOT_AUTHORIZED, 'client_id_mismatch')
    const secret = password.toString('utf8')
    admitChecked(async () => await directory.authenticate(username, secret), (refused) => refused === 'revoked' ? NOT_AUTHORIZED : BAD_CREDENTIALS)
  }
}
