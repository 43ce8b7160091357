// Memory per idle connection, read two ways. Raw: resident memory 2 s after the connections, as an
// operator's `top` shows it during a reconnect; it includes the garbage the connect storm left that
// V8 has not yet collected, so it moves with GC timing. Retained: the same after a full garbage
// collection before and after, i.e. what each idle connection keeps. The collection is asked of
// the process through its inspector (Node's --inspect on a loopback port the bench chose), so the
// measured program carries no benchmark code.
import WebSocket from 'ws'
import type { MqttClient } from 'mqtt'
import { rssMb } from './processes.js'

/** The Node flag that opens a process's inspector on a loopback port. */
export const inspectArg = (port: number): string => `--inspect=127.0.0.1:${port}`

interface InspectorResult { id: number, result?: { usedSize?: number }, error?: { message: string } }

/** One request to the process's inspector (Chrome DevTools Protocol) and its answer. */
async function inspector (port: number, method: string): Promise<InspectorResult> {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as Array<{ webSocketDebuggerUrl: string }>
  if (targets.length === 0) throw new Error(`no inspector target on port ${port}`)
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl)
  try {
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) })
    ws.send(JSON.stringify({ id: 1, method }))
    const answer = await new Promise<InspectorResult>((resolve, reject) => {
      ws.once('message', (data) => { resolve(JSON.parse(data.toString())) })
      ws.once('error', reject)
    })
    if (answer.error !== undefined) throw new Error(`${method}: ${answer.error.message}`)
    return answer
  } finally {
    ws.close()
  }
}

interface Reading { rssMb: number, heapMb: number }

async function read (pid: number, port: number, collect: boolean): Promise<Reading> {
  if (collect) {
    await inspector(port, 'HeapProfiler.collectGarbage')
    // The collector hands freed pages back to the system shortly after it returns.
    await new Promise(resolve => setTimeout(resolve, 500))
  }
  const heap = await inspector(port, 'Runtime.getHeapUsage')
  return { rssMb: rssMb(pid), heapMb: (heap.result?.usedSize ?? NaN) / 1e6 }
}

export interface IdleMemory {
  connections: number
  /** RSS growth per 1,000 connections, 2 s after they connected */
  rawMbPer1k: number
  /** RSS growth per 1,000 connections between full collections */
  retainedMbPer1k: number
  /** V8 heap growth per 1,000 connections between full collections (the rest is native: sockets, buffers) */
  retainedHeapMbPer1k: number
  /** the process's resident memory at the raw reading: what the connections needed at their peak */
  rssMbAfter: number
}

const per1k = (mb: number, n: number): number => Math.round(mb / (n / 1000) * 100) / 100

/** Connects `connect()`'s clients to the process `pid` (its inspector on `port`) and measures both ways. */
export async function idleMemory (pid: number, port: number, connect: () => Promise<MqttClient[]>): Promise<{ clients: MqttClient[], memory: IdleMemory }> {
  const rawBefore = rssMb(pid)
  const before = await read(pid, port, true)
  const clients = await connect()
  await new Promise(resolve => setTimeout(resolve, 2000))
  const raw = rssMb(pid)
  const after = await read(pid, port, true)
  const n = clients.length
  return {
    clients,
    memory: {
      connections: n,
      // Against the raw reading before: both then carry whatever garbage they happen to.
      rawMbPer1k: per1k(raw - rawBefore, n),
      retainedMbPer1k: per1k(after.rssMb - before.rssMb, n),
      retainedHeapMbPer1k: per1k(after.heapMb - before.heapMb, n),
      rssMbAfter: Math.round(raw)
    }
  }
}
