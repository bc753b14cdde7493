import { ProgramPreset } from '@pp/programs';
import { Converter } from 'opencc-js/t2cn';

/** What a program says about brands: the words, and the characters that imitate theirs. */
export type BrandPolicy = Pick<ProgramPreset, 'brandWords' | 'brandWholeWords' | 'brandLookAlikes'> & Partial<Pick<ProgramPreset, 'brandExceptions'>>;

/** Invisible characters someone may slip into a word to get it past a check. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
/** Separators between the characters of a Chinese word (`腾 讯`, `腾·讯`), dropped before Chinese words are matched. */
const SEPARATORS = /[\s\p{P}\p{S}]/gu;
const HAN = /\p{Script=Han}/u;

let traditionalToSimplified: ((text: string) => string) | undefined;
/** Built on first use: only programs with brand words pay for the dictionary (about 10 MB in memory). */
const toSimplified = (text: string) => (traditionalToSimplified ??= Converter({ from: 't', to: 'cn' }))(text);

/** Width, compatibility forms, invisible characters, case and Traditional forms folded away. */
const foldScript = (text: string) => toSimplified(text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase());

/**
 * The form in which names and brand words are compared: {@link foldScript}, then every configured
 * look-alike character replaced by the brand character it imitates (迅 for 讯, Cyrillic е for e).
 */
function foldWith(lookAlikes: ReadonlyMap<string, string>) {
  return (text: string) => Array.from(foldScript(text), (c) => lookAlikes.get(c) ?? c).join('');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The brand words (as the program lists them) that a company name conflicts with or may be confused
 * with; empty when none. Source: seed 004 申请条件 (公司名称、商号等与腾讯云、腾讯品牌不存在冲突或混淆).
 *
 * Name and words are folded alike: NFKC (full-width `ＴＥＮＣＥＮＴ`), invisible characters removed,
 * lower case, Traditional to Simplified Chinese (opencc-js: 騰訊 is 腾讯), and the program's
 * look-alike characters (`brandLookAlikes`: 腾迅 is 腾讯). Then:
 * - a word with Chinese characters matches anywhere, spaces and punctuation in the name ignored
 *   (Chinese has no word boundaries: 北京腾讯云代理 conflicts);
 * - another `brandWords` entry (Tencent, WeChat) matches anywhere in the name as written, so
 *   `TencentCloud` conflicts; across spaces it does not (`Often Centre` is no Tencent);
 * - a `brandWholeWords` entry (QQ) matches only as a Latin word of its own: not next to another
 *   Latin letter or digit (`QQ Games`, `深圳QQ游戏` conflict; `AQQUA`, `QQuest` do not).
 * Phrases of `brandExceptions` (小微信息) are taken out before Chinese words are matched.
 * A word whose folded form another listed word shares (騰訊 beside 腾讯), or that contains another
 * word found (腾讯云 contains 腾讯), is not named again: the answer names what to take out.
 */
export function brandConflicts(name: string, policy: BrandPolicy): string[] {
  if (policy.brandWords.length === 0 && policy.brandWholeWords.length === 0) return [];
  const lookAlikes = new Map<string, string>();
  for (const [imitation, original] of Object.entries(policy.brandLookAlikes)) lookAlikes.set(foldScript(imitation), foldScript(original));
  const fold = foldWith(lookAlikes);
  const folded = fold(name);
  // An exception phrase is cut out (a space stands in its place, so its characters join nothing).
  const squeezed = (policy.brandExceptions ?? []).reduce((text, phrase) => text.split(fold(phrase).replace(SEPARATORS, '')).join(' '), folded.replace(SEPARATORS, ''));

  const hits: Array<{ word: string; key: string }> = [];
  const hit = (word: string, key: string) => {
    if (!hits.some((h) => h.key === key)) hits.push({ word, key });
  };
  for (const word of policy.brandWords) {
    const key = fold(word);
    if (key === '') continue;
    if (HAN.test(key) ? squeezed.includes(key.replace(SEPARATORS, '')) : folded.includes(key)) hit(word, key);
  }
  for (const word of policy.brandWholeWords) {
    const key = fold(word);
    if (key !== '' && new RegExp(`(?<![\\p{Script=Latin}\\p{Nd}])${escape(key)}(?![\\p{Script=Latin}\\p{Nd}])`, 'u').test(folded)) hit(word, key);
  }
  return hits.filter((h) => !hits.some((other) => other !== h && h.key.includes(other.key))).map((h) => h.word);
}
