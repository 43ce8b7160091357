// A minimal client for Flare's REST API: Bearer key, JSON in and out, errors that say which call
// failed and what Flare answered.

export class RestError extends Error {
  constructor (readonly method: string, readonly path: string, readonly status: number, readonly body: unknown) {
    const detail = typeof body === 'object' && body !== null && 'error' in body ? (body as any).error?.message : JSON.stringify(body)
    super(`${method} ${path}: HTTP ${status}${detail === undefined ? '' : ` — ${String(detail)}`}`)
    this.name = 'RestError'
  }
}

export class RestClient {
  constructor (readonly baseUrl: string, private readonly apiKey: string) {
    if (apiKey === '') throw new Error('an API key is required (--api-key or FLARE_API_KEY)')
  }

  async request<T = any> (method: string, path: string, body?: unknown): Promise<T> {
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
    if (res.status >= 300) throw new RestError(method, path, res.status, parsed)
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
