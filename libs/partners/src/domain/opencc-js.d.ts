/**
 * The one entry of opencc-js the domain uses: Traditional to Simplified Chinese only (its `t2cn`
 * build, about 100 KB of dictionaries instead of both directions). The package's own types sit
 * behind its `exports` map, which this project's `moduleResolution: node` does not read.
 */
declare module 'opencc-js/t2cn' {
  /** A converter from a Traditional variant (`t` OpenCC standard, `tw`, `twp`, `hk`) to Simplified (`cn`). */
  export function Converter(options: { from: 't' | 'tw' | 'twp' | 'hk'; to: 'cn' }): (text: string) => string;
}
