import { Ajv, type ErrorObject } from 'ajv'
import type { RulesFile } from './types.js'

/** Error in a rules document; the message names the rule and the field. */
export class RulesError extends Error {
  constructor (readonly problems: string[]) {
    super(`invalid rules: ${problems.join('; ')}`)
    this.name = 'RulesError'
  }
}

const KINDS = ['PANIC', 'DURESS', 'FALL', 'MEDICAL', 'FIRE', 'LOW_BATTERY', 'TAMPER', 'DEVICE_OFFLINE', 'TEST', 'BURGLARY']

/** Payload fields a condition may test; `attributes.<name>` tests a free-form attribute. */
export const NUMERIC_FIELDS = ['batteryPct', 'seq', 'vitals.heartRateBpm', 'vitals.spo2Pct', 'vitals.skinTempC', 'location.accuracyM', 'location.lat', 'location.lon']

const condition = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    gt: { type: 'number' },
    gte: { type: 'number' },
    lt: { type: 'number' },
    lte: { type: 'number' },
    eq: { type: ['number', 'string'] },
    ne: { type: ['number', 'string'] },
    in: { type: 'array', items: { type: ['number', 'string'] }, minItems: 1 }
  }
}

const rule = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'match', 'category', 'priority', 'openIncident'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' },
    description: { type: 'string' },
    match: {
      type: 'object',
      additionalProperties: false,
      properties: {
        kinds: { type: 'array', minItems: 1, items: { enum: KINDS } },
        deviceKinds: { type: 'array', minItems: 1, items: { enum: ['button', 'wearable', 'phone'] } },
        zones: { type: 'array', minItems: 1, items: { type: 'string' } },
        payload: { type: 'object', additionalProperties: condition }
      }
    },
    category: { type: 'string', minLength: 1, maxLength: 64 },
    priority: { type: 'integer', minimum: 1, maximum: 5 },
    openIncident: { type: 'boolean' },
    correlation: {
      type: 'object',
      additionalProperties: false,
      required: ['key'],
      properties: {
        key: { enum: ['device', 'person', 'place'] },
        windowS: { type: 'integer', minimum: 0, maximum: 604800, default: 300 }
      },
      default: { key: 'device', windowS: 300 }
    },
    dispatch: {
      type: 'object',
      additionalProperties: false,
      required: ['roles'],
      properties: {
        roles: { type: 'array', minItems: 1, items: { type: 'string' } },
        radiusM: { type: 'number', exclusiveMinimum: 0, default: 5000 },
        count: { type: 'integer', minimum: 1, maximum: 50, default: 1 },
        offerTimeoutS: { type: 'integer', minimum: 5, maximum: 3600, default: 60 }
      }
    },
    escalation: {
      type: 'object',
      additionalProperties: false,
      required: ['afterS'],
      properties: {
        afterS: { type: 'integer', minimum: 1, maximum: 86400 },
        widenRadiusFactor: { type: 'number', minimum: 1, maximum: 100, default: 3 },
        raisePriority: { type: 'boolean', default: true }
      }
    },
    notifyContacts: { type: 'boolean', default: false }
  }
}

const rulesFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    includeDefaults: { type: 'boolean', default: true },
    rules: { type: 'array', items: rule },
    liveness: {
      type: 'object',
      additionalProperties: false,
      properties: {
        lowBatteryPct: { type: 'integer', minimum: 0, maximum: 100 },
        silentAfterS: {
          type: 'object',
          additionalProperties: false,
          properties: {
            button: { type: 'integer', minimum: 0 },
            wearable: { type: 'integer', minimum: 0 },
            phone: { type: 'integer', minimum: 0 },
            panel: { type: 'integer', minimum: 0 }
          }
        }
      }
    }
  }
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false })
const check = ajv.compile(rulesFileSchema)

/** `/rules/2/dispatch/radiusM` → `rule "fire-campus" (rules[2]): dispatch.radiusM` */
function describe (doc: any, err: ErrorObject): string {
  const parts = err.instancePath.split('/').slice(1)
  let where = parts.length === 0 ? 'document' : parts.join('.')
  if (parts[0] === 'rules' && parts.length >= 2) {
    const idx = Number(parts[1])
    const id = doc?.rules?.[idx]?.id
    const field = parts.slice(2).join('.')
    where = `rule ${typeof id === 'string' ? `"${id}" ` : ''}(rules[${idx}])${field === '' ? '' : ': ' + field}`
  }
  let what = err.message ?? 'is invalid'
  if (err.keyword === 'additionalProperties') what = `unknown field "${(err.params as any).additionalProperty}"`
  if (err.keyword === 'required') what = `missing field "${(err.params as any).missingProperty}"`
  if (err.keyword === 'enum') what = `must be one of ${(err.params as any).allowedValues.join(', ')}`
  return `${where}: ${what}`
}

/** Validates (and fills defaults into) a parsed rules document; throws RulesError listing every problem. */
export function validateRulesFile (doc: unknown): RulesFile {
  const copy = structuredClone(doc)
  if (!check(copy)) throw new RulesError((check.errors ?? []).map(e => describe(copy, e)))
  const file = copy as unknown as RulesFile
  const problems: string[] = []
  const seen = new Set<string>()
  file.rules.forEach((r, i) => {
    const where = `rule "${r.id}" (rules[${i}])`
    if (seen.has(r.id)) problems.push(`${where}: id: duplicate rule id`)
    seen.add(r.id)
    for (const [field, cond] of Object.entries(r.match.payload ?? {})) {
      const isAttr = /^attributes\.[^.]+$/.test(field)
      if (!isAttr && !NUMERIC_FIELDS.includes(field)) problems.push(`${where}: match.payload.${field}: unknown field (use one of ${NUMERIC_FIELDS.join(', ')} or attributes.<name>)`)
      if (isAttr && (cond.gt ?? cond.gte ?? cond.lt ?? cond.lte) !== undefined) problems.push(`${where}: match.payload.${field}: attributes are strings; use eq, ne or in`)
    }
    if (r.openIncident && r.dispatch === undefined && r.escalation !== undefined) problems.push(`${where}: escalation: needs a dispatch policy`)
    if (!r.openIncident && r.dispatch !== undefined) problems.push(`${where}: dispatch: a rule that opens no incident cannot dispatch`)
  })
  if (problems.length > 0) throw new RulesError(problems)
  return file
}
