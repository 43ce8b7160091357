import type { Logger } from 'pino'
import type { AlarmAccountsRepo, ReceivingAccount } from './accounts-repo.js'

/** How often the book is read again: a change made on another node is seen within this long. */
const REFRESH_MS = 5000
/** An unknown account reads the book again at most this often, so garbage cannot hammer PostgreSQL. */
const MISS_REFRESH_MS = 1000

/**
 * The receiver's accounts, in memory: a panel's message needs no database round trip to be
 * understood, and is still understood while PostgreSQL is away (its alert then goes to the journal
 * like any other). Changes through this node's REST apply at once (`reload`); others within 5 s.
 */
export class AccountBook {
  private byNumber = new Map<string, ReceivingAccount[]>()
  private timer: NodeJS.Timeout | undefined
  private lastMissRefresh = 0

  constructor (private readonly repo: AlarmAccountsRepo, private readonly log: Logger) {}

  async start (): Promise<void> {
    await this.reload()
    this.timer = setInterval(() => { this.reload().catch((err) => this.log.warn({ err }, 'alarm accounts: reload failed; keeping the last ones read')) }, REFRESH_MS)
    this.timer.unref()
  }

  stop (): void {
    clearInterval(this.timer)
  }

  async reload (): Promise<void> {
    const next = new Map<string, ReceivingAccount[]>()
    for (const a of await this.repo.receiving()) next.set(a.account, [...(next.get(a.account) ?? []), a])
    this.byNumber = next
  }

  /**
   * The account a message is for: its number, and the receiver and line when the account names
   * them (the most specific match wins).
   */
  async find (account: string, receiver: string | undefined, line: string): Promise<ReceivingAccount | undefined> {
    let found = this.match(account, receiver, line)
    if (found === undefined && Date.now() - this.lastMissRefresh > MISS_REFRESH_MS) {
      this.lastMissRefresh = Date.now()
      await this.reload().catch((err) => this.log.warn({ err }, 'alarm accounts: reload failed'))
      found = this.match(account, receiver, line)
    }
    return found
  }

  private match (account: string, receiver: string | undefined, line: string): ReceivingAccount | undefined {
    const candidates = (this.byNumber.get(account.toUpperCase()) ?? [])
      .filter(a => (a.receiver === null || a.receiver === receiver?.toUpperCase()) && (a.line === null || a.line === line.toUpperCase()))
    return candidates.sort((a, b) => specificity(b) - specificity(a))[0]
  }
}

function specificity (a: ReceivingAccount): number {
  return (a.receiver === null ? 0 : 2) + (a.line === null ? 0 : 1)
}
