import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import { Counter, type Registry } from 'prom-client'
import { sessionToken } from './auth.js'

export interface RateLimitPluginOptions {
  /** requests a minute per API key or logged-in user; 0: no limit */
  perCaller: number
  /** requests a minute per client address without a caller (none given, or refused); 0: no limit */
  perAddress: number
  /** cluster mode: the counters are in Redis, so every node counts against the same limit */
  redisUrl?: string
  /** the counters' key prefix: one installation's apart from another's on a shared Redis */
  namespace: string
  registry?: Registry
}

const WINDOW_MS = 60_000

type Limiter = ReturnType<FastifyInstance['createRateLimit']>

/** What a request is counted against: its caller once authenticated, else its address (an IPv6 /64 as one). */
function keyOf (req: FastifyRequest): string {
  const c = req.caller
  return c === undefined ? `address:${rateLimit.normalizeIP(req.ip)}` : `caller:${c.kind}:${c.id}`
}

function hasCredentials (req: FastifyRequest): boolean {
  return req.headers.authorization !== undefined || sessionToken(req) !== undefined
}

/** Routes marked `config: { rateLimit: false }` (the login, which has its own throttle; the live feed). */
function exempt (req: FastifyRequest): boolean {
  return req.routeOptions.config?.rateLimit === false
}

/**
 * Fixed one-minute windows of REST requests (@fastify/rate-limit's counters, in Redis in cluster
 * mode), for the scope it is registered in (/api/v1). An authenticated request counts against its
 * API key or user, after authentication; one without credentials against its address, before
 * anything else is done with it. A request whose credentials are refused is charged to its
 * address afterwards, and an address over its limit is refused before its credentials are looked
 * up, so guessing keys or replaying dead sessions cannot flood the database. Over the limit: 429
 * rate_limited with Retry-After. If Redis does not answer, requests are served uncounted: an
 * emergency service keeps answering rather than refuse everyone.
 */
export const rateLimitPlugin = fp(async function limits (app: FastifyInstance, opts: RateLimitPluginOptions) {
  if (opts.perCaller === 0 && opts.perAddress === 0) return
  const refused = new Counter({
    name: 'flare_http_rate_limited_total',
    help: 'REST requests refused with 429 rate_limited, by what was over its limit (caller: an API key or user; address: requests without a caller)',
    labelNames: ['scope'],
    registers: opts.registry === undefined ? [] : [opts.registry]
  })
  let redis: Redis | undefined
  if (opts.redisUrl !== undefined) {
    // No offline queue and a short command timeout: with Redis away a request is let through at once.
    redis = new Redis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000 })
    redis.on('error', (err) => { app.log.warn({ err }, 'rate limits: Redis connection error; requests are not counted meanwhile') })
    const conn = redis
    app.addHook('onClose', async () => { conn.disconnect() })
  }
  await app.register(rateLimit, {
    global: false,
    timeWindow: WINDOW_MS,
    max: (_req, key) => key.startsWith('caller:') ? opts.perCaller : opts.perAddress,
    keyGenerator: keyOf,
    nameSpace: opts.namespace,
    redis,
    skipOnError: true
  })
  const limiter: Limiter = app.createRateLimit()
  // Requests already counted (so a refusal after preParsing, e.g. GET /session's, is not charged twice).
  const counted = new WeakSet<FastifyRequest>()

  /** Counts the request (or only looks, with increment false); true when it was answered 429. */
  const over = async (req: FastifyRequest, reply: FastifyReply, increment = true): Promise<boolean> => {
    const scope = req.caller === undefined ? 'address' : 'caller'
    if ((scope === 'caller' ? opts.perCaller : opts.perAddress) === 0) return false
    const r = await limiter(req, { increment })
    if (increment) counted.add(req)
    // Looking only, the count is at most the limit when nothing more is allowed.
    if (r.isAllowed || (increment ? !r.isExceeded : r.remaining > 0)) return false
    refused.inc({ scope })
    const who = scope === 'address' ? 'this address' : req.caller?.kind === 'user' ? 'this account' : 'this API key'
    const wait = Math.max(1, r.ttlInSeconds)
    await reply.code(429).header('retry-after', String(wait)).send({
      error: { code: 'rate_limited', message: `too many requests from ${who} (at most ${r.max} a minute); retry in ${wait} s` }
    })
    return true
  }

  // Before the route's authentication: requests without credentials, and addresses already over.
  app.addHook('onRequest', async (req, reply) => {
    if (exempt(req)) return
    if (await over(req, reply, !hasCredentials(req))) return reply
  })
  // After it (the body not yet read): the caller, or (a route that needs none) the address. A
  // preParsing hook's result would replace the body stream: a sent reply is what stops the request.
  app.addHook('preParsing', async (req, reply) => {
    if (exempt(req) || (req.caller === undefined && !hasCredentials(req))) return
    await over(req, reply)
  })
  // Credentials refused (unknown key, dead session, too low a role, no CSRF token): the address pays.
  app.addHook('onResponse', async (req, reply) => {
    if (exempt(req) || counted.has(req) || !hasCredentials(req) || (reply.statusCode !== 401 && reply.statusCode !== 403)) return
    if (opts.perAddress > 0) await limiter(req)
  })
}, { name: 'flare-rate-limit' })
