import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import type pg from 'pg'
import type { Logger } from 'pino'
import { RuleSet } from './engine.js'
import { RulesError, validateRulesFile } from './validate.js'
import type { RulesFile } from './types.js'

const BUILT_IN: RulesFile = { includeDefaults: true, rules: [] }

/** Reads a YAML or JSON rules file (YAML is a superset of JSON) and validates it. */
export function readRulesFile (path: string): RulesFile {
  let doc: unknown
  try {
    doc = parseYaml(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new RulesError([`${path}: cannot parse: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`])
  }
  return validateRulesFile(doc)
}

/**
 * The rule set in force. Versions live in PostgreSQL (rule_sets), so a PUT on one node reaches all
 * of them (each polls for a newer version). At start RULES_FILE, when set, becomes the newest
 * version; without it the newest stored version stays, or the built-ins when there is none.
 * A bad document is refused and the current set stays.
 */
export class RulesStore {
  private set: RuleSet = new RuleSet(BUILT_IN, 0)
  private timer?: NodeJS.Timeout

  constructor (private readonly pool: pg.Pool, private readonly log: Logger, private readonly rulesFile?: string) {}

  get current (): RuleSet {
    return this.set
  }

  async init (): Promise<void> {
    if (this.rulesFile !== undefined) {
      await this.replace(readRulesFile(this.rulesFile), `file:${this.rulesFile}`)
      return
    }
    if (!await this.refresh()) await this.replace(BUILT_IN, 'built-in')
  }

  /** Validates, stores as the newest version and swaps it in. */
  async replace (doc: unknown, source: string): Promise<RuleSet> {
    const file = validateRulesFile(doc)
    const { rows } = await this.pool.query('INSERT INTO rule_sets (body, source) VALUES ($1, $2) RETURNING id', [JSON.stringify(file), source])
    this.swap(new RuleSet(file, Number(rows[0].id)), source)
    return this.set
  }

  /** SIGHUP: re-read RULES_FILE; a bad file is logged and refused. */
  async reloadFile (): Promise<void> {
    if (this.rulesFile === undefined) {
      this.log.warn('SIGHUP: RULES_FILE is not set; nothing to reload')
      return
    }
    try {
      await this.replace(readRulesFile(this.rulesFile), `file:${this.rulesFile}`)
    } catch (err) {
      this.log.error({ err }, 'rules reload refused; the previous rules stay in force')
    }
  }

  /** Picks up a newer version stored by another node; true when one exists. */
  async refresh (): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT id, body, source FROM rule_sets ORDER BY id DESC LIMIT 1')
    if (rows.length === 0) return false
    const id = Number(rows[0].id)
    if (id > this.set.version) {
      try {
        this.swap(new RuleSet(validateRulesFile(rows[0].body), id), rows[0].source)
      } catch (err) {
        this.log.error({ err, version: id }, 'stored rules version is invalid; keeping the current rules')
      }
    }
    return true
  }

  startPolling (intervalMs: number): void {
    this.timer = setInterval(() => {
      this.refresh().catch((err) => this.log.warn({ err }, 'rules refresh failed'))
    }, intervalMs)
    this.timer.unref()
  }

  stop (): void {
    clearInterval(this.timer)
  }

  private swap (next: RuleSet, source: string): void {
    // Concurrent replaces (or a poll racing one) can finish out of id order: the newest version wins.
    if (next.version <= this.set.version) return
    this.set = next
    this.log.info({ version: next.version, source, rules: next.rules.length }, 'rules in force')
  }
}
