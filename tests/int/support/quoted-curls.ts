// Finds the HTTP requests the docs quote as `curl` commands to one of the apps, so a test can ask
// each app whether it has that route: a renamed or removed endpoint fails the docs, not a reader.
import { type AppName, SERVICE_NAMES, WEB_APP, portOf } from '@pattern-shop/contracts';
import { codeOf, commandEnd } from './quoted-commands.js';

export type QuotedRequest = Readonly<{
  file: string;
  line: number;
  text: string;
  app: AppName;
  method: string;
  /** The path with each shell value (`$ORDER`, `$(jq ...)`, `<orderId>`) replaced by a sample id. */
  path: string;
}>;

/** What a shell value in a path becomes: an id, the most common thing a path takes. */
export const SAMPLE_SEGMENT = '7d3c1c2e-5a0b-4d8e-9f3a-2b1c4d5e6f70';

const APPS_BY_PORT = new Map<number, AppName>(
  [...SERVICE_NAMES, WEB_APP.name].map((app) => [portOf(app), app] as const),
);

const ORIGIN = /https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)/;

/** The path after an origin, up to where the shell ends the word; `$(...)` may hold spaces. */
const pathAt = (text: string, from: number): string => {
  let depth = 0;
  let i = from;
  for (; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (c === '$' && text[i + 1] === '(') {
      depth += 1;
      i += 1;
    } else if (c === ')' && depth > 0) depth -= 1;
    else if (depth === 0 && /[\s'"]/.test(c)) break;
  }
  return text.slice(from, i);
};

/** A command substitution, `$(...)`, nested once at most. */
const SUBSTITUTION = /\$\((?:[^()]|\([^()]*\))*\)/g;

/** `$(...)`, `${X}`, `$X` and `<placeholder>` stand for a value the reader has. */
export const samplePath = (raw: string): string =>
  raw
    .replace(SUBSTITUTION, SAMPLE_SEGMENT)
    .replace(
      /\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$\d|<[A-Za-z][^<>]*>/g,
      SAMPLE_SEGMENT,
    )
    .replace(/[?#].*$/, '')
    .replace(/[;,.)]+$/, '');

// Flags inside a `$(...)` belong to that command (`$(date -d tomorrow +%F)`), not to curl.
const methodOf = (quoted: string): string => {
  const command = quoted.replace(SUBSTITUTION, '');
  const explicit = /(?:^|\s)(?:-X|--request)\s+([A-Z]+)/.exec(command)?.[1];
  if (explicit !== undefined) return explicit;
  return /(?:^|\s)(?:-d|--data(?:-raw|-binary|-urlencode)?)\s/.test(command) ? 'POST' : 'GET';
};

/** Every curl command to an app's port quoted as code in one page. */
export const extractCurlRequests = (file: string, markdown: string): QuotedRequest[] =>
  codeOf(markdown).flatMap(({ line, code }) =>
    [...code.matchAll(/\bcurl\s/g)].flatMap((m) => {
      const rest = code.slice(m.index);
      const text = rest.slice(0, commandEnd(rest)).trim();
      const origin = ORIGIN.exec(text);
      const app = origin === null ? undefined : APPS_BY_PORT.get(Number(origin[1]));
      if (origin === null || app === undefined) return [];
      const path = samplePath(pathAt(text, origin.index + origin[0].length)) || '/';
      return [{ file, line, text, app, method: methodOf(text), path }];
    }),
  );
