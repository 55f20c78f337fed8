/**
 * The docker files, read as data (no Docker engine runs here): every variable they set for
 * the service is one its configuration knows and accepts, the service finds EventStoreDB
 * where the file puts it, and the image is multi-stage, non-root and health-checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config/config';

const DOCKER = join(__dirname, '..', '..', 'docker');
const COMPOSE_FILES = ['docker-compose.yml', 'docker-compose.cluster.yml'];
/** Variables the image sets for Node itself rather than for the service. */
const RUNTIME_VARIABLES = ['NODE_ENV'];

interface ComposeService {
  readonly image?: string;
  readonly build?: { readonly dockerfile?: string };
  readonly environment?: Record<string, string | number | boolean> | string[];
  readonly depends_on?: Record<string, { readonly condition?: string }> | string[];
  readonly ports?: string[];
  readonly volumes?: string[];
}

interface ComposeFile {
  readonly services: Record<string, ComposeService>;
}

const read = (file: string): string => readFileSync(join(DOCKER, file), 'utf8');

// Merge keys (`<<: *anchor`) as Docker Compose resolves them.
const compose = (file: string): ComposeFile => parse(read(file), { merge: true }) as ComposeFile;

const environment = (service: ComposeService): Record<string, string> => {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)]));
};

/** The services that run the ledger image (built from docker/Dockerfile). */
const ledgerServices = (file: ComposeFile): [string, ComposeService][] =>
  Object.entries(file.services).filter(
    ([, service]) => service.build?.dockerfile === 'docker/Dockerfile',
  );

/** The hosts an EventStoreDB connection string names. */
const hostsOf = (connectionString: string): string[] => {
  const match = /^[a-z+]+:\/\/(?:[^@/]+@)?([^/?]+)/.exec(connectionString);
  if (!match) throw new Error(`not a connection string: ${connectionString}`);
  return match[1].split(',').map((hostPort) => hostPort.split(':')[0]);
};

describe.each(COMPOSE_FILES)('docker/%s', (file) => {
  const parsed = compose(file);
  const ledgers = ledgerServices(parsed);

  it('runs the ledger from the image of docker/Dockerfile', () => {
    expect(ledgers.length).toBeGreaterThan(0);
  });

  it.each(ledgers.map(([name]) => name))(
    'sets only variables the service knows, for %s',
    (name) => {
      const env = environment(parsed.services[name]);
      const unknown = Object.keys(env).filter(
        (key) => !(CONFIG_VARIABLES as readonly string[]).includes(key),
      );
      expect(unknown).toEqual([]);
    },
  );

  it.each(ledgers.map(([name]) => name))(
    'gives %s a configuration the service accepts, on EventStoreDB',
    (name) => {
      const env = environment(parsed.services[name]);
      const config = loadConfig(env);
      expect(config.store).toBe('eventstoredb');
      expect(env.LEDGER_READMODEL_PATH).toMatch(/^\/var\/lib\/ledger\//);
    },
  );

  it('points the service at EventStoreDB nodes of the same file, and waits for them', () => {
    for (const [, service] of ledgers) {
      const hosts = hostsOf(environment(service).EVENTSTORE_URL);
      for (const host of hosts) {
        expect(Object.keys(parsed.services)).toContain(host);
        expect(service.depends_on).toMatchObject({ [host]: { condition: 'service_healthy' } });
      }
    }
  });

  it('runs EventStoreDB insecure only with the warning, and publishes ports on loopback only', () => {
    const text = read(file);
    const nodes = Object.values(parsed.services).filter((s) => s.image?.startsWith('eventstore/'));
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) expect(environment(node).EVENTSTORE_INSECURE).toBe('true');
    expect(text).toContain('LOCAL USE ONLY');
    const ports = Object.values(parsed.services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:/);
  });
});

describe('docker/docker-compose.cluster.yml', () => {
  const parsed = compose('docker-compose.cluster.yml');

  it('runs three EventStoreDB nodes that seed each other, and two ledger instances', () => {
    const nodes = Object.entries(parsed.services).filter(([, s]) =>
      s.image?.startsWith('eventstore/'),
    );
    expect(nodes).toHaveLength(3);
    for (const [name, node] of nodes) {
      const env = environment(node);
      expect(env.EVENTSTORE_CLUSTER_SIZE).toBe('3');
      const seeds = env.EVENTSTORE_GOSSIP_SEED.split(',').map((seed) => seed.split(':')[0]);
      expect(seeds.sort()).toEqual(
        nodes
          .map(([other]) => other)
          .filter((other) => other !== name)
          .sort(),
      );
    }
    expect(ledgerServices(parsed)).toHaveLength(2);
  });

  it('keeps each instance’s read models apart', () => {
    const volumes = ledgerServices(parsed).map(([, s]) =>
      (s.volumes ?? []).find((volume) => volume.endsWith(':/var/lib/ledger')),
    );
    expect(new Set(volumes).size).toBe(2);
  });

  it('balances over both instances behind one port', () => {
    const nginx = read('nginx.conf');
    for (const [name] of ledgerServices(parsed)) expect(nginx).toContain(`server ${name}:3000`);
    const published = Object.values(parsed.services).flatMap((s) => s.ports ?? []);
    expect(published).toEqual(['127.0.0.1:3000:8080']);
    expect(nginx).toContain('listen 8080;');
  });
});

describe('docker/Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('builds in one stage and runs from a smaller one', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(runtime).toMatch(/COPY --from=build/);
    expect(runtime).not.toMatch(/npm (ci|install)/);
  });

  it('runs as a user other than root, with a health check on /health', () => {
    const user = /^USER (\S+)/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime).toMatch(/^HEALTHCHECK[\s\S]*\/health/m);
  });

  it('sets only variables the service knows (or Node itself reads)', () => {
    const env = /^ENV ([\s\S]*?)(?=\n\S)/m.exec(runtime)?.[1] ?? '';
    const keys = [...env.matchAll(/([A-Z_]+)=/g)].map((match) => match[1]);
    expect(keys.length).toBeGreaterThan(0);
    const known = [...CONFIG_VARIABLES, ...RUNTIME_VARIABLES] as readonly string[];
    expect(keys.filter((key) => !known.includes(key))).toEqual([]);
  });
});
