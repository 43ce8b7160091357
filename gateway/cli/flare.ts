#!/usr/bin/env node
// `npx flare …`: users and API keys from the command line, against the server's own database.
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type pg from 'pg'
import { ConfigError, loadConfig } from '../../config/config.js'
import { CliError, UsageError } from './errors.js'
import { keysCommand, keysUsage } from './keys-command.js'
import { usersCommand, usersUsage, type CliIo } from './users-command.js'

export const usage = `Usage: flare <users|keys> <command> [options]

People who log in to the console, and API keys for machines, without SQL. Reads the server's
configuration from the environment: DATABASE_URL, or else the embedded PostgreSQL of a running
Flare (EMBEDDED_PG_PORT, default 5433).

${usersUsage}
${keysUsage}
Exit codes: 0 done, 1 failed (database unreachable, no such user or key, username taken),
2 bad usage or configuration.
`

export async function main (argv: string[], env: Record<string, string | undefined> = process.env, io: CliIo = { out: (s) => process.stdout.write(s), stdin: process.stdin }): Promise<number> {
  const [group, ...rest] = argv
  if (group === undefined || group === '--help' || group === '-h' || group === 'help') {
    io.out(usage)
    return group === undefined ? 2 : 0
  }
  let opened: pg.Pool | undefined
  const pool = async (): Promise<pg.Pool> => {
    // Loaded only when a command needs the database, so --help and usage errors answer at once.
    const { connect } = await import('./connect.js')
    opened ??= await connect(loadConfig(env))
    return opened
  }
  try {
    if (group === 'users') return await usersCommand(rest, pool, io)
    if (group === 'keys') return await keysCommand(rest, pool, io)
    throw new UsageError(`unknown command "${group}"`)
  } catch (err) {
    const code = (err as { code?: string }).code ?? ''
    if (err instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`flare: ${(err as Error).message} (see flare --help)\n`)
      return 2
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`flare: ${err.message}\n`)
      return 2
    }
    process.stderr.write(`flare: ${err instanceof CliError ? err.message : `failed: ${(err as Error).message}`}\n`)
    return 1
  } finally {
    await opened?.end().catch(() => {})
  }
}

// Run only when executed (also through the npm bin symlink), not when imported.
const entry = process.argv[1] === undefined ? '' : realpathSync(process.argv[1])
if (entry === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
