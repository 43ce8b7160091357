// `--scenario NAME|path/to/scenario.json`: a built-in by name, or a user's scenario file, checked
// against the JSON Schema below (which is also the reference for the format in README.md).
import { readFile } from 'node:fs/promises'
import { Ajv, type ErrorObject } from 'ajv'
import { ENUMS } from '../../gateway/codec/schema.js'
import { MALFORMATIONS } from '../malformed.js'
import { responderBehaviourProblems } from '../sim/behaviour.js'
import { BUILTIN_SCENARIOS } from './builtin.js'
import { PHASE_TYPES, type Scenario } from './types.js'

const ALERT_KINDS = Object.keys(ENUMS.AlertKind).filter(k => k !== 'ALERT_KIND_UNSPECIFIED')
const fraction = { type: 'number', minimum: 0, maximum: 1 }
const seconds = { type: 'number', minimum: 0 }

export const scenarioSchema = {
  type: 'object',
  required: ['name', 'phases'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    phases: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['type'],
        additionalProperties: false,
        properties: {
          type: { enum: PHASE_TYPES },
          name: { type: 'string' },
          from: fraction,
          to: fraction,
          startS: seconds,
          durationS: { type: 'number', exclusiveMinimum: 0 },
          deviceKinds: { type: 'array', minItems: 1, items: { enum: ['button', 'wearable', 'phone'] } },
          share: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
          rate: { type: 'number', minimum: 0 },
          rateScale: { type: 'number', minimum: 0 },
          kinds: { type: 'array', minItems: 1, items: { enum: ALERT_KINDS } },
          area: {
            type: 'object',
            required: ['lat', 'lon', 'radiusM'],
            additionalProperties: false,
            properties: { lat: { type: 'number', minimum: -90, maximum: 90 }, lon: { type: 'number', minimum: -180, maximum: 180 }, radiusM: { type: 'number', exclusiveMinimum: 0 } }
          },
          presses: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 2, maxItems: 2 },
          withinMs: { type: 'number', minimum: 0 },
          highHeartRateShare: fraction,
          telemetryEveryS: seconds,
          flooders: { type: 'integer', minimum: 1 },
          frozenResponders: { type: 'integer', minimum: 0 },
          qos1Share: fraction,
          faults: {
            type: 'object',
            additionalProperties: false,
            properties: {
              garbage: fraction,
              malformations: { type: 'array', minItems: 1, items: { enum: MALFORMATIONS } },
              flap: {
                type: 'object',
                required: ['everyS', 'downS'],
                additionalProperties: false,
                properties: { everyS: { type: 'number', exclusiveMinimum: 0 }, downS: seconds, cutShare: fraction }
              }
            }
          }
        }
      }
    },
    responders: { type: 'object' }
  }
} as const

const ajv = new Ajv({ allErrors: true, strict: false })
const validate = ajv.compile(scenarioSchema)

const describe = (e: ErrorObject): string => `${e.instancePath === '' ? '(root)' : e.instancePath} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}${e.keyword === 'enum' ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`

/** The problems with a parsed scenario file; empty when it is valid. */
export function scenarioProblems (value: unknown): string[] {
  if (!validate(value)) return (validate.errors ?? []).map(describe)
  const s = value as Scenario
  const problems: string[] = []
  s.phases.forEach((p, i) => {
    if (p.from !== undefined && p.to !== undefined && p.to <= p.from) problems.push(`/phases/${i} needs from < to`)
    if (p.presses !== undefined && p.presses[1] < p.presses[0]) problems.push(`/phases/${i}/presses must be [min, max] with min ≤ max`)
  })
  for (const msg of responderBehaviourProblems(s.responders ?? {})) problems.push(`/responders: ${msg}`)
  return problems
}

/** A built-in by name, else a JSON file at that path. Throws with every problem listed. */
export async function loadScenario (nameOrPath: string): Promise<Scenario> {
  const builtin = Object.hasOwn(BUILTIN_SCENARIOS, nameOrPath) ? BUILTIN_SCENARIOS[nameOrPath] : undefined
  if (builtin !== undefined) return builtin
  let text: string
  try {
    text = await readFile(nameOrPath, 'utf8')
  } catch (err) {
    const known = Object.keys(BUILTIN_SCENARIOS).join(', ')
    throw new Error(`no built-in scenario "${nameOrPath}" (built-in: ${known}) and no such file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new Error(`${nameOrPath} is not valid JSON: ${(err as Error).message}`)
  }
  const problems = scenarioProblems(parsed)
  if (problems.length > 0) throw new Error(`${nameOrPath} is not a valid scenario:\n  ${problems.join('\n  ')}`)
  return parsed as Scenario
}
