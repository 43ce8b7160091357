import type { AlertAckMessage } from '../codec/wire.js'

/**
 * What the device that raised an incident hears as help comes: one text for every dispatch path,
 * and in `reasonCode` which step it is, for apps that show it in their own words.
 */
export type DeviceNews = Omit<AlertAckMessage, 'alertId' | 'incidentNumber'>

export const deviceNews = {
  accepted: (name: string): DeviceNews => ({ status: 'UPDATE', reasonCode: 'accepted', message: `Help is coming: ${name} has accepted.`, responderName: name }),
  enRoute: (name: string, etaS?: number): DeviceNews => ({
    status: 'UPDATE',
    reasonCode: 'en_route',
    message: `${name} is on the way${etaS !== undefined && etaS > 0 ? `, about ${Math.max(1, Math.round(etaS / 60))} min` : ''}.`,
    responderName: name,
    etaS
  }),
  onScene: (name: string): DeviceNews => ({ status: 'UPDATE', reasonCode: 'on_scene', message: `${name} has arrived.`, responderName: name }),
  resolved: (name: string): DeviceNews => ({ status: 'UPDATE', reasonCode: 'resolved', message: 'The incident is resolved.', responderName: name }),
  cancelled: (): DeviceNews => ({ status: 'UPDATE', reasonCode: 'cancelled', message: 'The incident was cancelled by the control room.' })
}
