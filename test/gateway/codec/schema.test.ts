// The shape table in gateway/codec/schema.ts and the generated code in protos/gen must both match
// protos/flare.proto. Loads the .proto with protobufjs reflection (test-time only).
import t from 'tap'
import { fileURLToPath } from 'node:url'
import protobuf from 'protobufjs'
import { flare } from '../../../protos/gen/flare.js'
import { ENUMS, SCHEMA, type FieldSpec } from '../../../gateway/codec/schema.js'

const protoFile = fileURLToPath(new URL('../../../protos/flare.proto', import.meta.url))
const root = protobuf.loadSync(protoFile)
root.resolveAll()
const pkg = root.lookup('flare.v1') as protobuf.Namespace

const describeReflected = (field: protobuf.Field): object => ({
  json: field.name,
  type: field instanceof protobuf.MapField ? `map<${field.keyType},${field.type}>` : field.resolvedType ? field.resolvedType.name : field.type,
  repeated: field.repeated,
  optional: field.partOf?.name === `_${field.name}`, // proto3 `optional` is a synthetic oneof
  oneof: field.partOf && field.partOf.name !== `_${field.name}` ? field.partOf.name : undefined
})
const describeSpec = (spec: FieldSpec): object => ({
  json: spec.json,
  type: typeof spec.type === 'string'
    ? spec.type
    : 'enum' in spec.type
      ? spec.type.enum
      : 'message' in spec.type
        ? spec.type.message
        : `map<string,${spec.type.map}>`,
  repeated: spec.repeated,
  optional: spec.optional,
  oneof: spec.oneof
})

t.test('every message of flare.v1 is in the table, field by field', async (t) => {
  const types = pkg.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type)
  t.same(types.map((ty) => ty.name).sort(), Object.keys(SCHEMA).sort(), 'same messages')
  for (const type of types) {
    const specs = SCHEMA[type.name as keyof typeof SCHEMA]
    t.same(specs.map(describeSpec), type.fieldsArray.map(describeReflected), `${type.name} fields`)
    t.same(specs.map((s) => s.proto), type.fieldsArray.map((f) => f.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
      `${type.name} proto names`)
  }
})

t.test('enums: table and generated code match the .proto', async (t) => {
  const enums = pkg.nestedArray.filter((n): n is protobuf.Enum => n instanceof protobuf.Enum)
  t.same(enums.map((e) => e.name).sort(), Object.keys(ENUMS).sort(), 'same enums')
  for (const e of enums) {
    t.same({ ...ENUMS[e.name as keyof typeof ENUMS] }, e.values, `${e.name} values`)
  }
})

t.test('generated code encodes like reflection (protos/gen is up to date)', async (t) => {
  const sample = {
    alertId: 'a',
    kind: 9,
    triggeredAtMs: 1_763_900_000_000,
    batteryPct: 0,
    seq: 3,
    attributes: { k: 'v' },
    location: { lat: 1.5, lon: 2.5, accuracyM: 3.5, source: 5, fixAtMs: 7 },
    vitals: { heartRateBpm: 1, spo2Pct: 2, skinTempC: 3 }
  }
  const Reflected = pkg.lookupType('Alert')
  const viaReflection = Buffer.from(Reflected.encode(Reflected.fromObject(sample)).finish())
  const viaGenerated = Buffer.from(flare.v1.Alert.encode(flare.v1.Alert.fromObject(sample)).finish())
  t.same(viaGenerated.toString('hex'), viaReflection.toString('hex'), 'same bytes for Alert')
  for (const type of pkg.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type)) {
    const generated = (flare.v1 as unknown as Record<string, { decode(b: Uint8Array): unknown }>)[type.name]
    t.type(generated?.decode, 'function', `${type.name} is generated`)
  }
})
