/** A parsed RFC 5322 message part: header names lower-cased (repeats kept), body still encoded. */
interface MimePart {
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: string;
}

const TOKEN_LINE = /token[^:：\n]*[:：]\s*([A-Za-z0-9_-]{20,})/i;
const TOKEN_PARAM = /\btoken=([A-Za-z0-9_-]+)/i;
const ADDRESS = /[^\s<>,;:"'()]+@[^\s<>,;:"'()]+/g;

function parsePart(text: string): MimePart {
  const split = /\r?\n\r?\n/.exec(text);
  const head = split === null ? text : text.slice(0, split.index);
  const body = split === null ? '' : text.slice(split.index + split[0].length);
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { headers, body };
}

const header = (part: MimePart, name: string): string => part.headers.get(name)?.[0] ?? '';

function headerParam(value: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return match === null ? undefined : (match[1] ?? match[2]);
}

function decodeTransfer(body: string, encoding: string): string {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return Buffer.from(
        body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
    default:
      return body;
  }
}

/** The decoded text of every text/* part, in document order (multipart is walked recursively). */
function textOf(part: MimePart): string[] {
  const contentType = header(part, 'content-type') || 'text/plain';
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  if (mediaType.startsWith('multipart/')) {
    const boundary = headerParam(contentType, 'boundary');
    if (boundary === undefined) return [part.body];
    const delimiter = '--' + boundary;
    const sections = part.body.split(delimiter).slice(1);
    const children = sections.filter((s) => !s.startsWith('--')).map((s) => parsePart(s.replace(/^[ \t]*\r?\n/, '')));
    return children.flatMap(textOf);
  }
  if (!mediaType.startsWith('text/')) return [];
  return [decodeTransfer(part.body, header(part, 'content-transfer-encoding'))];
}

/**
 * Whether the message's `To:` header lists `email` (compared case-insensitively, as account e-mails
 * are, SPEC section 6). Addresses are compared whole so that `an@x.vn` does not match `van.an@x.vn`.
 */
export function isAddressedTo(eml: string, email: string): boolean {
  const wanted = email.trim().toLowerCase();
  const to = parsePart(eml).headers.get('to') ?? [];
  return to.some((value) => (value.match(ADDRESS) ?? []).some((address) => address.toLowerCase() === wanted));
}

/**
 * The invitation token of an .eml message (SPEC section 10: the mail carries it in its text and in the
 * confirmation link): first a line like `Token: <token>` (also `令牌 (token)：`), else the `token=`
 * parameter of a link. Bodies are decoded from quoted-printable and base64, the encodings a mailer
 * uses for vi and zh text, which would otherwise break the token (`=3D`, soft line breaks).
 * @returns undefined when the message carries no token.
 */
export function invitationToken(eml: string): string | undefined {
  const texts = textOf(parsePart(eml));
  for (const text of texts) {
    const line = TOKEN_LINE.exec(text);
    if (line !== null) return line[1];
  }
  for (const text of texts) {
    const param = TOKEN_PARAM.exec(text.replace(/&amp;/g, '&'));
    if (param !== null) return param[1];
  }
  return undefined;
}

/** The decoded text of every text/* part of an .eml message (quoted-printable and base64 undone), joined by blank lines. */
export function mailText(eml: string): string {
  return textOf(parsePart(eml)).join('\n\n');
}
