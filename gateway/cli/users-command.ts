import { parseArgs } from 'node:util'
import type pg from 'pg'
import { audit } from '../audit/log.js'
import { isUniqueViolation } from '../api/schemas.js'
import type { ApiRole } from '../identity/api-keys-repo.js'
import { generatePassword, hashPassword, PASSWORD_MAX, PASSWORD_MIN } from '../identity/passwords.js'
import { LANGUAGES, ROLES, UsersRepo, type Language, type User } from '../identity/users-repo.js'
import { CliError, UsageError } from './errors.js'
import { cliActor, readStdin, table } from './io.js'

export const usersUsage = `Usage:
  flare users add --username U [--name "Full Name"] (--role admin|dispatcher|viewer | --admin) [--language en|af] [--password-stdin]
  flare users list
  flare users disable U          ends their sessions at once
  flare users enable U
  flare users passwd U [--password-stdin]

Without --password-stdin a password is generated and printed once.
`

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/

export interface CliIo {
  out: (s: string) => void
  stdin: NodeJS.ReadableStream
}

async function password (fromStdin: boolean | undefined, io: CliIo): Promise<{ password: string, generated: boolean }> {
  if (fromStdin !== true) return { password: generatePassword(), generated: true }
  const p = await readStdin(io.stdin)
  if (p.length < PASSWORD_MIN || p.length > PASSWORD_MAX) throw new UsageError(`the password on stdin must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters (got ${p.length})`)
  return { password: p, generated: false }
}

async function userNamed (users: UsersRepo, username: string | undefined): Promise<User> {
  if (username === undefined) throw new UsageError('which user? give the username')
  const user = await users.byUsername(username)
  if (user === undefined) throw new CliError(`no user "${username}"`)
  return user
}

export async function usersCommand (argv: string[], pool: () => Promise<pg.Pool>, io: CliIo): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === undefined || sub === '--help' || sub === '-h') { io.out(usersUsage); return sub === undefined ? 2 : 0 }
  switch (sub) {
    case 'add': {
      const { values } = parseArgs({
        args: rest,
        options: { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, admin: { type: 'boolean' }, language: { type: 'string' }, 'password-stdin': { type: 'boolean' } }
      })
      if (values.username === undefined || !USERNAME.test(values.username)) throw new UsageError('--username is needed: letters, digits, . _ @ -, at most 64')
      if (values.admin === true && values.role !== undefined && values.role !== 'admin') throw new UsageError('--admin and --role disagree')
      const role = (values.admin === true ? 'admin' : values.role) as ApiRole | undefined
      if (role === undefined || !(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')} (or give --admin)`)
      const language = (values.language ?? 'en') as Language
      if (!(LANGUAGES as readonly string[]).includes(language)) throw new UsageError(`--language must be one of ${LANGUAGES.join(', ')}`)
      const name = values.name ?? values.username
      if (name.length < 1 || name.length > 200) throw new UsageError('--name must be 1 to 200 characters')
      const pw = await password(values['password-stdin'], io)
      const db = await pool()
      let user: User
      try {
        user = await new UsersRepo(db).create({ username: values.username, name, role, language }, await hashPassword(pw.password))
      } catch (err) {
        if (isUniqueViolation(err)) throw new CliError(`the username "${values.username}" is taken (usernames are the same whatever their case)`)
        throw err
      }
      await audit(db, { actor: cliActor(), action: 'user.create', targetType: 'user', targetId: String(user.id), details: { username: user.username, name, role, language } })
      io.out(`created user ${user.username} (id ${user.id}, ${user.role})\n`)
      if (pw.generated) io.out(`password (shown only now): ${pw.password}\n`)
      return 0
    }
    case 'list': {
      parseArgs({ args: rest, options: {} })
      const users = await new UsersRepo(await pool()).list({ limit: 100_000 })
      io.out(table(['ID', 'USERNAME', 'NAME', 'ROLE', 'LANGUAGE', 'DISABLED'],
        users.map(u => [String(u.id), u.username, u.name, u.role, u.language, u.disabled ? 'yes' : 'no'])))
      return 0
    }
    case 'disable':
    case 'enable': {
      const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true })
      if (positionals.length > 1) throw new UsageError('one username at a time')
      const db = await pool()
      const users = new UsersRepo(db)
      const user = await userNamed(users, positionals[0])
      await users.update(user.id, { disabled: sub === 'disable' })
      await audit(db, { actor: cliActor(), action: 'user.update', targetType: 'user', targetId: String(user.id), details: { disabled: sub === 'disable' } })
      io.out(sub === 'disable' ? `disabled ${user.username}; their sessions have ended\n` : `enabled ${user.username}\n`)
      return 0
    }
    case 'passwd': {
      const { values, positionals } = parseArgs({ args: rest, options: { 'password-stdin': { type: 'boolean' } }, allowPositionals: true })
      if (positionals.length > 1) throw new UsageError('one username at a time')
      const db = await pool()
      const users = new UsersRepo(db)
      const user = await userNamed(users, positionals[0])
      const pw = await password(values['password-stdin'], io)
      await users.update(user.id, { passwordHash: await hashPassword(pw.password) })
      await audit(db, { actor: cliActor(), action: 'user.update', targetType: 'user', targetId: String(user.id), details: { password: 'changed' } })
      io.out(`new password set for ${user.username}; their sessions have ended\n`)
      if (pw.generated) io.out(`password (shown only now): ${pw.password}\n`)
      return 0
    }
    default:
      throw new UsageError(`unknown command "users ${sub}"`)
  }
}
