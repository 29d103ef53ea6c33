// Finds the `npm run <script> [-- <args>]` commands a markdown page quotes, in fenced blocks and
// inline code spans, so a test can hold each one to package.json and to its CLI's parser.

export type QuotedCommand = Readonly<{
  file: string;
  line: number;
  /** The command as quoted, from `npm run` to where the shell would end it. */
  text: string;
  script: string;
  /** Everything after ` -- `, still unexpanded shell words; undefined when there is no ` -- `. */
  args: string | undefined;
  /** A `# refused` comment marks a mistake a page shows on purpose: the CLI must refuse it. */
  refused: boolean;
}>;

type CodeLine = Readonly<{ line: number; code: string }>;

// Fenced lines are code whole; a line ending in `\` goes on, as bash would read it.
const fencedCode = (lines: readonly string[], from: number): [CodeLine[], number] => {
  const fence = /^\s*(`{3,}|~{3,})/.exec(lines[from] ?? '')?.[1] ?? '```';
  const code: CodeLine[] = [];
  let i = from + 1;
  for (; i < lines.length && !(lines[i] ?? '').trim().startsWith(fence); i += 1) {
    let text = lines[i] ?? '';
    const line = i + 1;
    while (text.endsWith('\\') && i + 1 < lines.length) {
      i += 1;
      text = `${text.slice(0, -1).trimEnd()} ${(lines[i] ?? '').trim()}`;
    }
    code.push({ line, code: text });
  }
  // In a transcript only the `$ ` lines are commands; the rest is what they printed.
  const prompts = code.filter((c) => /^\s*\$ /.test(c.code));
  if (prompts.length === 0) return [code, i];
  return [prompts.map((c) => ({ line: c.line, code: c.code.replace(/^\s*\$ /, '') })), i];
};

const inlineCode = (text: string, line: number): CodeLine[] =>
  [...text.matchAll(/(`+)(.+?)\1/g)].map((m) => ({ line, code: m[2] ?? '' }));

/** The code of a page: each fenced line (continuations joined) and each inline span. */
export const codeOf = (markdown: string): CodeLine[] => {
  const lines = markdown.split('\n');
  const code: CodeLine[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const text = lines[i] ?? '';
    if (/^\s*(`{3,}|~{3,})/.test(text)) {
      const [block, end] = fencedCode(lines, i);
      code.push(...block);
      i = end;
    } else code.push(...inlineCode(text, i + 1));
  }
  return code;
};

/** Where the shell ends a command: `|`, `&&`, `;`, a ` #` comment, a backtick, an unopened `)`. */
export const commandEnd = (text: string): number => {
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    const opens = c === '$' && text[i + 1] === '(' && quote !== "'";
    if (opens) depth += 1;
    if (opens || (c === ')' && depth > 0 && quote !== "'")) {
      if (c === ')') depth -= 1;
      continue;
    }
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === ')' || c === '|' || c === ';' || c === '`') return i;
    else if (c === '&' && text[i + 1] === '&') return i;
    else if (c === '#' && /\s/.test(text[i - 1] ?? '')) return i;
  }
  return text.length;
};

const NPM_RUN = /\bnpm run\s+(?:(?:-s|--silent)\s+)?([^\s)`|;&]+)/g;

/** Every `npm run` command quoted as code in one page, with the line it starts on. */
export const extractNpmRunCommands = (file: string, markdown: string): QuotedCommand[] =>
  codeOf(markdown).flatMap(({ line, code }) =>
    [...code.matchAll(NPM_RUN)].map((m) => {
      const rest = code.slice(m.index);
      const end = commandEnd(rest);
      const text = rest.slice(0, end).trim();
      const refused = /^#\s*refused\b/.test(rest.slice(end));
      const afterScript = text.slice(m[0].length);
      const dashes = /^\s+--(\s+|$)/.exec(afterScript);
      const args = dashes === null ? undefined : afterScript.slice(dashes[0].length).trim();
      return { file, line, text, script: m[1] ?? '', args, refused };
    }),
  );
