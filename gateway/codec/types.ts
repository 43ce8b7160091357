// Plain-object shapes of the wire contracts in protos/flare.proto, as produced by the decoders in
// wire.ts and accepted by encode(). Field names are the proto3 JSON (lowerCamelCase) names.
//
// Conventions:
// - Fields at their proto3 default ("" / 0 / false / empty / unset message) may be absent: decoding
//   never fills in defaults. Read them as `x.seq ?? 0`, `x.alertId ?? ''`.
// - 64-bit integers are JavaScript numbers (exact up to 2^53 - 1, which covers epoch milliseconds).
// - Enum fields carry the value name. A number means a value this build does not know
//   (protobuf enums are open: newer firmware may send new kinds); later stages decide what to do with it.
// - float/double fields may be NaN or ±Infinity (both codecs can carry them): range checks must use
//   Number.isFinite, not comparisons alone.
import type { flare } from '../../protos/gen/flare.js'

type V1 = typeof flare.v1

export type AlertKindName = keyof V1['AlertKind']
export type LocationSourceName = keyof V1['LocationSource']
export type AckStatusName = keyof V1['AckStatus']
export type ReplyActionName = keyof V1['ReplyAction']

/** An enum field: its value name, or the number of a value unknown to this build. */
export type EnumValue<Name extends string> = Name | number

export interface LocationMessage {
  lat?: number
  lon?: number
  accuracyM?: number
  source?: EnumValue<LocationSourceName>
  fixAtMs?: number
}

export interface VitalsMessage {
  heartRateBpm?: number
  spo2Pct?: number
  skinTempC?: number
}

/** dev/{deviceId}/alert */
export interface AlertMessage {
  alertId?: string
  kind?: EnumValue<AlertKindName>
  triggeredAtMs?: number
  location?: LocationMessage
  /** Explicit presence: absent = unknown, 0 = empty battery. */
  batteryPct?: number
  vitals?: VitalsMessage
  attributes?: Record<string, string>
  seq?: number
}

/** dev/{deviceId}/telemetry */
export interface TelemetryMessage {
  atMs?: number
  /** Explicit presence: absent = unknown, 0 = empty battery. */
  batteryPct?: number
  location?: LocationMessage
  vitals?: VitalsMessage
}

/** dev/{deviceId}/ack */
export interface AlertAckMessage {
  alertId?: string
  status?: EnumValue<AckStatusName>
  incidentNumber?: string
  reasonCode?: string
  reason?: string
  message?: string
  responderName?: string
  etaS?: number
}

export interface MedicalProfileMessage {
  conditions?: string[]
  medication?: string[]
  allergies?: string[]
  bloodType?: string
  notes?: string
}

export interface DispatchOfferMessage {
  offerId?: string
  incidentId?: string
  incidentNumber?: string
  kind?: EnumValue<AlertKindName>
  category?: string
  priority?: number
  location?: LocationMessage
  expiresAtMs?: number
  triggeredAtMs?: number
  deviceId?: string
  zoneId?: string
  personName?: string
  /** Only for roles allowed to see it. */
  medical?: MedicalProfileMessage
  attempt?: number
}

export interface OfferWithdrawnMessage {
  offerId?: string
  incidentId?: string
  reason?: string
}

/** resp/{responderId}/reply */
export interface ResponderReplyMessage {
  replyId?: string
  action?: EnumValue<ReplyActionName>
  offerId?: string
  incidentId?: string
  reason?: string
  etaS?: number
  sentAtMs?: number
}

/** resp/{id}/status: the responder's availability switch. */
export interface ResponderStatusMessage {
  requestId?: string
  status?: EnumValue<keyof V1['ResponderAvailability']>
}

/** The gateway's answer to a ResponderReply, inside a DispatchMessage. */
export interface ReplyResultMessage {
  replyId?: string
  offerId?: string
  incidentId?: string
  ok?: boolean
  reason?: string
  /** ReplyAction names allowed from the incident's current state. */
  allowedNext?: string[]
}

/**
 * dispatch/{responderId}: exactly one of the members (oneof `body`). A decoded message with no
 * member set is `{}`.
 */
export type DispatchMessage =
  | { offer: DispatchOfferMessage, withdrawn?: undefined, result?: undefined }
  | { withdrawn: OfferWithdrawnMessage, offer?: undefined, result?: undefined }
  | { result: ReplyResultMessage, offer?: undefined, withdrawn?: undefined }
  | { offer?: undefined, withdrawn?: undefined, result?: undefined }

/** notify/{contactId} */
export interface ContactNoticeMessage {
  noticeId?: string
  incidentNumber?: string
  language?: string
  text?: string
  kind?: EnumValue<AlertKindName>
  location?: LocationMessage
  atMs?: number
}

/** zone/{zoneId}/escalations */
export interface EscalationMessage {
  escalationId?: string
  incidentId?: string
  incidentNumber?: string
  zoneId?: string
  priority?: number
  reason?: string
  location?: LocationMessage
  atMs?: number
}

/** Every message of flare.v1 by its proto name. */
export interface WireTypes {
  Location: LocationMessage
  Vitals: VitalsMessage
  Alert: AlertMessage
  Telemetry: TelemetryMessage
  AlertAck: AlertAckMessage
  MedicalProfile: MedicalProfileMessage
  DispatchOffer: DispatchOfferMessage
  OfferWithdrawn: OfferWithdrawnMessage
  ResponderReply: ResponderReplyMessage
  ResponderStatus: ResponderStatusMessage
  ReplyResult: ReplyResultMessage
  DispatchMessage: DispatchMessage
  ContactNotice: ContactNoticeMessage
  Escalation: EscalationMessage
}

export type MessageName = keyof WireTypes
