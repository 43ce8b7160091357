// The simulated fleet as a whole: builds a SimDevice per device (or, for DC-09 runs, a SimPanel per
// alarm panel) and a SimResponder per responder, connects them with bounded concurrency, routes
// planned events to devices, and stops everything.
import { transportOf, type Fleet, type FleetUrls } from '../fleet.js'
import { deriveSeed, Rng } from '../random.js'
import { mapLimit } from '../rest.js'
import type { AlertKindName } from '../../gateway/codec/wire.js'
import type { Malformation } from '../malformed.js'
import type { SimEvent } from '../scenarios/types.js'
import type { FirmwareBehaviour, PanelBehaviour, ResponderBehaviour } from './behaviour.js'
import type { Dc09Target } from './dc09-panel.js'
import { SimDevice } from './device.js'
import { SimPanel } from './panel-device.js'
import type { Recorder } from './recorder.js'
import type { Dc09Log } from './run-log.js'
import { SimResponder } from './responder.js'

export interface FleetSimOptions {
  fleet: Fleet
  urls: FleetUrls
  runId: string
  seed: number
  firmware: FirmwareBehaviour
  responders: ResponderBehaviour
  recorder: Recorder
  /** a DC-09 run: the fleet's panels play the devices' part */
  panels?: { target: Dc09Target, behaviour: PanelBehaviour, log: Dc09Log }
}

/** What the fleet needs of a device, MQTT or panel. */
type Device = Pick<SimDevice, 'isOnline' | 'pendingCount' | 'start' | 'stop' | 'telemetry' | 'disconnect' | 'reconnect' | 'stopFlood'> & {
  press: (kind: AlertKindName, phase: number, heartRateBpm?: number, cutAfterMs?: number) => unknown
  malformed: (malformation: Malformation, phase: number) => void
  startFlood: (kind: AlertKindName, phase: number, qos1Share: number) => void
}

export class FleetSim {
  readonly devices = new Map<string, Device>()
  readonly responders: SimResponder[] = []
  private readonly respondersById = new Map<string, SimResponder>()

  constructor (private readonly o: FleetSimOptions) {
    for (const p of o.panels === undefined ? [] : o.fleet.panels ?? []) {
      this.devices.set(p.id, new SimPanel(p, {
        target: o.panels!.target,
        firmware: o.firmware,
        panel: o.panels!.behaviour,
        recorder: o.recorder,
        dc09: o.panels!.log,
        rng: new Rng(deriveSeed(o.seed, `panel:${p.id}`))
      }))
    }
    for (const d of o.panels === undefined ? o.fleet.devices : []) {
      this.devices.set(d.id, new SimDevice(d, {
        url: transportOf(d) === 'ws' ? o.urls.ws : o.urls.mqtt,
        runId: o.runId,
        firmware: o.firmware,
        recorder: o.recorder,
        rng: new Rng(deriveSeed(o.seed, `device:${d.id}`))
      }))
    }
    for (const r of o.fleet.responders) {
      this.respondersById.set(r.id, new SimResponder(r, {
        url: o.urls.mqtt,
        behaviour: o.responders,
        recorder: o.recorder,
        rng: new Rng(deriveSeed(o.seed, `responder:${r.id}`)),
        keepaliveS: o.firmware.keepaliveS
      }))
    }
    this.responders.push(...this.respondersById.values())
  }

  /**
   * Connects responders first (so early offers find them listening), then devices. A device that
   * cannot connect keeps trying on its own, as firmware does; a responder that cannot is a warning.
   */
  async connect (concurrency: number, onProgress?: (done: number, total: number) => void): Promise<void> {
    const total = this.responders.length + this.devices.size
    let done = 0
    const tick = (): void => { done++; onProgress?.(done, total) }
    await mapLimit(this.responders, concurrency, async (r) => {
      try {
        await r.start()
      } catch (err) {
        this.o.recorder.log.connections.connectFailures++
        this.o.recorder.log.warnings.push(`responder ${r.spec.id} could not connect: ${(err as Error).message}`)
      }
      tick()
    })
    await mapLimit([...this.devices.values()], concurrency, async (d) => { await d.start(); tick() })
  }

  apply (e: SimEvent): void {
    if (e.type === 'freeze' || e.type === 'thaw') {
      const r = this.respondersById.get(e.deviceId)
      if (e.type === 'freeze') r?.freeze()
      else r?.thaw()
      return
    }
    const d = this.devices.get(e.deviceId)
    if (d === undefined) return
    switch (e.type) {
      case 'press': d.press(e.kind, e.phase, e.heartRateBpm, e.cutAfterMs); break
      case 'malformed': d.malformed(e.malformation, e.phase); break
      case 'telemetry': d.telemetry(e.heartRateBpm); break
      case 'disconnect': d.disconnect(); break
      case 'reconnect': d.reconnect(); break
      case 'flood-start': d.startFlood(e.kind, e.phase, e.qos1Share); break
      case 'flood-stop': d.stopFlood(); break
    }
  }

  /** Ends floods and thaws responders: for a run cut short before their planned end. */
  calm (): void {
    for (const d of this.devices.values()) d.stopFlood()
    for (const r of this.responders) r.thaw()
  }

  /** Alerts still waiting for an AlertAck across the fleet. */
  pending (): number {
    let n = 0
    for (const d of this.devices.values()) n += d.pendingCount
    return n
  }

  online (): number {
    let n = 0
    for (const d of this.devices.values()) if (d.isOnline) n++
    return n
  }

  async stop (): Promise<void> {
    await mapLimit([...this.devices.values(), ...this.responders], 200, async (x) => { await x.stop() })
  }
}
