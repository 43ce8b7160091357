import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * `Flare-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256(secret, "<t>.<body>")>`: the receiver
 * recomputes it over the raw body with the subscription's secret and rejects a timestamp too old
 * (a replayed request). The same scheme signs callbacks from the receiver to Flare.
 */
export function sign (secret: string, body: string, atSeconds: number): string {
  return `t=${atSeconds},v1=${mac(secret, atSeconds, body)}`
}

function mac (secret: string, at: number, body: string): string {
  return createHmac('sha256', secret).update(`${at}.${body}`, 'utf8').digest('hex')
}

/** Whether `header` signs `body` with `secret`, made within `toleranceS` of now. */
export function verify (secret: string, body: string, header: string | undefined, nowSeconds: number, toleranceS = 300): boolean {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '')
  if (m === null) return false
  const at = Number(m[1])
  if (Math.abs(nowSeconds - at) > toleranceS) return false
  const expected = Buffer.from(mac(secret, at, body), 'hex')
  const got = Buffer.from(m[2], 'hex')
  return expected.length === got.length && timingSafeEqual(expected, got)
}
