// A flood on one MQTT connection: publishes as fast as the socket takes them. Shared by the
// `flood` scenario (sim/device.ts) and the benchmark (bench.ts).
import type { MqttClient } from 'mqtt'

export interface FloodMessage { topic: string, payload: Buffer }

export interface FloodStats {
  qos0Sent: number
  qos1Sent: number
  /** QoS 1 publishes the broker acknowledged (what it actually got through) */
  qos1Acked: number
}

/**
 * QoS 1 publishes awaiting PUBACK at most: MQTT 3.1.1 has no receive maximum, but packet ids are
 * 16 bits and mqtt.js does not check for reuse. Far more than a broker that reads promptly needs.
 */
const MAX_QOS1_IN_FLIGHT = 10_000

export function emptyFloodStats (): FloodStats {
  return { qos0Sent: 0, qos1Sent: 0, qos1Acked: 0 }
}

/**
 * Writes until the socket's buffer is full, then waits for it to drain, so a broker that stops
 * reading this connection stops the flood as TCP would (and the simulator's event loop stays free).
 */
export class Flood {
  private stopped = false
  private wake: (() => void) | undefined

  constructor (private readonly m: { qos0: FloodMessage, qos1: FloodMessage, qos1Share: number }, readonly stats: FloodStats = emptyFloodStats()) {}

  /** Floods `client` until stop() or until that connection closes. */
  async run (client: MqttClient): Promise<void> {
    const { qos0, qos1, qos1Share } = this.m
    const stream = client.stream
    const alive = (): boolean => !this.stopped && client.connected && !stream.destroyed
    let inFlight = 0
    let n = 0
    while (alive()) {
      while (alive() && !stream.writableNeedDrain && inFlight < MAX_QOS1_IN_FLIGHT) {
        // The QoS 1 share spread evenly over the sequence, without random draws.
        const atQos1 = Math.floor((n + 1) * qos1Share) > Math.floor(n * qos1Share)
        n++
        if (atQos1) {
          inFlight++
          this.stats.qos1Sent++
          client.publish(qos1.topic, qos1.payload, { qos: 1 }, (err) => {
            inFlight--
            if (err == null) this.stats.qos1Acked++
            if (inFlight < MAX_QOS1_IN_FLIGHT / 2) this.wake?.()
          })
        } else {
          this.stats.qos0Sent++
          client.publish(qos0.topic, qos0.payload, { qos: 0 })
        }
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer)
          stream.off('drain', done)
          stream.off('close', done)
          this.wake = undefined
          resolve()
        }
        const timer = setTimeout(done, 100)
        stream.on('drain', done)
        stream.on('close', done)
        this.wake = done
      })
    }
  }

  stop (): void {
    this.stopped = true
    this.wake?.()
  }
}
