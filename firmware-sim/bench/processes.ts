import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0
      s.close(() => resolve(port))
    })
  })
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function rssMb (pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m === null ? NaN : Number(m[1]) / 1024
}

export interface Child { proc: ChildProcess, stop: () => Promise<void> }

/** Node's own inspector notices (the idle-memory reading attaches to it twice): not the child's output. */
const INSPECTOR_NOTICE = /^(Debugger (listening|attached|ending)|For help, see: https:\/\/nodejs\.org\/en\/docs\/inspector)/

/** Passes the child's stderr through, without the inspector's notices. */
function forwardStderr (proc: ChildProcess): void {
  let rest = ''
  proc.stderr?.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) if (!INSPECTOR_NOTICE.test(line)) process.stderr.write(line + '\n')
  })
  proc.stderr?.on('end', () => { if (rest !== '' && !INSPECTOR_NOTICE.test(rest)) process.stderr.write(rest + '\n') })
}

function track (proc: ChildProcess): Child {
  return {
    proc,
    stop: async () => {
      if (proc.exitCode !== null) return
      const exited = new Promise(resolve => proc.once('exit', resolve))
      proc.kill('SIGTERM')
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    }
  }
}

/**
 * Runs the built Flare entry point and waits for /readyz. BENCH_FLARE_NODE_ARGS passes Node flags
 * to Flare only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses --cpu-prof in NODE_OPTIONS).
 */
export async function startFlareProcess (env: Record<string, string>, extraNodeArgs: string[] = []): Promise<Child> {
  const entry = fileURLToPath(new URL('../../gateway/main.js', import.meta.url))
  const nodeArgs = [...(process.env.BENCH_FLARE_NODE_ARGS ?? '').split(' ').filter(a => a !== ''), ...extraNodeArgs]
  const proc = spawn(process.execPath, [...nodeArgs, entry], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
  forwardStderr(proc)
  const child = track(proc)
  const url = `http://127.0.0.1:${env.HTTP_PORT}/readyz`
  for (let i = 0; i < 300; i++) {
    if (proc.exitCode !== null) throw new Error(`Flare exited with code ${proc.exitCode}`)
    try {
      if ((await fetch(url)).status === 200) return child
    } catch {}
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  await child.stop()
  throw new Error('Flare did not become ready within 30 s')
}

export async function startBareAedes (nodeArgs: string[] = []): Promise<Child & { port: number }> {
  const entry = fileURLToPath(new URL('./bare-aedes.js', import.meta.url))
  const proc = spawn(process.execPath, [...nodeArgs, entry], { stdio: ['ignore', 'pipe', 'pipe'] })
  forwardStderr(proc)
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.once('data', (b: Buffer) => { try { resolve(JSON.parse(b.toString()).port) } catch (e) { reject(e) } })
    proc.once('exit', (code) => reject(new Error(`bare aedes exited with ${String(code)}`)))
  })
  return { ...track(proc), port }
}
