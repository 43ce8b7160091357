// The live progress line on stderr: rewritten in place about once a second on a terminal; a plain
// line every 5 s otherwise (CI logs and files would fill up with one line per second).
import type { ProgressSnapshot } from '../sim/engine.js'

export function formatProgress (p: ProgressSnapshot): string {
  if (p.stage === 'connecting') return `connecting  ${p.online} devices online`
  const t = p.stage === 'running' ? `${(p.elapsedMs / 1000).toFixed(0)}/${(p.durationMs / 1000).toFixed(0)}s` : p.stage
  const p99 = p.p99Ms === undefined ? '–' : `${p.p99Ms.toFixed(1)} ms`
  // A panel's DC-09 ACK is both: durable and answered.
  const answers = p.protocol === 'dc09' ? `ACKed ${p.pubacked}` : `PUBACKed ${p.pubacked}  acked ${p.acked}`
  return `${t}  sent ${p.pressed + p.malformed}  ${answers}  dispatched ${p.offers}  accepted ${p.accepts}  rate ${p.ratePerS.toFixed(1)}/s  p99 ${p99}  online ${p.online}  pending ${p.pending}`
}

export class ProgressLine {
  private last = 0
  private drawn = false

  constructor (private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get isTty (): boolean {
    return this.stream.isTTY === true
  }

  /** How often the engine should call update(). */
  get everyMs (): number {
    return this.isTty ? 1000 : 5000
  }

  update (p: ProgressSnapshot): void {
    const line = formatProgress(p)
    if (this.isTty) {
      // Cut to the terminal's width: a wrapped line could not be rewritten in place. Some ptys report 0.
      const columns = this.stream.columns > 0 ? this.stream.columns : 200
      this.stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, columns - 1))}`)
      this.drawn = true
    } else {
      const now = Date.now()
      if (now - this.last < 4900) return
      this.last = now
      this.stream.write(line + '\n')
    }
  }

  /** Leaves the terminal on a fresh line before anything else is printed. */
  done (): void {
    if (this.drawn) this.stream.write('\n')
    this.drawn = false
  }
}
