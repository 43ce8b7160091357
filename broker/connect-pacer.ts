/**
 * Paces the work that follows an accepted CONNECT (aedes' session set-up, CONNACK, retained and
 * presence messages): at most `perTurn` connections go on per turn of the event loop, the rest in
 * the next turns. In a reconnect storm one poll phase can bring a thousand CONNECTs; handled in one
 * go they hold the event loop for 100 ms, and every PostgreSQL reply of an alert's commit (one per
 * statement) waits behind such a phase. Paced, the replies come between the turns.
 */
export class ConnectPacer {
  private readonly queue: Array<() => void> = []
  private scheduled = false

  constructor (private readonly perTurn: number) {}

  run (go: () => void): void {
    this.queue.push(go)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => { this.turn() })
  }

  private turn (): void {
    for (const go of this.queue.splice(0, this.perTurn)) go()
    if (this.queue.length === 0) {
      this.scheduled = false
      return
    }
    // setImmediate queued from within an immediate runs in the next turn, after the poll phase.
    setImmediate(() => { this.turn() })
  }
}
