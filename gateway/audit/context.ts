import { AsyncLocalStorage } from 'node:async_hooks'

/** Where the REST request being served came from, and (once authenticated) who made it. */
export interface RequestOrigin {
  ip: string
  userAgent: string | null
  actor?: string
}

/**
 * The request's origin, for the audit rows written while serving it: many of them are written
 * deep in the domain (incident actions, medical reads), which is handed an actor string only.
 */
export const requestOrigin = new AsyncLocalStorage<RequestOrigin>()
