import type { FastifyReply, FastifyRequest } from 'fastify'
import type WebSocket from 'ws'
import type { ApiKeysRepo, ApiRole } from '../identity/api-keys-repo.js'
import { admit, bearerKey, checkRole, keyCaller, sessionToken, type Caller } from './auth.js'
import type { AuthMetrics } from './auth-metrics.js'
import { HttpError } from './errors.js'

/** Close codes of a live feed whose first-message credential was refused (HTTP's status + 4000). */
export const CLOSE_BAD_AUTH_MESSAGE = 4400
export const CLOSE_UNAUTHORIZED = 4401
export const CLOSE_FORBIDDEN = 4403
export const CLOSE_AUTH_TIMEOUT = 4408

const CODE_OF: Record<string, number> = { unauthorized: CLOSE_UNAUTHORIZED, forbidden: CLOSE_FORBIDDEN }

/** A live feed opened with no credential at all: it must send one as its first message. */
const AWAITING = Symbol('flare-live-awaiting-credential')

export function awaitsCredential (req: FastifyRequest): boolean {
  return (req as any)[AWAITING] === true
}

/**
 * The live feed's onRequest: a credential in the Authorization header or the session cookie is
 * checked before the upgrade (a refusal is a plain HTTP 401/403); an upgrade with neither is let
 * through to send its API key as the first message. `?token=` is refused: URLs end up in logs.
 */
export function liveCredentialHook (requireRole: (req: FastifyRequest, reply: FastifyReply) => Promise<void>) {
  const hook = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if ((req.query as Record<string, unknown> | undefined)?.token !== undefined) {
      throw new HttpError('bad_request', '?token= is not accepted (URLs are logged): send the API key as Authorization: Bearer, or as the first message {"type":"auth","token":"…"}')
    }
    const isUpgrade = req.headers.upgrade?.toLowerCase() === 'websocket'
    if (isUpgrade && bearerKey(req) === undefined && sessionToken(req) === undefined) {
      (req as any)[AWAITING] = true
      return
    }
    await requireRole(req, reply)
  }
  // The role it wraps stays readable on the route (its config and OpenAPI document, see auth.ts).
  for (const mark of Object.getOwnPropertySymbols(requireRole)) (hook as any)[mark] = (requireRole as any)[mark]
  return hook
}

/**
 * Waits for `{"type":"auth","token":"<API key>"}` as the first message, checks the key and its
 * role, then calls `open`. Anything else, a refused key, or nothing within `timeoutMs` closes the
 * socket with a 44xx code and a reason saying what to fix.
 */
export function credentialFromFirstMessage (socket: WebSocket, req: FastifyRequest, opts: { keys: ApiKeysRepo, role: ApiRole, timeoutMs: number, metrics?: AuthMetrics }, open: (caller: Caller) => void): void {
  let settled = false
  const close = (code: number, errCode: string, reason: string): void => {
    settled = true
    clearTimeout(timer)
    opts.metrics?.refusals.inc({ code: errCode })
    // A close reason is at most 123 bytes.
    socket.close(code, reason.slice(0, 120))
  }
  const timer = setTimeout(() => {
    if (!settled) close(CLOSE_AUTH_TIMEOUT, 'unauthorized', 'no credential: send {"type":"auth","token":"<API key>"} first')
  }, opts.timeoutMs)
  socket.once('close', () => { settled = true; clearTimeout(timer) })
  socket.once('message', (data, isBinary) => {
    if (settled) return
    let token: unknown
    try {
      const msg = isBinary ? undefined : JSON.parse(data.toString())
      token = msg?.type === 'auth' ? msg.token : undefined
    } catch {}
    if (typeof token !== 'string' || token === '') return close(CLOSE_BAD_AUTH_MESSAGE, 'bad_request', 'the first message must be {"type":"auth","token":"<API key>"}')
    keyCaller(opts.keys, req, token).then((caller) => {
      checkRole(caller, opts.role)
      if (settled) return
      settled = true
      clearTimeout(timer)
      admit(req, caller)
      open(caller)
    }).catch((err) => {
      if (settled) return
      if (err instanceof HttpError && CODE_OF[err.code] !== undefined) return close(CODE_OF[err.code], err.code, err.message)
      req.log.warn({ err }, 'live feed: credential check failed')
      close(1011, 'internal', 'the credential could not be checked; try again')
    })
  })
}
