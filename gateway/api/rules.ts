import type { FastifyInstance } from 'fastify'
import type { RulesStore } from '../rules/store.js'
import { RulesError } from '../rules/validate.js'
import { errorSchema, HttpError } from './errors.js'
import { apiActor } from '../audit/log.js'

/** The classification rules in force; PUT swaps them atomically on every node, or refuses and keeps the old. */
export async function rulesPlugin (app: FastifyInstance, opts: { rules: RulesStore }): Promise<void> {
  const view = (): object => {
    const set = opts.rules.current
    return { version: set.version, file: set.file, effective: set.rules, liveness: set.liveness }
  }

  app.get('/rules', {
    onRequest: app.requireRole('viewer'),
    schema: { tags: ['rules'], summary: 'The rules file in force, and the effective rule list (yours, then the built-ins)' }
  }, async () => view())

  app.put('/rules', {
    onRequest: app.requireRole('admin'),
    schema: {
      tags: ['rules'],
      summary: 'Replace the rules (same format as RULES_FILE, as JSON)',
      body: { type: 'object' },
      response: { 400: errorSchema }
    }
  }, async (req) => {
    try {
      const set = await opts.rules.replace(req.body, apiActor(req.caller))
      await app.audit(req, { action: 'rules.replace', targetType: 'rules', targetId: String(set.version) })
    } catch (err) {
      if (err instanceof RulesError) throw new HttpError('invalid_rules', err.message, { problems: err.problems })
      throw err
    }
    return view()
  })
}
