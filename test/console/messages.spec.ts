import { LANGUAGES, resources } from '../../apps/console/src/i18n/resources';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf of a namespace as `a.b.c` → text. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [p, v] of leaves(value, path)) out.set(p, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('console texts', () => {
  const namespaces = Object.keys(resources.en) as Array<keyof typeof resources.en>;

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every English key of every namespace, no more, none empty, the same placeholders', (language) => {
    for (const namespace of namespaces) {
      const reference = leaves(resources.en[namespace] as Tree);
      const translated = leaves(resources[language][namespace] as Tree);
      expect({ namespace, missing: [...reference.keys()].filter((k) => !translated.has(k)) }).toEqual({ namespace, missing: [] });
      expect({ namespace, extra: [...translated.keys()].filter((k) => !reference.has(k)) }).toEqual({ namespace, extra: [] });
      expect({ namespace, empty: [...translated].filter(([, text]) => text.trim() === '').map(([k]) => k) }).toEqual({ namespace, empty: [] });
      const wrong = [...reference].filter(([key, text]) => JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(translated.get(key) ?? ''))).map(([k]) => k);
      expect({ namespace, placeholdersDiffer: wrong }).toEqual({ namespace, placeholdersDiffer: [] });
    }
  });

  it('no English text is left untranslated in vi or zh (same text in both), beyond names that are the same in every language', () => {
    // The Vietnamese guide (seed 000, step 2) names the button in English: "Chọn “Become a VNG Cloud Partner”".
    const sameIn: Record<'vi' | 'zh', Set<string>> = { vi: new Set(['partner:become', 'partner:apply.title']), zh: new Set() };
    const same = new Set(['languages.en', 'languages.vi', 'languages.zh']);
    for (const language of ['vi', 'zh'] as const) {
      for (const namespace of namespaces) {
        const reference = leaves(resources.en[namespace] as Tree);
        const translated = leaves(resources[language][namespace] as Tree);
        const copies = [...reference].filter(([key, text]) => !same.has(key) && /[a-z]{4,}/.test(text.replace(/\{\{\s*\w+\s*\}\}/g, '')) && translated.get(key) === text).map(([k]) => `${namespace}:${k}`);
        expect({ language, copies: copies.filter((k) => !sameIn[language].has(k)) }).toEqual({ language, copies: [] });
      }
    }
  });
});
