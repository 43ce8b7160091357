import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { validateXML } from 'xmllint-wasm'

/** The CAP 1.2 schema the tests check against: CAP_XSD (e.g. OASIS's CAP-v1.2.xsd) if set, else test/fixtures/cap/cap-1.2.xsd. */
const SCHEMA_FILE = process.env.CAP_XSD ?? fileURLToPath(new URL('../fixtures/cap/cap-1.2.xsd', import.meta.url))
const schema = readFileSync(SCHEMA_FILE, 'utf8')

/** libxml2's schema validation (xmllint, as WebAssembly): the errors, none when the document is valid. */
export async function capSchemaErrors (xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'alert.xml', contents: xml }], schema: [{ fileName: 'cap.xsd', contents: schema }] })
  return result.valid ? [] : result.errors.map(e => e.rawMessage)
}
