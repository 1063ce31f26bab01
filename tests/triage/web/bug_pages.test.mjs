// The triage service's pages in headless Chromium (Debian's), as a person uses them: open the
// bug list, narrow it, open a bug, download its reproducer, look at the target statistics.
//
//   node bug_pages.test.mjs <service url> <bug id> <bug title> <minimized sha256> <original sha256>
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const [base, bugId, title, minimizedSha256, originalSha256] = process.argv.slice(2);
const sha256 = async (path) => createHash('sha256').update(await readFile(path)).digest('hex');

// Without the background-networking flags Chromium keeps dialling Google, which this closed
// network refuses; --no-sandbox because the tests run as root.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const scriptErrors = [];
  page.on('pageerror', (error) => scriptErrors.push(error.message));

  // The list: counts, every bug a row, first and last seen.
  await page.goto(base + '/');
  assert.match(await page.textContent('#counts'), /2 bugs.*open 2.*fixed 0/s);
  const rows = page.locator('#bugs tbody tr');
  assert.equal(await rows.count(), 2);
  const row = page.locator(`#bugs tbody tr:has(a[href="/bugs/${bugId}"])`);
  assert.match(await row.textContent(), /Medium/);
  assert.match(await row.textContent(), /UTC.*UTC/s, 'first and last seen');

  // The little JavaScript: typing narrows the list; clicking a heading sorts it.
  await page.fill('#quick-filter', 'CheckInvariant');
  assert.equal(await page.locator('#bugs tbody tr:visible').count(), 1);
  await page.fill('#quick-filter', '');
  assert.equal(await page.locator('#bugs tbody tr:visible').count(), 2);
  await page.click('#bugs th:has-text("title")');
  const titles = await page.locator('#bugs tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(titles, [...titles].sort((a, b) => a.localeCompare(b)));

  // A bug: its page by its link, with the stack and the reproduce command.
  await page.click(`#bugs tbody a[href="/bugs/${bugId}"] >> nth=1`);
  await page.waitForURL(`**/bugs/${bugId}`);
  assert.equal(await page.textContent('#title'), title);
  assert.match(await page.textContent('#stack'), /CheckInvariant/);
  assert.match(await page.textContent('#reproduce-command'),
               new RegExp(`/api/bugs/${bugId}/reproducer && scripts/reproduce triage_buggy_target ${bugId}-minimized`));

  // Its reproducer, downloaded as a person would: the minimized bytes, under the bug's name.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-reproducer')]);
  assert.equal(download.suggestedFilename(), `${bugId}-minimized`);
  assert.equal(await sha256(await download.path()), minimizedSha256);
  const [originalDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-original')]);
  assert.equal(await sha256(await originalDownload.path()), originalSha256);

  // Per-target statistics.
  await page.click('nav >> text=Targets');
  await page.waitForURL('**/targets');
  const cells = await page.locator('#targets tbody tr:has(a:text-is("triage_buggy_target")) td').allTextContents();
  assert.equal(cells[1], '2', 'open bugs');
  assert.equal(cells[7], '2', 'crashes');

  assert.deepEqual(scriptErrors, [], 'the pages\' JavaScript threw');
  console.log(`web pages: list, bug ${bugId}, reproducer and original downloads and targets checked in Chromium ${browser.version()}`);
} finally {
  await browser.close();
}
