/**
 * Signing in to the dashboard with the organisation's identity provider, end to end: a real
 * OpenID Connect provider (the `oidc-provider` package, in its own process on loopback) with
 * the dashboard as a public client using PKCE, the real service in OIDC mode, and chromium
 * going through the provider's login and consent pages. The person's role comes from the
 * grant recorded in the ledger (the provider's tokens carry no roles), a person without a
 * grant is refused in plain words, an administrator grants roles in the browser, and signing
 * out ends the provider's session too. Screenshots in test-artifacts/dashboard/.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { UserService } from '../../src/auth/user.service';
import { USERS_STREAM } from '../../src/auth/users.events';
import { loadConfig } from '../../src/config/config';
import { collect } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { createLogger } from '../../src/infra/logger';
import { launchChromium, openPage, plain, screenshot, WatchedPage } from './support/browser';

const SETUP_TIMEOUT_MS = 120_000;
const CLIENT_ID = 'fund-dashboard';
const AUDIENCE = 'fund-ledger';
const SETUP_ACTOR = { id: 'cli:test', role: 'admin' as const };
const FINANCE = { id: 'frida.ek', name: 'Frida Ek' };
const ADMIN = { id: 'ida.admin', name: 'Ida Admin' };
/** Known to the provider, unknown to the ledger until the admin adds her. */
const NEWCOMER = { id: 'nora.ny', name: 'Nora Ny' };

const LOOPBACK = ['127.0.0.1', 'localhost'];
const ABORTED = 'console: Failed to load resource: net::ERR_FAILED';

const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });

interface Provider {
  readonly issuer: string;
  readonly process: ChildProcess;
}

/** The provider in its own Node process (it is an ES module); ready when it prints its issuer. */
const startProvider = (port: number, redirectUri: string): Promise<Provider> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'support', 'oidc-idp.mjs')], {
      env: {
        ...process.env,
        IDP_PORT: String(port),
        IDP_CLIENT_ID: CLIENT_ID,
        IDP_REDIRECT_URI: redirectUri,
        IDP_AUDIENCE: AUDIENCE,
        IDP_NAMES: JSON.stringify(
          Object.fromEntries([FINANCE, ADMIN, NEWCOMER].map((p) => [p.id, p.name])),
        ),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    // Its warnings (development keys, Node 20) are of no interest, but the pipe must not fill.
    child.stderr?.resume();
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line)
        resolve({ issuer: (JSON.parse(line) as { issuer: string }).issuer, process: child });
    });
    child.once('exit', (code) => reject(new Error(`the provider exited with ${code}`)));
  });

describe('signing in to the dashboard with OpenID Connect', () => {
  let browser: Browser;
  let provider: Provider;
  let app: NestFastifyApplication;
  let store: SqliteEventStore;
  let dir: string;
  let url: string;
  const opened: WatchedPage[] = [];

  const newPage = async (): Promise<Page> => {
    const watched = await openPage(browser);
    // The provider's development pages link a web font; the tests never leave loopback.
    await watched.context.route(
      (address) => !LOOPBACK.includes(address.hostname),
      (route) => route.abort(),
    );
    opened.push(watched);
    return watched.page;
  };

  /** From the dashboard's sign-in button through the provider's pages and back. */
  const signIn = async (page: Page, userId: string): Promise<void> => {
    await page.goto(`${url}/`);
    await page.getByRole('button', { name: 'Logga in med kommunens konto' }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    const login = page.locator('input[name="login"]');
    if (await login.isVisible()) {
      await login.fill(userId);
      await page.locator('input[name="password"]').fill('any password');
      await page.locator('button[type="submit"]').click();
    }
    // The provider asks for consent the first time this person uses the dashboard.
    const consent = page.getByRole('button', { name: 'Continue' });
    const back = page.waitForURL(`${url}/**`);
    await Promise.race([back, consent.waitFor()]);
    if (await consent.isVisible()) await consent.click();
    await back;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    const [servicePort, providerPort] = [await freePort(), await freePort()];
    url = `http://127.0.0.1:${servicePort}`;
    provider = await startProvider(providerPort, `${url}/`);
    dir = mkdtempSync(join(tmpdir(), 'ledger-oidc-'));
    const config = loadConfig({
      LEDGER_SQLITE_PATH: join(dir, 'ledger.sqlite'),
      LOG_LEVEL: 'silent',
      LEDGER_AUTH: 'oidc',
      OIDC_ISSUER: provider.issuer,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_JWKS_URL: `${provider.issuer}/jwks`,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_REDIRECT_URI: `${url}/`,
    });
    store = SqliteEventStore.open(config.sqlitePath);
    app = await createApp({ config, store, logger: createLogger('silent') });
    await app.listen(servicePort, '127.0.0.1');
    const users = app.get(UserService);
    await users.addUser(FINANCE.id, 'finance', FINANCE.name, SETUP_ACTOR);
    await users.addUser(ADMIN.id, 'admin', ADMIN.name, SETUP_ACTOR);
  }, SETUP_TIMEOUT_MS);

  afterEach(async () => {
    // Our pages must work without script errors or CSP violations; the provider's are its own
    // (its answers, and its font requests aborted above: our page, under `connect-src 'self'`,
    // makes none, and a CSP refusal would show as a violation, not as an aborted request).
    const problems = opened
      .flatMap((w) => w.problems)
      .filter((problem) => !problem.includes(provider.issuer) && problem !== ABORTED);
    await Promise.all(opened.splice(0).map((w) => w.context.close()));
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    provider?.process.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells the page the sign-in without a token, and the page offers no token field', async () => {
    const config = (await (await fetch(`${url}/auth/config`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      mode: 'oidc',
      issuer: provider.issuer,
      clientId: CLIENT_ID,
      redirectUri: `${url}/`,
      authorizationEndpoint: `${provider.issuer}/auth`,
      endSessionEndpoint: `${provider.issuer}/session/end`,
    });
    const page = await newPage();
    await page.goto(`${url}/`);
    await page.getByRole('button', { name: 'Logga in med kommunens konto' }).waitFor();
    expect(await page.getByLabel('Token').count()).toBe(0);
    await screenshot(page, 'oidc-sign-in');
  });

  it("signs finance in through the provider's pages, by name, in the role the ledger grants", async () => {
    const page = await newPage();
    await signIn(page, FINANCE.id);
    await page.locator('.whoami').waitFor();
    expect(await page.locator('.whoami-id').textContent()).toBe(`Inloggad som ${FINANCE.name}`);
    expect(await page.locator('.whoami .role-badge').textContent()).toBe('Ekonomi');
    // The address is clean again: no code or state left in it.
    expect(new URL(page.url()).search).toBe('');
    await screenshot(page, 'oidc-signed-in-finance');

    // The role is the ledger's: revoked there and another granted, the next sign-in shows it.
    const users = app.get(UserService);
    await users.grantRole(FINANCE.id, 'auditor', SETUP_ACTOR);
    await users.revokeRole(FINANCE.id, 'finance', SETUP_ACTOR);
    await page.reload();
    // The token lived in the page's memory only: after a reload the page signs in again,
    // and the provider, whose session lasts, sends it straight back without a password.
    await page.getByRole('button', { name: 'Logga in med kommunens konto' }).click();
    await page.waitForURL(`${url}/**`);
    await page.locator('.whoami .role-badge', { hasText: 'Revisor' }).waitFor();
  });

  it('refuses a person the ledger has no grant for, in plain words, and lets them sign out', async () => {
    const page = await newPage();
    await signIn(page, NEWCOMER.id);
    const refusal = page.locator('.refusal');
    await refusal.waitFor();
    expect(await refusal.locator('h1').textContent()).toBe('Ingen behörighet i fonden');
    expect(await refusal.getByRole('alert').textContent()).toBe(
      `Du är inloggad som ${NEWCOMER.name} (${NEWCOMER.id}), men du har ingen roll i digitaliseringsfonden. Be fondens administratör att ge dig en roll.`,
    );
    expect(await page.locator('nav').count()).toBe(0);
    await screenshot(page, 'oidc-refused-without-grant');
    await refusal.getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByText('Du är utloggad.').waitFor();
  });

  it('signs out at the provider too: afterwards the provider asks for the password again', async () => {
    const page = await newPage();
    await signIn(page, FINANCE.id);
    await page.locator('.whoami').waitFor();
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${url}/**`);
    await page.getByText('Du är utloggad.').waitFor();
    expect(await page.locator('.whoami').count()).toBe(0);
    await screenshot(page, 'oidc-signed-out');

    await page.getByRole('button', { name: 'Logga in med kommunens konto' }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator('input[name="login"]').waitFor();
  });

  it('lets an administrator add a person and grant and remove roles in the browser, as events', async () => {
    const page = await newPage();
    await signIn(page, ADMIN.id);
    await page.getByRole('link', { name: 'Användare' }).click();
    const rows = page.locator('.users-table tbody tr');
    await rows.first().waitFor();
    expect(await page.locator('.users-table tbody th').allTextContents()).toEqual([
      FINANCE.name,
      ADMIN.name,
    ]);

    const add = page.locator('form.add-user-form');
    await add.getByLabel('Användar-id').fill(NEWCOMER.id);
    await add.getByLabel('Namn').fill(NEWCOMER.name);
    await add.getByLabel('Roll').selectOption('project-lead');
    await add.getByLabel('Skäl (valfritt)').fill('Ny projektledare för e-arkivet');
    await add.getByRole('button', { name: 'Lägg till' }).click();
    const newcomer = rows.filter({ hasText: NEWCOMER.id });
    await newcomer.waitFor();
    expect(await newcomer.locator('.role-badge').allTextContents()).toEqual(['Projektledare']);

    const grant = page.locator('form.grant-form');
    await grant.getByLabel('Användare').selectOption(NEWCOMER.id);
    await grant.getByLabel('Roll').selectOption('auditor');
    await grant.getByRole('button', { name: 'Ge' }).click();
    await newcomer.locator('.role-badge', { hasText: 'Revisor' }).waitFor();
    await screenshot(page, 'oidc-admin-users');

    // Removing a role is asked first (it ends the person's tokens in it).
    const confirm = page.locator('dialog.confirm-revoke');
    await page.getByRole('button', { name: `Ta bort Revisor från ${NEWCOMER.name}` }).click();
    await confirm.getByRole('button', { name: 'Ta bort rollen' }).click();
    await newcomer.locator('.role-badge', { hasText: 'Revisor' }).waitFor({ state: 'detached' });

    // An admin cannot lock themselves out (409 OWN_ADMIN_ROLE): no button offers it, the page
    // says who can.
    const own = rows.filter({ hasText: ADMIN.id });
    expect(
      await page.getByRole('button', { name: `Ta bort Administratör från ${ADMIN.name}` }).count(),
    ).toBe(0);
    expect(plain(await own.locator('.own-admin').textContent())).toBe(
      '(din egen: en annan administratör kan ta bort den)',
    );

    const events = (await collect(store.readStream(USERS_STREAM))).filter(
      (e) => e.metadata.actor?.id === ADMIN.id,
    );
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['UserAdded', { userId: NEWCOMER.id, name: NEWCOMER.name }],
      ['RoleGranted', { userId: NEWCOMER.id, role: 'project-lead' }],
      ['RoleGranted', { userId: NEWCOMER.id, role: 'auditor' }],
      ['RoleRevoked', { userId: NEWCOMER.id, role: 'auditor' }],
    ]);
    expect(events[0].metadata.reason).toBe('Ny projektledare för e-arkivet');

    // The person refused before now gets in, by name, as the project lead the admin made her.
    const hers = await newPage();
    await signIn(hers, NEWCOMER.id);
    await hers.locator('.whoami .role-badge', { hasText: 'Projektledare' }).waitFor();
    expect(await hers.locator('.whoami-id').textContent()).toBe(`Inloggad som ${NEWCOMER.name}`);
  });
});
