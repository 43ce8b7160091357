// tsc does not copy non-TS assets; the build output needs the .proto files and the default rules beside it,
// and the console's and the field app's browser files (served from dist/gateway/console/public).
import { cpSync, existsSync, mkdirSync } from 'node:fs'
const assets = [
  ['protos', 'dist/protos', (p) => p.endsWith('.proto') || !p.includes('.')],
  ['gateway/console/public', 'dist/gateway/console/public', () => true],
  ['gateway/field-app/public', 'dist/gateway/field-app/public', () => true]
]
for (const [from, to, filter] of assets) {
  if (!existsSync(from)) continue
  mkdirSync(to, { recursive: true })
  cpSync(from, to, { recursive: true, filter: (src) => filter(src) || src === from })
}
