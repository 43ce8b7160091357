import { readFileSync, readdirSync } from 'node:fs'
import { execFileSync } from 'node:child_process'

/**
 * CPU time per process group, from Linux's /proc, so the benchmark can say where a machine's cores
 * went per alert: Flare, PostgreSQL (every postgres process on this machine, plus the postmaster's
 * exited children), and the load generator itself. Elsewhere (no /proc) every figure is null.
 */
export interface CpuSeconds { flare: number | null, postgres: number | null, loadGenerator: number }

const TICKS = ((): number => {
  try { return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100 } catch { return 100 }
})()

interface Stat { comm: string, ppid: number, self: number, children: number }

function stat (pid: number | string): Stat | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // comm is in parentheses and may hold spaces: split after the last ')'
    const close = s.lastIndexOf(')')
    const f = s.slice(close + 2).split(' ')
    // fields after comm, 0-based: 1 ppid, 11 utime, 12 stime, 13 cutime, 14 cstime
    return { comm: s.slice(s.indexOf('(') + 1, close), ppid: Number(f[1]), self: (Number(f[11]) + Number(f[12])) / TICKS, children: (Number(f[13]) + Number(f[14])) / TICKS }
  } catch {
    return undefined
  }
}

function postgresSeconds (): number | null {
  let pids: string[]
  try { pids = readdirSync('/proc').filter(p => /^\d+$/.test(p)) } catch { return null }
  let total = 0
  let found = false
  for (const pid of pids) {
    const s = stat(pid)
    if (s?.comm !== 'postgres') continue
    found = true
    total += s.self
    // the postmaster: its exited children (backends that came and went) count too
    if (stat(s.ppid)?.comm !== 'postgres') total += s.children
  }
  return found ? total : null
}

export function cpuSeconds (flarePids: number[]): CpuSeconds {
  const flare = flarePids.map(p => stat(p)?.self)
  const usage = process.cpuUsage()
  return {
    flare: flare.some(x => x === undefined) ? null : (flare as number[]).reduce((a, b) => a + b, 0),
    postgres: postgresSeconds(),
    loadGenerator: (usage.user + usage.system) / 1e6
  }
}

/** CPU milliseconds per alert between two readings, and the alerts/s those costs allow on `cores`. */
export function cpuPerAlert (before: CpuSeconds, after: CpuSeconds, alerts: number, cores: number): Record<string, number | null> {
  const per = (a: number | null, b: number | null): number | null => a === null || b === null || alerts === 0 ? null : Math.round((b - a) / alerts * 1e6) / 1e3
  const flare = per(before.flare, after.flare)
  const postgres = per(before.postgres, after.postgres)
  const loadGenerator = per(before.loadGenerator, after.loadGenerator)
  const total = flare === null || postgres === null || loadGenerator === null ? null : Math.round((flare + postgres + loadGenerator) * 1000) / 1000
  return {
    flareMs: flare,
    postgresMs: postgres,
    loadGeneratorMs: loadGenerator,
    totalMs: total,
    // every core busy with exactly this work: the most this machine can do
    cpuBoundAlertsPerSec: total === null || total === 0 ? null : Math.round(cores * 1000 / total)
  }
}
