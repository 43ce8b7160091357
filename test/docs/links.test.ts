// The documentation holds together: the README stays a front door, every relative link lands on a
// file of the repository (and a heading, where it names one), nothing points outside the repository,
// the documentation files the README promises exist, and every variable config/config.ts reads is
// documented in docs/configuration.md.
import t from 'tap'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..', '..')
const SELF = relative(ROOT, import.meta.filename)
const README_MAX_BYTES = 12_288
const SKIP_DIRS = new Set(['node_modules', 'dist', 'data', '.git', 'gen'])

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')

/** Files under dir (relative to the repository root) whose name passes keep. */
function filesUnder (dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(join(ROOT, dir))) return []
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(join(ROOT, path)).isDirectory()) return SKIP_DIRS.has(name) ? [] : filesUnder(path, keep)
    return keep(name) ? [path] : []
  })
}

/** The documentation whose links are checked. */
const linkedDocs = ['README.md', ...filesUnder('docs', n => n.endsWith('.md')), 'firmware-sim/README.md', 'bench/RESULTS.md']

/** Markdown without fenced code blocks and inline code, where link-like text is not a link. */
function prose (markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '')
}

/** Every link target of a Markdown text: inline `[text](target)` and reference `[id]: target`. */
function linksOf (markdown: string): string[] {
  const text = prose(markdown)
  const inline = [...text.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(m => m[1])
  const reference = [...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map(m => m[1])
  return [...inline, ...reference]
}

/** GitHub's anchor for each heading of a Markdown text (repeats get -1, -2, …). */
function anchorsOf (markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
  for (const m of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = m[1].toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')
    const n = seen.get(slug) ?? 0
    seen.set(slug, n + 1)
    anchors.add(n === 0 ? slug : `${slug}-${n}`)
  }
  return anchors
}

const isExternal = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target)
const isLocalUrl = (target: string): boolean => /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|HOST)([:/]|$)/i.test(target)

t.test(`README.md is at most ${README_MAX_BYTES} bytes`, async (t) => {
  const bytes = statSync(join(ROOT, 'README.md')).size
  t.ok(bytes <= README_MAX_BYTES, `README.md has ${bytes} bytes; move detail into docs/`)
})

t.test('every relative link resolves to a file of the repository', async (t) => {
  t.ok(linkedDocs.length >= 8, `found the documentation (${linkedDocs.join(', ')})`)
  const broken: string[] = []
  for (const doc of linkedDocs) {
    for (const link of linksOf(read(doc))) {
      if (link.startsWith('#') || isExternal(link)) continue
      const [path] = link.split('#')
      const target = resolve(ROOT, dirname(doc), decodeURIComponent(path))
      if (target !== ROOT && !target.startsWith(ROOT + sep)) broken.push(`${doc}: ${link} (outside the repository)`)
      else if (!existsSync(target) || !statSync(target).isFile()) broken.push(`${doc}: ${link} (no such file)`)
    }
  }
  t.same(broken, [], 'every link lands on a file')
})

t.test('links to a heading name one that exists', async (t) => {
  const broken: string[] = []
  for (const doc of linkedDocs) {
    for (const link of linksOf(read(doc))) {
      if (isExternal(link) || !link.includes('#')) continue
      const [path, anchor] = link.split('#')
      const file = path === '' ? doc : relative(ROOT, resolve(ROOT, dirname(doc), decodeURIComponent(path)))
      if (!file.endsWith('.md') || !existsSync(join(ROOT, file))) continue
      if (!anchorsOf(read(file)).has(anchor)) broken.push(`${doc}: ${link}`)
    }
  }
  t.same(broken, [], 'every #anchor names a heading')
})

t.test('no Markdown link goes to another site', async (t) => {
  const external: string[] = []
  for (const doc of linkedDocs) {
    for (const link of linksOf(read(doc))) {
      if (isExternal(link) && !isLocalUrl(link)) external.push(`${doc}: ${link}`)
    }
  }
  t.same(external, [], 'project facts live in the repository; a link to another site is not one')
})

// Notes kept outside the repository: a user who clones it does not have them.
const OUTSIDE = [/\.\.\/shared\b/, /\bshared\/(DESIGN|FIELD)/, /DESIGN\.md/, /\bDESIGN\s*§/, /FIELD-NOTES/]

t.test('nothing in the repository points to notes outside it', async (t) => {
  const sourceDirs = ['config', 'broker', 'gateway', 'firmware-sim', 'migrations', 'test', 'scripts', 'protos', 'haproxy', '.ci']
  const sources = sourceDirs.flatMap(d => filesUnder(d, n => /\.(ts|js|mjs|cjs|sql|proto|cfg|json|ya?ml|sh)$/.test(n) || n === 'run'))
  const topLevel = ['Dockerfile', 'docker-compose.yml', 'eslint.config.js', 'package.json', 'tsconfig.json', '.taprc']
    .filter(f => existsSync(join(ROOT, f)))
  const markdown = filesUnder('.', n => n.endsWith('.md'))
  const files = [...new Set([...markdown, ...sources, ...topLevel])].filter(f => f !== SELF)
  t.ok(sources.length > 100, `found the source files (${sources.length})`)
  t.ok(markdown.includes('README.md') && markdown.includes(join('docs', 'architecture.md')), 'and the Markdown files')

  const found: string[] = []
  for (const file of files) {
    read(file).split('\n').forEach((line, i) => {
      if (OUTSIDE.some(re => re.test(line))) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`)
    })
  }
  t.same(found, [], 'say it here, in the repository, instead of pointing elsewhere')
})

t.test('the documentation the README promises exists and is linked from it', async (t) => {
  const readmeLinks = new Set(linksOf(read('README.md')).map(l => l.split('#')[0]))
  for (const doc of ['architecture', 'api', 'configuration', 'operations', 'pipeline', 'dependencies']) {
    const path = `docs/${doc}.md`
    t.ok(existsSync(join(ROOT, path)), `${path} exists`)
    t.ok(readmeLinks.has(path), `README.md links to ${path}`)
  }
})

t.test('every variable config/ reads is in docs/configuration.md', async (t) => {
  const readers = 'str|int|port|bool|oneOf|url|file|addressList|roleList'
  const call = new RegExp(`\\b(?:${readers})(?:<[^>]*>)?\\(\\s*env\\s*,\\s*'([A-Z][A-Z0-9_]*)'`, 'g')
  const names = new Set<string>(['MEDICAL_KEY', 'MEDICAL_KEYS_PREVIOUS'])
  for (const file of filesUnder('config', n => n.endsWith('.ts'))) {
    for (const m of read(file).matchAll(call)) names.add(m[1])
  }
  t.ok(names.size >= 30, `found the variables (${names.size})`)
  t.ok(names.has('HTTP_PORT') && names.has('MQTT_CONNECT_RATE_EXEMPT') && names.has('MEDICAL_ROLES'), 'with the readers of every kind')

  const doc = read('docs/configuration.md')
  const missing = [...names].filter(name => !doc.includes(`\`${name}\``)).sort()
  t.same(missing, [], 'each variable is documented (as `NAME`)')
})

t.test('the link reader sees the links it should', async (t) => {
  // If the expressions stopped matching, every check above would pass over nothing.
  t.same(linksOf('See [a](docs/a.md#x), ![b](b.png "t") and `[c](not-a-link.md)`.\n\n[d]: ../d.md\n'), ['docs/a.md#x', 'b.png', '../d.md'])
  t.same(linksOf('```sh\n[x](inside-code.md)\n```\n'), [])
  t.ok(anchorsOf('## The promise: PUBACK after commit\n## Benchmark (`npm run bench`)\n## A\n## A\n')
    .has('benchmark-npm-run-bench'), 'inline code in a heading')
  t.same([...anchorsOf('## The promise: PUBACK after commit\n## A\n## A\n')], ['the-promise-puback-after-commit', 'a', 'a-1'])
})
