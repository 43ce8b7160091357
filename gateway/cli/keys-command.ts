import { parseArgs } from 'node:util'
import type pg from 'pg'
import { audit } from '../audit/log.js'
import { ApiKeysRepo, type ApiRole } from '../identity/api-keys-repo.js'
import { ROLES } from '../identity/users-repo.js'
import { CliError, UsageError } from './errors.js'
import { cliActor, table } from './io.js'
import type { CliIo } from './users-command.js'

export const keysUsage = `Usage:
  flare keys create --name N --role admin|dispatcher|viewer     prints the key once
  flare keys list [--all]                                       --all: revoked keys too
  flare keys revoke ID
`

export async function keysCommand (argv: string[], pool: () => Promise<pg.Pool>, io: CliIo): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === undefined || sub === '--help' || sub === '-h') { io.out(keysUsage); return sub === undefined ? 2 : 0 }
  switch (sub) {
    case 'create': {
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, role: { type: 'string' } } })
      if (values.name === undefined || values.name.length < 1 || values.name.length > 200) throw new UsageError('--name is needed (1 to 200 characters)')
      if (values.role === undefined || !(ROLES as readonly string[]).includes(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`)
      const db = await pool()
      const { key, info } = await new ApiKeysRepo(db).generate(values.role as ApiRole, values.name)
      await audit(db, { actor: cliActor(), action: 'key.create', targetType: 'api_key', targetId: String(info.id), details: { name: info.name, role: info.role } })
      io.out(`created API key ${info.id} "${info.name}" (${info.role}); the key (shown only now):\n${key}\n`)
      return 0
    }
    case 'list': {
      const { values } = parseArgs({ args: rest, options: { all: { type: 'boolean' } } })
      const keys = await new ApiKeysRepo(await pool()).list({ limit: 100_000, includeRevoked: values.all === true })
      io.out(table(['ID', 'NAME', 'ROLE', 'CREATED', 'REVOKED'], keys.map(k => [String(k.id), k.name, k.role, k.createdAt, k.revokedAt ?? ''])))
      return 0
    }
    case 'revoke': {
      const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true })
      if (positionals.length !== 1 || !/^[1-9][0-9]{0,17}$/.test(positionals[0])) throw new UsageError('give the id of one key (see flare keys list)')
      const db = await pool()
      const info = await new ApiKeysRepo(db).revoke(Number(positionals[0]))
      if (info === undefined) throw new CliError(`no API key ${positionals[0]} that is not revoked already`)
      await audit(db, { actor: cliActor(), action: 'key.revoke', targetType: 'api_key', targetId: String(info.id), details: { name: info.name } })
      io.out(`revoked API key ${info.id} "${info.name}"\n`)
      return 0
    }
    default:
      throw new UsageError(`unknown command "keys ${sub}"`)
  }
}
