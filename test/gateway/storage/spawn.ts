// Runs the built entry point (dist/gateway/main.js) as a real child process.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const MAIN = resolve('dist/gateway/main.js')

export interface Exit { code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }

export interface FlareProcess {
  child: ChildProcess
  pid: number
  stdout: () => string
  stderr: () => string
  /** resolves when the process has exited */
  exited: Promise<Exit>
  /** resolves on the "Flare is up" log line; rejects if the process exits first */
  up: Promise<void>
}

/** A port that was free a moment ago (bind 0, read it, close). */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      s.close(() => typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')))
    })
  })
}

/** Only what the entry needs from this environment: no DATABASE_URL or other Flare settings leak in. */
export function runMain (env: Record<string, string>): FlareProcess {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`)
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d })
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err }))
  })
  const up = new Promise<void>((resolve, reject) => {
    const onData = (): void => {
      if (out.split('\n').some(isUpLine)) { child.stdout.off('data', onData); resolve() }
    }
    child.stdout.on('data', onData)
    void exited.then((e) => reject(new Error(`exited (${e.code ?? e.signal}) before it was up:\n${e.stderr}\n${e.stdout.slice(-4000)}`)))
  })
  up.catch(() => {})
  return { child, pid: child.pid as number, stdout: () => out, stderr: () => err, exited, up }
}

function isUpLine (line: string): boolean {
  try { return JSON.parse(line).msg === 'Flare is up' } catch { return false }
}

/** For a start that should fail: the exit, or (if it came up instead) kills it and reports that. */
export async function failedStart (p: FlareProcess): Promise<Exit & { cameUp: boolean }> {
  const first = await Promise.race([p.exited, p.up.then(() => 'up' as const, () => 'exited' as const)])
  if (first === 'up') {
    p.child.kill('SIGKILL')
    return { ...await p.exited, cameUp: true }
  }
  return { ...await p.exited, cameUp: false }
}

/** Synchronous last resort (process 'exit'): SIGKILL whatever is still running. */
export function killSync (procs: FlareProcess[]): void {
  for (const p of procs) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      try { p.child.kill('SIGKILL') } catch {}
    }
  }
}

export function isAlive (pid: number): boolean {
  return existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')
}

/** The pid in DATA_DIR/pg/postmaster.pid, if the file is there. */
export function postmasterPid (dataDir: string): number | undefined {
  const file = join(dataDir, 'pg', 'postmaster.pid')
  if (!existsSync(file)) return undefined
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0])
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

/** Resolves once pid is gone (polls /proc; the caller's test timeout bounds it). */
export async function gone (pid: number): Promise<void> {
  while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50))
}
