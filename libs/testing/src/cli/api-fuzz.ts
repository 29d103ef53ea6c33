// `npm run api:fuzz -- <app> [<app>...]`: fuzzes the running apps' HTTP APIs with schemathesis
// (docs/http-apis.md), each scope's endpoints with its local token and the rest with a
// guest's customer token from web. Start the stack first (./bin/run). Exit code 1: a finding.
import { type AppName, portOf, SERVICE_NAMES, WEB_APP } from '@pattern-shop/contracts';
import { fuzzApp, fuzzPasses, openApiDocumentOf, schemathesisCli } from '../api-fuzz.js';
import { LOCAL_INFRA } from '../local-environment.js';

const guestToken = async (): Promise<string> => {
  const response = await fetch(`http://127.0.0.1:${portOf('web')}/api/session`, { method: 'POST' });
  if (response.status !== 201)
    throw new Error(`web's POST /api/session answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
};

const APPS: readonly AppName[] = [...SERVICE_NAMES, WEB_APP.name];

const main = async (names: readonly string[]): Promise<number> => {
  const known = new Set<string>(APPS);
  const apps = names.length === 0 ? [...APPS] : names;
  const unknown = apps.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    console.error(`unknown app ${unknown.join(', ')}; one of: ${[...APPS].join(', ')}`);
    return 2;
  }
  // PATTERN_SHOP_PARSE_ONLY=1: print the parsed command and stop, so a test can hold the docs' commands to this parser.
  if (process.env['PATTERN_SHOP_PARSE_ONLY'] === '1')
    return (console.log(JSON.stringify({ apps })), 0);
  const cli = schemathesisCli();
  const tokens = {
    operator: LOCAL_INFRA.operatorToken,
    service: LOCAL_INFRA.serviceToken,
    customer: await guestToken(),
  };
  let failed = false;
  for (const app of apps as AppName[]) {
    const document = await openApiDocumentOf(`http://127.0.0.1:${portOf(app)}`);
    for (const pass of fuzzPasses(tokens, document)) {
      console.log(`\n== ${app}: ${pass.label}`);
      const { exitCode } = await fuzzApp(cli, app, pass, {
        onOutput: (text) => process.stdout.write(text),
      });
      failed ||= exitCode !== 0;
    }
  }
  return failed ? 1 : 0;
};

process.exitCode = await main(process.argv.slice(2));
