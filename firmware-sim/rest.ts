// A minimal client for Flare's REST API: Bearer key, JSON in and out, errors that say which call
// failed and what Flare answered.

export class RestError extends Error {
  /** `retryAfterS`: the answer's Retry-After in seconds, when it had one */
  constructor (readonly method: string, readonly path: string, readonly status: number, readonly body: unknown, readonly retryAfterS?: number) {
    const detail = typeof body === 'object' && body !== null && 'error' in body ? (body as any).error?.message : JSON.stringify(body)
    super(`${method} ${path}: HTTP ${status}${detail === undefined ? '' : ` — ${String(detail)}`}`)
    this.name = 'RestError'
  }
}

export interface RestClientOptions {
  /**
   * Longest a request keeps waiting, in all, when Flare says "not now" (429 rate_limited, 503
   * database_unavailable) with a Retry-After: it is sent again after that many seconds, until this is
   * spent; then the last answer is the error. Default 300 s; 0: no retries.
   */
  maxWaitS?: number
  /** told before each wait, for progress lines */
  onWait?: (wait: { seconds: number, status: number, method: string, path: string }) => void
}

/** Refusals that did nothing and say when to come back: safe to send again, also for a POST. */
const RETRYABLE = new Set([429, 503])

export class RestClient {
  private readonly maxWaitMs: number

  constructor (readonly baseUrl: string, private readonly apiKey: string, private readonly opts: RestClientOptions = {}) {
    if (apiKey === '') throw new Error('an API key is required (--api-key or FLARE_API_KEY)')
    this.maxWaitMs = (opts.maxWaitS ?? 300) * 1000
  }

  async request<T = any> (method: string, path: string, body?: unknown): Promise<T> {
    let waited = 0
    for (;;) {
      try {
        return await this.once<T>(method, path, body)
      } catch (err) {
        if (!(err instanceof RestError) || err.retryAfterS === undefined || !RETRYABLE.has(err.status)) throw err
        // At least a second: an answer that keeps saying 0 must not turn this into a busy loop.
        const seconds = Math.max(1, err.retryAfterS)
        if (waited + seconds * 1000 > this.maxWaitMs) throw err
        this.opts.onWait?.({ seconds, status: err.status, method, path })
        await new Promise(resolve => setTimeout(resolve, seconds * 1000))
        waited += seconds * 1000
      }
    }
  }

  private async once<T> (method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}` }
    if (body !== undefined) headers['content-type'] = 'application/json'
    let res: Response
    try {
      res = await fetch(this.baseUrl.replace(/\/$/, '') + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    } catch (err) {
      throw new Error(`${method} ${this.baseUrl}${path}: ${(err as Error).message}${causeOf(err)}`)
    }
    const text = await res.text()
    let parsed: unknown
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      parsed = text
    }
    if (res.status >= 300) throw new RestError(method, path, res.status, parsed, retryAfterOf(res.headers.get('retry-after')))
    return parsed as T
  }

  get<T = any> (path: string): Promise<T> {
    return this.request<T>('GET', path)
  }

  post<T = any> (path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body)
  }

  patch<T = any> (path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body)
  }
}

/** Retry-After as seconds (Flare sends whole seconds; an HTTP date is not used by it): undefined if absent or odd. */
function retryAfterOf (header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined
  return Number(header.trim())
}

/** fetch() reports "fetch failed" and hides the reason (ECONNREFUSED …) in `cause`. */
function causeOf (err: unknown): string {
  const cause = (err as { cause?: { code?: string, message?: string } }).cause
  return cause === undefined ? '' : ` (${cause.code ?? cause.message ?? String(cause)})`
}

/**
 * Runs `work` over `items` with at most `limit` in flight; resolves with the results in input order.
 * The first failure stops further starts and rejects.
 */
export async function mapLimit<T, R> (items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  let failed = false
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++
      try {
        results[i] = await work(items[i], i)
      } catch (err) {
        failed = true
        throw err
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return results
}
