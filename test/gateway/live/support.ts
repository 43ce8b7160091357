/** A dashboard on the live feed, for tests: collects JSON messages and waits for matching ones. */
import type { Test } from 'tap'
import WebSocket from 'ws'
import type { TestFlare } from '../../helpers/flare.js'
import { ADMIN_KEY } from '../../helpers/flare.js'

export interface Dashboard {
  ws: WebSocket
  messages: any[]
  /** the first message (already received or coming) matching `pred` after the `from`-th one */
  next: (pred: (m: any) => boolean, timeoutMs?: number, from?: number) => Promise<any>
  closed: Promise<{ code: number, reason: string }>
}

/** Where a dashboard connects, and the headers it sends (the API key as a Bearer header). */
export interface LiveTarget {
  url: string
  headers: Record<string, string>
  /** the CA to trust, for wss:// */
  ca?: Buffer
}

export function liveUrl (f: TestFlare, query = '', token: string | null = ADMIN_KEY): LiveTarget {
  const qs = new URLSearchParams(query).toString()
  return {
    url: `ws://127.0.0.1:${f.app.ports.http}/api/v1/live${qs === '' ? '' : `?${qs}`}`,
    headers: token === null ? {} : { authorization: `Bearer ${token}` }
  }
}

function open (target: LiveTarget, headers?: Record<string, string>): WebSocket {
  return new WebSocket(target.url, { headers: { ...target.headers, ...headers }, ...(target.ca === undefined ? {} : { ca: target.ca }) })
}

/** Connects and waits for the socket to open; closed when the test ends. */
export async function dashboard (t: Test, target: LiveTarget, headers?: Record<string, string>): Promise<Dashboard> {
  const ws = open(target, headers)
  t.teardown(() => ws.terminate())
  const messages: any[] = []
  const waiters: Array<{ pred: (m: any) => boolean, from: number, resolve: (m: any) => void }> = []
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString())
    messages.push(m)
    for (const w of [...waiters]) {
      if (messages.length - 1 >= w.from && w.pred(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m) }
    }
  })
  const closed = new Promise<{ code: number, reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return {
    ws,
    messages,
    closed,
    next: async (pred, timeoutMs = 10_000, from = 0) => {
      const hit = messages.slice(from).find(pred)
      if (hit !== undefined) return hit
      return await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching live message within ${timeoutMs} ms; got ${JSON.stringify(messages.map(m => m.type))}`)), timeoutMs)
        waiters.push({ pred, from, resolve: (m) => { clearTimeout(timer); resolve(m) } })
      })
    }
  }
}

/** The HTTP status a refused upgrade gets (the socket never opens). */
export async function refusedStatus (target: LiveTarget, headers?: Record<string, string>): Promise<{ status: number, body: any }> {
  const ws = open(target, headers)
  return await new Promise((resolve, reject) => {
    ws.once('open', () => { ws.terminate(); reject(new Error('the live feed accepted the connection')) })
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => { body += d })
      res.on('end', () => { ws.terminate(); resolve({ status: res.statusCode ?? 0, body: body === '' ? undefined : JSON.parse(body) }) })
    })
    ws.on('error', (err) => { if (!/Unexpected server response/.test(err.message)) reject(err) })
  })
}

export const isSnapshot = (m: any): boolean => m.type === 'snapshot'
export const aboutIncident = (type: string, id: string) => (m: any): boolean => m.type === type && m.incident?.id === id

/** Opens a feed with no credential in the request, sends `first` (if any) and resolves how the server closed it. */
export async function closedAfterFirstMessage (target: LiveTarget, first?: string, headers?: Record<string, string>): Promise<{ code: number, reason: string }> {
  const ws = open(target, headers)
  return await new Promise((resolve, reject) => {
    ws.once('open', () => { if (first !== undefined) ws.send(first) })
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    ws.once('error', reject)
  })
}
