/** Configuration: defaults, and a clear refusal naming each bad variable. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliIo, EXIT_USAGE } from '../../src/cli/cli';
import { runCli } from '../../src/cli/main';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config/config';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('defaults to the embedded store on port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      store: 'sqlite',
      sqlitePath: resolve('./data/ledger.sqlite'),
      logLevel: 'info',
    });
  });

  it('names every bad variable, its value and what it accepts', () => {
    const problems = problemsOf({ PORT: 'eighty', LEDGER_STORE: 'postgres', LOG_LEVEL: 'loud' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT="eighty": must be a whole number from 0 to 65535/),
        expect.stringMatching(/^LEDGER_STORE="postgres": must be one of sqlite, eventstoredb/),
        expect.stringMatching(/^LOG_LEVEL="loud": must be one of/),
      ]),
    );
  });

  it('requires a connection string for EventStoreDB and checks its form', () => {
    expect(problemsOf({ LEDGER_STORE: 'eventstoredb' })).toEqual([
      expect.stringMatching(/^EVENTSTORE_URL: required/),
    ]);
    expect(problemsOf({ LEDGER_STORE: 'eventstoredb', EVENTSTORE_URL: 'http://x' })).toEqual([
      expect.stringMatching(/^EVENTSTORE_URL="http:\/\/x": must be a connection string/),
    ]);
    // Its credentials never shown: the problem goes to stderr and on to the journal.
    for (const [url, shown] of [
      ['esdb://admin:S3cretPass@node1:2113, node2:2113', 'esdb://***@node1:2113, node2:2113'],
      ['admin:S3cretPass@node1:2113', '***@node1:2113'],
      ['esdb://a@b:S3cret@Pass@node1 :2113', 'esdb://***@node1 :2113'],
    ]) {
      const problems = problemsOf({ LEDGER_STORE: 'eventstoredb', EVENTSTORE_URL: url });
      expect(problems).toEqual([
        `EVENTSTORE_URL=${JSON.stringify(shown)}: must be a connection string such as esdb://host:2113?tls=false`,
      ]);
      expect(problems.join('\n')).not.toContain('S3cret');
    }
    expect(
      loadConfig({
        LEDGER_STORE: 'eventstoredb',
        EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      }).eventstoreUrl,
    ).toBe('esdb://localhost:2113?tls=false');
  });

  it('takes trusted proxies as addresses, CIDR ranges or range names, and refuses anything else', () => {
    expect(
      loadConfig({ LEDGER_TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.4, ::1, fd00::/8, uniquelocal' })
        .httpEdge.trustedProxies,
    ).toEqual(['10.0.0.0/8', '192.168.1.4', '::1', 'fd00::/8', 'uniquelocal']);
    expect(loadConfig({}).httpEdge.trustedProxies).toEqual([]);
    for (const bad of ['*', 'nginx', '10.0.0.0/33', '10.0.0.1/8/1', 'true']) {
      expect(problemsOf({ LEDGER_TRUSTED_PROXIES: bad })).toEqual([
        expect.stringContaining(`LEDGER_TRUSTED_PROXIES: ${JSON.stringify(bad)} must be`),
      ]);
    }
  });

  it('refuses a port out of range', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual([expect.stringMatching(/^PORT="70000"/)]);
  });

  it('lists every variable it reads, each once', () => {
    expect(new Set(CONFIG_VARIABLES).size).toBe(CONFIG_VARIABLES.length);
    expect(CONFIG_VARIABLES).toEqual(
      expect.arrayContaining(['PORT', 'LEDGER_AUTH', 'OIDC_ISSUER', 'OIDC_ROLE_SOURCE']),
    );
  });

  it("is listed in the README's configuration table, every variable once, in the same order", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.split('\n## Configuration\n')[1].split('\n## ')[0];
    const listed = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(listed).toEqual([...CONFIG_VARIABLES]);
  });

  it('is the one the ledger CLI loads: the same bad value, the same message, exit 2', async () => {
    const bad = { PORT: 'eighty', LEDGER_INDICATOR_WATCH_PCT: '5' };
    const expected = problemsOf(bad);
    const saved = { ...process.env };
    const errors: string[] = [];
    const io: CliIo = { out: () => undefined, err: (line) => errors.push(line) };
    Object.assign(process.env, bad);
    try {
      expect(await runCli(['users', 'list'], io)).toBe(EXIT_USAGE);
    } finally {
      for (const name of Object.keys(bad)) delete process.env[name];
      Object.assign(process.env, saved);
    }
    expect(expected).toHaveLength(2);
    for (const problem of expected) expect(errors.join('\n')).toContain(problem);
  });
});
