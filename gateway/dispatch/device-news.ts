import type { AlertAckMessage } from '../codec/wire.js'

/** What the device that raised an incident hears as help comes: one text for every dispatch path. */
export type DeviceNews = Omit<AlertAckMessage, 'alertId' | 'incidentNumber'>

export const deviceNews = {
  accepted: (name: string): DeviceNews => ({ status: 'UPDATE', message: `Help is coming: ${name} has accepted.`, responderName: name }),
  enRoute: (name: string, etaS?: number): DeviceNews => ({
    status: 'UPDATE',
    message: `${name} is on the way${etaS !== undefined && etaS > 0 ? `, about ${Math.max(1, Math.round(etaS / 60))} min` : ''}.`,
    responderName: name,
    etaS
  }),
  onScene: (name: string): DeviceNews => ({ status: 'UPDATE', message: `${name} has arrived.`, responderName: name }),
  resolved: (name: string): DeviceNews => ({ status: 'UPDATE', message: 'The incident is resolved.', responderName: name })
}
