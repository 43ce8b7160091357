/** Schema pieces shared by several route plugins. */

import { Type } from 'typebox'

/**
 * A value or null, as one type list rather than an anyOf: with type coercion an anyOf turns a 0
 * into null (null first) or a null into 0 or "" (null last).
 */
export const Nullable = <T extends 'string' | 'number' | 'integer'>(type: T, opts: Record<string, unknown>) =>
  Type.Unsafe<(T extends 'string' ? string : number) | null>({ ...opts, type: [type, 'null'] })

export const principalIdSchema = {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  description: 'letters, digits, dot, dash, underscore; at most 64; also the MQTT client id and username'
} as const

export const pageQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    after: { type: 'string', description: 'cursor: the `next` value of the previous page' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    includeRevoked: { type: 'boolean', default: false }
  }
} as const

/** A page of a list ordered by id: `next` is the cursor for the following page, null after the last. */
export function pageOf<T extends { id: unknown }> (items: T[], limit: number): { items: T[], next: T['id'] | null } {
  return { items, next: items.length === limit ? items[items.length - 1].id : null }
}

export function isUniqueViolation (err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505'
}
