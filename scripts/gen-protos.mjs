// Generates the static protobufjs code (flare.js and its flare.d.ts) from protos/*.proto into the
// directory given as the only argument, protos/gen by default. `npm run protos` and the test that
// checks the committed protos/gen is up to date both run this file, so they run the same commands.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const out = resolve(process.argv[2] ?? join(root, 'protos/gen'))
// Relative to the root, in code-point order: the output does not depend on where the tree is or on the shell's collation.
const protos = readdirSync(join(root, 'protos')).filter(f => f.endsWith('.proto')).sort().map(f => join('protos', f))

const run = (tool, args) => execFileSync(join(root, 'node_modules/.bin', tool), args, { cwd: root, stdio: 'inherit' })
mkdirSync(out, { recursive: true })
run('pbjs', ['-t', 'static-module', '-w', 'esm', '--dependency', 'protobufjs/minimal.js', '-o', join(out, 'flare.js'), ...protos])
run('pbts', ['-o', join(out, 'flare.d.ts'), join(out, 'flare.js')])
