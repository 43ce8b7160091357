// The dependency arrows point one way: firmware-sim → gateway → broker, with config/ at the root
// (parsed once, importing none of the parts) and gateway/storage/ as plumbing that knows nothing of
// the domain. This test reads every import in the source and fails on one that points the wrong way.
import t from 'tap'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'

const ROOT = join(import.meta.dirname, '..')

function sources (dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path)
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** Every relative import of a file, as a path from the repository root. */
function importsOf (file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  const found = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)]
  return found.map(m => normalize(relative(ROOT, join(ROOT, dirname(file), m[1] ?? m[2]))))
}

/** For each part, the parts it may not import. */
const FORBIDDEN: Array<{ part: string, mayNotImport: string[], why: string }> = [
  { part: 'config/', mayNotImport: ['broker/', 'gateway/', 'firmware-sim/'], why: 'configuration is the root: every part gets its options from it' },
  { part: 'broker/', mayNotImport: ['gateway/', 'firmware-sim/'], why: 'the broker declares interfaces the gateway implements' },
  { part: 'gateway/', mayNotImport: ['firmware-sim/'], why: 'the simulator drives the gateway, not the other way round' },
  {
    part: 'gateway/storage/',
    mayNotImport: ['gateway/pipeline/', 'gateway/dispatch/', 'gateway/incidents/', 'gateway/persons/', 'gateway/identity/', 'gateway/api/', 'gateway/live/', 'gateway/rules/', 'gateway/zones/', 'gateway/devices/'],
    why: 'shared plumbing imports nothing of the domain'
  },
  { part: 'gateway/dispatch/', mayNotImport: ['gateway/pipeline/'], why: 'dispatch is called by the pipeline, and must not reach into its internals' },
  { part: 'gateway/incidents/', mayNotImport: ['gateway/pipeline/', 'gateway/dispatch/', 'gateway/api/'], why: 'the incident model sits below the parts that use it' }
]

const files = ['config', 'broker', 'gateway', 'firmware-sim'].flatMap(sources)

t.ok(files.length > 100, `found the source files (${files.length})`)

for (const rule of FORBIDDEN) {
  t.test(`${rule.part} imports none of ${rule.mayNotImport.join(', ')}`, async (t) => {
    const wrong: string[] = []
    for (const file of files.filter(f => f.startsWith(rule.part))) {
      for (const target of importsOf(file)) {
        if (rule.mayNotImport.some(p => target.startsWith(p))) wrong.push(`${file} → ${target}`)
      }
    }
    t.same(wrong, [], rule.why)
  })
}

t.test('the import reader sees the imports it should', async (t) => {
  // A file known to import across parts: if the regular expression stopped matching, every rule above would pass vacuously.
  const imports = importsOf('gateway/gateway.ts')
  t.ok(imports.some(i => i.startsWith('broker/')), 'gateway/gateway.ts imports from broker/')
  t.ok(imports.some(i => i.startsWith('gateway/pipeline/')), 'and from gateway/pipeline/')
})
