import * as dns from 'node:dns';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_OF_STATUS } from '@pp/platform';
import { LANGUAGES, resources } from '../../apps/console/src/i18n/resources';

/** Every `.ts` file under `dir` that is not a test. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(path) ? [path] : [];
  });
}

/**
 * The problem codes the api can answer, read from its source: each code given to a DomainError or
 * its helpers, each `code: 'X'` of a problem or a row result, and the codes of HTTP-level refusals.
 * A code written another way would escape this list: the house style writes them as literals.
 */
function apiCodes(): Set<string> {
  const root = join(__dirname, '..', '..');
  const codes = new Set(Object.values(CODE_OF_STATUS));
  for (const file of [...sources(join(root, 'libs')), ...sources(join(root, 'apps', 'api', 'src'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:new DomainError|ruleViolation|conflict|notFound)\(\s*['"`]([A-Z][A-Z0-9_]+)['"`]/g)) codes.add(m[1]);
    for (const m of text.matchAll(/\bcode: '([A-Z][A-Z0-9_]+)'/g)) codes.add(m[1]);
  }
  // The resolver's error codes (`ENOTFOUND`, which the webhooks' DNS lookup gives a Node error) are
  // written the same way but never answered: the api maps them to its own codes.
  for (const value of Object.values(dns)) if (typeof value === 'string') codes.delete(value);
  return codes;
}

describe('problem codes in the console', () => {
  const codes = apiCodes();

  it('finds the codes of the api (a sanity check of the scan itself)', () => {
    expect(codes.size).toBeGreaterThan(50);
    for (const known of ['ACCOUNT_NOT_ENTERPRISE', 'CUSTOMER_NOT_FOUND', 'DUPLICATE_IN_BATCH', 'STORE_UNAVAILABLE', 'URI_TOO_LONG', 'VALIDATION_FAILED']) expect(codes).toContain(known);
  });

  it.each(LANGUAGES)('every code the api answers is a sentence in %s', (language) => {
    const table = resources[language].problems as Record<string, string>;
    expect({ language, missing: [...codes].filter((code) => !table[code]?.trim()).sort() }).toEqual({ language, missing: [] });
  });
});
