// Debian's mosquitto command-line clients as third-party MQTT clients in tests.
import type { Test } from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import type { TestFlare } from './flare.js'

export interface Proc {
  child: ChildProcess
  /** resolves with the first stdout line matching `re` */
  line: (re: RegExp) => Promise<string>
  exit: Promise<{ code: number | null, stdout: string, stderr: string }>
}

/** Spawns a mosquitto client with line-buffered stdout; whatever still runs when the test ends is killed. */
export function run (t: Test, cmd: 'mosquitto_pub' | 'mosquitto_sub' | 'mosquitto_rr', args: string[]): Proc {
  const child = spawn('stdbuf', ['-oL', `/usr/bin/${cmd}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  let stdout = ''
  let stderr = ''
  const waiters: Array<{ re: RegExp, resolve: (l: string) => void }> = []
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
    for (const w of [...waiters]) {
      const hit = stdout.split('\n').find(l => w.re.test(l))
      if (hit !== undefined) { waiters.splice(waiters.indexOf(w), 1); w.resolve(hit) }
    }
  })
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d })
  const exit = new Promise<{ code: number | null, stdout: string, stderr: string }>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
  return {
    child,
    exit,
    line: async (re) => await new Promise((resolve, reject) => {
      const hit = stdout.split('\n').find(l => re.test(l))
      if (hit !== undefined) return resolve(hit)
      waiters.push({ re, resolve })
      exit.then(({ stdout, stderr }) => reject(new Error(`${cmd} exited before printing ${String(re)}:\n${stdout}\n${stderr}`)), reject)
    })
  }
}

/** Host, port and protocol of a Flare under test (MQTT 3.1.1: mosquitto_rr would default to 5). */
export const mosqAt = (f: TestFlare): string[] => ['-h', '127.0.0.1', '-p', String(f.app.ports.mqtt), '-V', 'mqttv311']
/** Credentials: the client id is the principal. */
export const mosqAs = (id: string, secret: string): string[] => ['-i', id, '-u', id, '-P', secret]
