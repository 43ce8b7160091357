/**
 * Paces the work that follows an accepted CONNECT (aedes' session set-up, CONNACK, retained and
 * presence messages): at most `perTurn` connections go on per turn of the event loop, the rest in
 * the next turns. In a reconnect storm one poll phase can bring a thousand CONNECTs; handled in one
 * go they hold the event loop for 100 ms, and every PostgreSQL reply of an alert's commit (one per
 * statement) waits behind such a phase. Paced, the replies come between the turns.
 */
export interface PacerOptions {
  /** work that must not wait behind CONNECTs is in progress (alerts being committed) */
  urgent?: () => boolean
  /** the longest CONNECTs are held back for urgent work at a time (then as long without), so a steady stream of it cannot starve them */
  maxHoldMs?: number
}

export class ConnectPacer {
  private readonly queue: Array<() => void> = []
  private scheduled = false
  private heldSince: number | undefined
  private heldUntil = -Infinity

  constructor (private readonly perTurn: number, private readonly o: PacerOptions = {}) {}

  run (go: () => void): void {
    this.queue.push(go)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => { this.turn() })
  }

  private turn (): void {
    // Urgent work first: the process idles instead of taking CPU that PostgreSQL (on the same cores)
    // needs to commit an alert, for at most maxHoldMs at a time.
    // After a hold, none for as long again: under steady urgent work CONNECTs still get half the time.
    const now = performance.now()
    const maxHoldMs = this.o.maxHoldMs ?? 0
    if (this.o.urgent?.() === true && now - this.heldUntil >= maxHoldMs) {
      this.heldSince ??= now
      if (now - this.heldSince < maxHoldMs) {
        setTimeout(() => { this.turn() }, 1)
        return
      }
    }
    if (this.heldSince !== undefined) this.heldUntil = now
    this.heldSince = undefined
    for (const go of this.queue.splice(0, this.perTurn)) go()
    if (this.queue.length === 0) {
      this.scheduled = false
      return
    }
    // setImmediate queued from within an immediate runs in the next turn, after the poll phase.
    setImmediate(() => { this.turn() })
  }
}
