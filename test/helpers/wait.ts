/** Polls `read` until `check` holds or `ms` pass (a bound for a clear failure message, not a timing assertion). */
export async function until<T> (read: () => Promise<T>, check: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await read()
    if (check(v) || Date.now() > deadline) return v
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}
