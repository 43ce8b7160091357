/** An error with an HTTP status and a stable machine-readable code; rendered as {error: {code, message}}. */
export class HttpError extends Error {
  constructor (readonly statusCode: number, readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message)
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
