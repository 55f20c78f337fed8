/**
 * How the service serves the dashboard: the page at `/`, its files under `/assets/`, Chart.js
 * at `/vendor/`, nothing else of node_modules, and the API, /health and /docs untouched. The
 * page must run under a strict content security policy, so it carries no inline script or style.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWebRoot } from '../../src/web/web-assets';
import { startTestApp, TestApp } from '../support/test-app';

const webFiles = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? webFiles(join(folder, entry.name)) : [join(folder, entry.name)],
  );

describe('serving the dashboard', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('serves the page at / with its scripts, styles and Chart.js', async () => {
    const page = await t.anonymous().get('/').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    for (const path of ['/assets/js/main.js', '/assets/app.css', '/vendor/chart.umd.min.js']) {
      await t.anonymous().get(path).expect(200);
    }
  });

  it('publishes nothing of node_modules but the one Chart.js build', async () => {
    await t.anonymous().get('/vendor/chart.js').expect(404);
    await t.anonymous().get('/vendor/chart.umd.js.map').expect(404);
    for (const escape of ['/assets/../package.json', '/assets/%2e%2e/package.json']) {
      const answer = await t.anonymous().get(escape);
      expect({ escape, refused: [403, 404].includes(answer.status) }).toEqual({
        escape,
        refused: true,
      });
    }
  });

  it('leaves the API, its refusals and the operations endpoints as they were', async () => {
    await t.anonymous().get('/health').expect(200);
    await t.anonymous().get('/docs-json').expect(200);
    const unknown = await t.anonymous().get('/api/no-such-thing');
    expect(unknown.status).toBe(401);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
    expect((await t.anonymous().get('/no-such-page')).status).toBe(404);
  });

  it('tells the signed-in caller who they are, and strangers nothing', async () => {
    await t.anonymous().get('/api/me').expect(401);
    const me = await t.as('eva.granskare', 'auditor').get('/api/me').expect(200);
    // No name in the register for this test user: the page then shows the id.
    expect(me.body).toEqual({ id: 'eva.granskare', role: 'auditor', name: null });
  });

  it('has no inline script or style anywhere, so a strict policy does not break it', () => {
    for (const file of webFiles(findWebRoot()).filter((f) => /\.(html|js)$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      expect({ file, inlineScript: /<script(?![^>]*\bsrc=)[^>]*>/i.test(text) }).toEqual({
        file,
        inlineScript: false,
      });
      expect({
        file,
        styleAttribute: /\bstyle\s*=|<style\b|setAttribute\(\s*'style'/i.test(text),
      }).toEqual({
        file,
        styleAttribute: false,
      });
    }
  });
});
