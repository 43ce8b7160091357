/**
 * Every error code the REST API answers with, and the one HTTP status each code always has.
 * Clients branch on the code; the status follows from it, so the two can never disagree.
 */
export const HTTP_ERRORS = {
  bad_request: 400,
  invalid_geometry: 400,
  unknown_category: 400,
  unknown_person: 400,
  invalid_rules: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  session_expired: 401,
  forbidden: 403,
  account_disabled: 403,
  wrong_password: 403,
  csrf_invalid: 403,
  not_found: 404,
  conflict: 409,
  incident_ended: 409,
  person_has_open_incidents: 409,
  enrolment_unknown: 404,
  enrolment_used: 410,
  enrolment_expired: 410,
  enrolment_cancelled: 410,
  enrolment_revoked: 410,
  invalid_transition: 409,
  upgrade_required: 426,
  too_many_attempts: 429,
  rate_limited: 429,
  internal: 500,
  medical_key_unknown: 500,
  medical_decrypt_failed: 500,
  medical_key_missing: 503,
  database_unavailable: 503
} as const

export type HttpErrorCode = keyof typeof HTTP_ERRORS

/** An error with a code from HTTP_ERRORS; rendered as {error: {code, message, ...details}}. */
export class HttpError extends Error {
  readonly statusCode: number

  constructor (readonly code: HttpErrorCode, message: string, readonly details?: Record<string, unknown>) {
    super(message)
    this.name = 'HttpError'
    this.statusCode = HTTP_ERRORS[code]
  }
}

export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
      additionalProperties: true
    }
  },
  required: ['error']
} as const
