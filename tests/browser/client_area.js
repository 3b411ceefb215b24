#!/usr/bin/env node
// The client area in a real browser (playwright-core driving Chromium).
//
// Starts embyprov-sim and embyprov-panel on free loopback ports, seeds them
// as the admin through the panel's own forms (server, product, client,
// service + Create), signs the customer in to the simulated Emby server from
// a few devices, and then acts as the customer in Chromium. The simulator
// judges what the module did; the pages are judged by what a person sees.
// A screenshot is saved after every step.
//
// usage: client_area.js --sim PATH --panel PATH --workdir DIR --screenshots DIR
//                       [--chromium PATH]   (default $EMBYPROV_CHROMIUM, else /usr/bin/chromium)
//                       [--templates-dir DIR] (client-area template overrides, passed to the panel)
// Prints one line per check and "N passed, M failed"; exits 1 on any failure.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const API_KEY = 'browser-test-key-0123456789abcdef';
const HOSTILE = '<img src=x onerror=alert(1)>';
// The panel has no built-in admin password: the test gives it one.
const ADMIN = { user: 'admin', password: crypto.randomBytes(12).toString('hex') };
const CUSTOMER = { name: 'Casey Customer', email: 'casey@example.test', password: 'casey-client-pass' };
const EMBY_USER = 'casey';
const EMBY_PASSWORD = 'Casey-Emby-2468';
const NEW_PASSWORD = 'Casey-Changed-9753';
const MEDIA_NAME = 'kids';
const MEDIA_USER = `${EMBY_USER}-${MEDIA_NAME}`;
const MEDIA_PASSWORD = 'Kids-Media-1357';
const ALL_LIBRARIES = ['Kids', 'Movies', 'Music', 'TV Shows']; // the simulator's default seed
const HIDDEN_LIBRARIES = ['Movies', 'Music'];
const DEVICES = [ // [app, device name, device id]
  ['Emby for Android', 'Pixel 8', 'browser-test-pixel8'],
  ['Emby Theater', 'Living Room TV', 'browser-test-livingroom'],
  ['Emby Web', HOSTILE, 'browser-test-hostile'],
];
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const STEP_TIMEOUT_MS = 5000;

// ---------------------------------------------------------------- reporting

let passed = 0;
let failed = 0;

function check(name, ok, detail) {
  if (ok) {
    passed += 1;
    console.log(`ok   - ${name}`);
  } else {
    failed += 1;
    const text = detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
    console.log(`FAIL - ${name}${text.slice(0, 800)}`);
  }
  return ok;
}

function sameList(a, b) {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      throw new Error(`bad argument ${argv[i]}`);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const key of ['sim', 'panel', 'workdir', 'screenshots']) {
    if (!out[key]) throw new Error(`--${key} is required`);
  }
  out.chromium = out.chromium || process.env.EMBYPROV_CHROMIUM || '/usr/bin/chromium';
  return out;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- processes

/** A child that prints its base URL first and stops when its stdin closes. */
function startProcess(program, argv, logPath) {
  return new Promise((resolve, reject) => {
    const log = fs.openSync(logPath, 'w');
    const child = spawn(program, argv, { stdio: ['pipe', 'pipe', log] });
    fs.closeSync(log);
    let buffer = '';
    let done = false;
    const finish = (error, url) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) {
        child.kill('SIGKILL');
        reject(new Error(`${path.basename(program)}: ${error} (log: ${logPath})`));
      } else {
        resolve({ child, url });
      }
    };
    const timer = setTimeout(() => finish('printed no URL within 10 s'), 10000);
    child.stdout.on('data', (chunk) => { // keep draining after the first line
      if (done) return;
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      const url = buffer.slice(0, nl).trim();
      if (/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) finish(null, url);
      else finish(`printed ${JSON.stringify(url)} instead of its URL`);
    });
    child.on('error', (e) => finish(e.message));
    child.on('exit', (code) => finish(`exited (${code}) before printing its URL`));
  });
}

async function stopProcess(proc) {
  if (!proc || proc.child.exitCode !== null) return proc ? proc.child.exitCode : null;
  const exited = new Promise((resolve) => proc.child.once('exit', (code) => resolve(code)));
  proc.child.stdin.end();
  const code = await Promise.race([exited, sleep(5000).then(() => 'timeout')]);
  if (code !== 'timeout') return code;
  proc.child.kill('SIGKILL');
  await exited;
  return 'killed';
}

// ---------------------------------------------------------------- the Emby API of the simulator

class Sim {
  constructor(url) {
    this.url = url;
  }

  async call(method, route, { body, token = API_KEY, auth } = {}) {
    const headers = {};
    if (token) headers['X-Emby-Token'] = token;
    if (auth) headers['X-Emby-Authorization'] = auth;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(`${this.url}/emby${route}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10000),
    });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    return { status: r.status, json };
  }

  /** Signs `name` in from one app; {status, token}. */
  async signIn(name, password, app = 'Browser Test', device = 'Test Box', deviceId = 'browser-test-box') {
    const auth = `Emby Client="${app}", Device="${device}", DeviceId="${deviceId}", Version="1.0"`;
    const r = await this.call('POST', '/Users/AuthenticateByName',
      { body: { Username: name, Pw: password }, token: null, auth });
    return { status: r.status, token: r.json && r.json.AccessToken };
  }

  async user(name) {
    const r = await this.call('GET', '/Users/Query');
    return ((r.json && r.json.Items) || []).find((u) => u.Name === name) || null;
  }
}

// ---------------------------------------------------------------- page helpers

/** Runs `action` (a click or a key press that submits a form) and waits for the new page. */
async function submit(page, action) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
}

function clientArea(page) {
  return page.locator('#client-area');
}

async function areaState(page) {
  const area = clientArea(page);
  if (await area.count() === 0) return { template: null, result: null, message: null, type: null };
  const message = area.locator('[data-test=message]');
  const hasMessage = await message.count() > 0;
  return {
    template: await area.getAttribute('data-template'),
    result: await area.getAttribute('data-result'),
    message: hasMessage ? (await message.innerText()).trim() : null,
    type: hasMessage ? await message.getAttribute('data-message-type') : null,
  };
}

function mediaRow(page) {
  return clientArea(page).locator(`[data-test=media-account][data-username="${MEDIA_USER}"]`);
}

// ---------------------------------------------------------------- the run

async function main() {
  const started = Date.now();
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`client_area.js: ${e.message}`);
    console.log('0 passed, 1 failed');
    return 2;
  }
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    check('playwright-core is installed in tests/browser/node_modules', false,
      'run scripts/install-deps.sh (or `npm ci` in tests/browser)');
    console.log(`${passed} passed, ${failed} failed`);
    return 1;
  }
  if (!check(`Chromium is installed (${args.chromium})`, fs.existsSync(args.chromium),
    'install the Debian package chromium (scripts/install-deps.sh) or set EMBYPROV_CHROMIUM')) {
    console.log(`${passed} passed, ${failed} failed`);
    return 1;
  }

  fs.mkdirSync(args.workdir, { recursive: true });
  fs.mkdirSync(args.screenshots, { recursive: true });
  for (const name of fs.readdirSync(args.workdir)) {
    if (/\.db(-wal|-shm)?$/.test(name)) fs.rmSync(path.join(args.workdir, name));
  }
  for (const name of fs.readdirSync(args.screenshots)) {
    if (name.endsWith('.png')) fs.rmSync(path.join(args.screenshots, name));
  }

  let sim = null;
  let panel = null;
  let browser = null;
  try {
    sim = await startProcess(args.sim, ['--port', '0', '--api-key', API_KEY, '--exit-on-stdin-eof'],
      path.join(args.workdir, 'sim.log'));
    panel = await startProcess(args.panel, ['--port', '0', '--db', path.join(args.workdir, 'panel.db'),
      '--module-db', path.join(args.workdir, 'module.db'), '--exit-on-stdin-eof',
      '--admin-password', ADMIN.password,
      ...(args['templates-dir'] ? ['--templates-dir', args['templates-dir']] : [])],
    path.join(args.workdir, 'panel.log'));
    browser = await chromium.launch({ executablePath: args.chromium, headless: true, args: CHROMIUM_ARGS });
    await run(browser, new Sim(sim.url), panel.url, args.screenshots);
  } catch (e) {
    check('the browser test ran to the end', false, `${e.name}: ${e.message}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    const panelCode = await stopProcess(panel);
    const simCode = await stopProcess(sim);
    if (panel) check('the panel stopped cleanly on stdin EOF', panelCode === 0, `exit ${panelCode}`);
    if (sim) check('the simulator stopped cleanly on stdin EOF', simCode === 0, `exit ${simCode}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`screenshots: ${args.screenshots}`);
  console.log(`time: ${seconds} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

async function run(browser, sim, panelUrl, shotDir) {
  const shots = [];
  const shot = async (page, name) => {
    const file = path.join(shotDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    shots.push(file);
  };
  // Each step runs even when an earlier one failed; an exception is one failure.
  const step = async (name, page, body) => {
    try {
      await body();
    } catch (e) {
      check(`${name}: ran without an error`, false, `${e.name}: ${e.message.split('\n')[0]}`);
      if (page) await page.screenshot({ path: path.join(shotDir, `error-${name}.png`), fullPage: true }).catch(() => {});
    }
  };

  // ---- the admin seeds the panel through its forms ------------------------------------
  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const admin = await adminContext.newPage();
  admin.setDefaultTimeout(STEP_TIMEOUT_MS);
  let serviceId = null;
  await step('seed', admin, async () => {
    const simPort = new URL(sim.url).port;
    await admin.goto(`${panelUrl}/admin/login`);
    await admin.fill('#admin-login-form [name=username]', ADMIN.user);
    await admin.fill('#admin-login-form [name=password]', ADMIN.password);
    await submit(admin, () => admin.click('#admin-login-submit'));
    check('seed: the admin signs in', new URL(admin.url()).pathname === '/admin', admin.url());

    await admin.goto(`${panelUrl}/admin/servers`);
    const server = admin.locator('#server-add-form');
    await server.locator('[name=name]').fill('Browser Test Sim');
    await server.locator('[name=hostname]').fill('127.0.0.1');
    await server.locator('[name=port]').fill(simPort);
    await server.locator('[name=api_key]').fill(API_KEY);
    await submit(admin, () => admin.click('#server-add-submit'));
    check('seed: server added', /\/admin\/servers\/\d+$/.test(admin.url()), admin.url());

    await admin.goto(`${panelUrl}/admin/products/new`);
    const product = admin.locator('#product-form');
    await product.locator('[name=name]').fill('Emby Family');
    await product.locator('[data-option-key=libraries] input').fill(''); // empty = all libraries
    await product.locator('[data-option-key=media_accounts] input').fill('2');
    await product.locator('[data-option-key=connect_allowed] input').check();
    await submit(admin, () => admin.click('#product-save'));
    check('seed: product added (all libraries, 2 media accounts, Emby Connect)',
      /\/admin\/products\/\d+$/.test(admin.url()), admin.url());

    await admin.goto(`${panelUrl}/admin/clients`);
    const client = admin.locator('#client-add-form');
    await client.locator('[name=name]').fill(CUSTOMER.name);
    await client.locator('[name=email]').fill(CUSTOMER.email);
    await client.locator('[name=language]').selectOption('english');
    await client.locator('[name=password]').fill(CUSTOMER.password);
    await submit(admin, () => admin.click('#client-add-submit'));
    check('seed: client added', await admin.locator('#clients-table').innerText().then((t) => t.includes(CUSTOMER.email)));

    await admin.goto(`${panelUrl}/admin/services`);
    const service = admin.locator('#service-add-form');
    const clientOption = service.locator('[name=client_id] option', { hasText: CUSTOMER.email });
    await service.locator('[name=client_id]').selectOption(await clientOption.getAttribute('value'));
    await service.locator('[name=product_id]').selectOption({ label: 'Emby Family' }).catch(async () => {
      // labels may carry more than the name: pick the option that mentions it
      const opt = service.locator('[name=product_id] option', { hasText: 'Emby Family' });
      await service.locator('[name=product_id]').selectOption(await opt.getAttribute('value'));
    });
    await service.locator('[name=username]').fill(EMBY_USER);
    await service.locator('[name=password]').fill(EMBY_PASSWORD);
    await submit(admin, () => admin.click('#service-add-submit'));
    const m = /\/admin\/services\/(\d+)$/.exec(admin.url());
    serviceId = m && m[1];
    check('seed: service ordered', serviceId !== null, admin.url());

    await submit(admin, () => admin.click('#btn-create'));
    const flash = await admin.locator('#flash').getAttribute('data-result');
    const status = await admin.locator('#service-status [data-status]').getAttribute('data-status');
    check('seed: Create succeeds and the service is active', flash === 'success' && status === 'active',
      { flash, status, text: await admin.locator('#flash-text').innerText().catch(() => '') });
    await shot(admin, '00-admin-service-created');
  });
  if (!serviceId) return;
  await adminContext.close();

  // ---- the customer signs in to Emby from three apps ------------------------------------
  const deviceTokens = {};
  for (const [app, name, id] of DEVICES) {
    const r = await sim.signIn(EMBY_USER, EMBY_PASSWORD, app, name, id);
    deviceTokens[id] = r.token;
    check(`the customer signs in to Emby on "${name}"`, r.status === 200 && r.token, r.status);
  }

  // ---- the customer in the browser -------------------------------------------------------
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const dialogs = [];
  const pageErrors = [];
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (msg) => { if (msg.type() === 'error') pageErrors.push(msg.text()); });
  const servicePath = `${panelUrl}/client/service/${serviceId}`;

  await step('sign-in', page, async () => {
    await page.goto(`${panelUrl}/client/login`);
    await page.fill('#client-login-form [name=email]', CUSTOMER.email);
    await page.fill('#client-login-form [name=password]', CUSTOMER.password);
    await submit(page, () => page.click('#client-login-submit'));
    check('the customer signs in to the client area', new URL(page.url()).pathname === '/client', page.url());
    await submit(page, () => page.click(`[data-test=client-service-link-${serviceId}]`));
    check('the service link opens the service page', page.url() === servicePath, page.url());
  });

  // 1. devices and libraries on the service page
  await step('01-devices-libraries', page, async () => {
    const s = await areaState(page);
    check('1. the service page embeds the module\'s overview', s.template === 'overview' && s.result === 'success', s);
    const names = await clientArea(page).locator('[data-test=device] td:first-child').allInnerTexts();
    check('1. the signed-in devices are listed', DEVICES.every(([, name]) => names.includes(name)), names);
    const libraries = await clientArea(page).locator('[data-test=library]').allInnerTexts();
    check('1. the libraries the account sees are listed (all four)', sameList(libraries, ALL_LIBRARIES), libraries);
    const username = await clientArea(page).locator('[data-test=username]').innerText();
    check('1. the Emby username is shown', username.trim() === EMBY_USER, username);
    await shot(page, '01-service-page');
  });

  // 7. (checked here, while the device is still signed in) the hostile device name is text
  await step('07-hostile-device', page, async () => {
    const cell = clientArea(page).locator('[data-test=device] td:first-child', { hasText: 'onerror' });
    check('7. the hostile device name is shown as text', (await cell.count()) === 1 &&
      (await cell.innerText()).trim() === HOSTILE, await cell.allInnerTexts());
    const bodyText = await page.locator('body').innerText();
    check('7. the visible page text contains the name', bodyText.includes(HOSTILE));
    const injected = await page.locator('img[onerror]').count();
    const anyImg = await clientArea(page).locator('img').count();
    check('7. no <img onerror> element exists (and no img at all in the client area)', injected === 0 && anyImg === 0,
      { injected, anyImg });
    check('7. no dialog fired', dialogs.length === 0, dialogs);
    await cell.scrollIntoViewIfNeeded();
    await shot(page, '02-hostile-device-as-text');
  });

  // 2. change the password; the new one signs in to Emby, the old one is refused
  await step('02-password', page, async () => {
    const form = clientArea(page).locator('[data-test=password-form]');
    await form.locator('[name=new_password]').fill(NEW_PASSWORD);
    await form.locator('[name=confirm_password]').fill(NEW_PASSWORD);
    await submit(page, () => form.locator('[data-test=change-password]').click());
    const s = await areaState(page);
    check('2. the client area confirms the password change', s.result === 'success' && s.type === 'success', s);
    await shot(page, '03-password-changed');
    const fresh = await sim.signIn(EMBY_USER, NEW_PASSWORD, 'Browser Test', 'Laptop', 'browser-test-laptop');
    check('2. Emby accepts the new password', fresh.status === 200, fresh.status);
    deviceTokens.laptop = fresh.token;
    const old = await sim.signIn(EMBY_USER, EMBY_PASSWORD, 'Browser Test', 'Laptop', 'browser-test-laptop');
    check('2. Emby refuses the old password', old.status === 401, old.status);
    // The panel stored update_service_password: "Show password" shows the new one.
    await submit(page, () => clientArea(page).locator('[data-test=reveal-password]').click());
    const shown = await clientArea(page).locator('[data-test=password]').innerText();
    check('2. "Show password" shows the new password (the panel stored it)', shown.trim() === NEW_PASSWORD, shown);
    await shot(page, '04-password-revealed');
  });

  // "Select all" in the library picker ticks every box
  await step('select-all', page, async () => {
    await page.goto(servicePath);
    const form = clientArea(page).locator('[data-test=media-add-form]');
    const boxes = form.locator('[data-test=library-picker] input[type=checkbox]');
    const before = await boxes.evaluateAll((list) => list.map((c) => c.checked));
    check('the add form\'s library picker offers every library, none ticked',
      before.length === ALL_LIBRARIES.length && before.every((c) => !c), before);
    await form.locator('[data-test=select-all]').click();
    const after = await boxes.evaluateAll((list) => list.map((c) => c.checked));
    check('"Select all" ticks every box', after.length === ALL_LIBRARIES.length && after.every((c) => c), after);
    await form.scrollIntoViewIfNeeded();
    await shot(page, '05-select-all');
  });

  // 3. add a media account with two libraries hidden
  let mediaId = null;
  await step('03-media-add', page, async () => {
    await page.goto(servicePath); // a fresh form, nothing ticked
    const form = clientArea(page).locator('[data-test=media-add-form]');
    await form.locator('[name=name]').fill(MEDIA_NAME);
    await form.locator('[name=password]').fill(MEDIA_PASSWORD);
    const picker = form.locator('[data-test=library-picker]');
    for (const name of HIDDEN_LIBRARIES) await picker.getByLabel(name, { exact: true }).check();
    // The name field's pattern must be one the browser can use (Chromium compiles it with the v flag).
    const nameField = form.locator('[name=name]');
    await nameField.fill('bad name!');
    const mismatch = await nameField.evaluate((e) => e.validity.patternMismatch);
    check('3. the browser refuses a media-account name with a space (the name field\'s pattern works)', mismatch,
      `pattern=${await nameField.getAttribute('pattern')}`);
    await nameField.fill(MEDIA_NAME);
    const ticked = await picker.locator('input:checked').count();
    check('3. two boxes are ticked in the picker', ticked === 2, ticked);
    await submit(page, () => form.locator('[data-test=media-add]').click());
    const s = await areaState(page);
    check('3. the client area confirms the new media account', s.result === 'success' && s.type === 'success', s);
    check('3. the media account is listed', await mediaRow(page).count() === 1,
      await clientArea(page).locator('[data-test=media-account]').evaluateAll((r) => r.map((x) => x.dataset.username)));
    await shot(page, '06-media-account-added');
    const user = await sim.user(MEDIA_USER);
    check(`3. the simulator has the Emby user ${MEDIA_USER}`, user !== null);
    if (!user) return;
    mediaId = user.Id;
    const views = await sim.call('GET', `/Users/${mediaId}/Views`);
    const names = ((views.json && views.json.Items) || []).map((i) => i.Name);
    check('3. the media account sees only the libraries that were not ticked (GET /Users/{Id}/Views)',
      views.status === 200 && sameList(names, ALL_LIBRARIES.filter((n) => !HIDDEN_LIBRARIES.includes(n))),
      { status: views.status, names });
    const signIn = await sim.signIn(MEDIA_USER, MEDIA_PASSWORD, 'Browser Test', 'Probe', 'browser-test-probe');
    check('3. the media account signs in with the password chosen in the form', signIn.status === 200, signIn.status);
  });

  // 4. Emby Connect: keyboard-only link (linked at once), then a pending link
  await step('04-connect', page, async () => {
    await page.goto(servicePath);
    // Keyboard only: Tab from the top of the page to the field, type, Tab to Save, Enter.
    const tabTo = async (predicate, label) => {
      for (let i = 0; i < 120; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(predicate)) return true;
      }
      throw new Error(`Tab never reached ${label}`);
    };
    await tabTo(() => document.activeElement && document.activeElement.id === 'embyprov-connect-email',
      'the Connect field');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('alice@example.com');
    await tabTo(() => document.activeElement && document.activeElement.getAttribute('data-test') === 'connect-save',
      'the Connect Save button');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    check('keyboard: the focused button shows a focus outline', outline !== 'none', outline);
    await shot(page, '07-keyboard-focus-on-save');
    await submit(page, () => page.keyboard.press('Enter'));
    let s = await areaState(page);
    let state = await clientArea(page).locator('[data-test=connect-state]');
    check('keyboard-only: the Connect form submits with Tab, typing and Enter; linked at once',
      s.result === 'success' && await state.getAttribute('data-connect-state') === 'linked' &&
      (await state.innerText()).includes('alice'), { s, text: await state.innerText() });
    await shot(page, '08-connect-linked-by-keyboard');

    const form = clientArea(page).locator('[data-test=connect-form]');
    await form.locator('[name=connect_email]').fill('bob@example.com');
    await submit(page, () => form.locator('[data-test=connect-save]').click());
    s = await areaState(page);
    state = clientArea(page).locator('[data-test=connect-state]');
    const stateAttr = await state.getAttribute('data-connect-state');
    const pendingShown = stateAttr === 'pending' || /waiting for confirmation/i.test(s.message || '');
    check('4. linking bob@example.com shows the pending state', s.result === 'success' && pendingShown &&
      (s.message || '').includes('bob'), { s, stateAttr, text: await state.innerText() });
    await shot(page, '09-connect-pending');
    const main = await sim.user(EMBY_USER);
    const full = main ? await sim.call('GET', `/Users/${main.Id}`) : { json: null };
    const linked = full.json && (full.json.ConnectUserName || '');
    check('4. the simulator has the Connect link to bob (pending)', /bob/i.test(linked || ''), full.json &&
      { ConnectUserName: full.json.ConnectUserName, ConnectLinkType: full.json.ConnectLinkType });
  });

  // 5. drop the media account's devices
  await step('05-media-devices', page, async () => {
    const device = await sim.signIn(MEDIA_USER, MEDIA_PASSWORD, 'Emby for iOS', 'Kids iPad', 'browser-test-kids-ipad');
    check('5. the media account signs in on a device', device.status === 200 && device.token, device.status);
    const info = (token) => sim.call('GET', '/System/Info', { token }).then((r) => r.status);
    check('5. its token works before the drop', await info(device.token) === 200);
    await page.goto(servicePath);
    await submit(page, () => mediaRow(page).locator('[data-test=media-devices]').click());
    let s = await areaState(page);
    const listed = await clientArea(page).locator('[data-test=device] td:first-child').allInnerTexts();
    check('5. the media account\'s device page lists its device', s.template === 'media_devices' &&
      listed.includes('Kids iPad'), { s, listed });
    await shot(page, '10-media-devices');
    await submit(page, () => clientArea(page).locator('[data-test=media-drop-devices]').click());
    s = await areaState(page);
    check('5. the client area confirms the drop', s.result === 'success' && s.type === 'success', s);
    await shot(page, '11-media-devices-dropped');
    check('5. the media account\'s token is refused afterwards (401 on /System/Info)', await info(device.token) === 401);
    check('5. the main account\'s device stays signed in (the laptop of step 2)',
      deviceTokens.laptop && await info(deviceTokens.laptop) === 200);
  });

  // 6. delete the media account
  await step('06-media-delete', page, async () => {
    await page.goto(servicePath);
    await submit(page, () => mediaRow(page).locator('[data-test=media-delete]').click());
    const s = await areaState(page);
    check('6. the client area confirms the deletion', s.result === 'success' && s.type === 'success', s);
    check('6. the media account is no longer listed', await mediaRow(page).count() === 0);
    check('6. the Emby user is gone from the simulator', await sim.user(MEDIA_USER) === null);
    if (mediaId) {
      const r = await sim.call('GET', `/Users/${mediaId}`);
      check('6. GET /Users/{Id} answers 404', r.status === 404, r.status);
    }
    await shot(page, '12-media-account-deleted');
  });

  // The same page on a phone-sized screen, for a look at the layout.
  await step('narrow', page, async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(servicePath);
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('#client-area *')]
        .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !e.closest('[data-too-wide]'))
        .slice(0, 3)
        .map((e) => { e.setAttribute('data-too-wide', ''); return `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 30)}"`; });
      return { by: document.documentElement.scrollWidth - width, wide };
    });
    check('on a 390 px wide screen the page does not scroll sideways', overflow.by <= 0,
      `${overflow.by} px too wide: ${overflow.wide.join(', ')}`);
    await shot(page, '13-narrow-screen');
    const account = clientArea(page).locator('section[aria-labelledby=embyprov-account]');
    await account.screenshot({ path: path.join(shotDir, '14-narrow-account.png') });
    const devices = clientArea(page).locator('section[aria-labelledby=embyprov-devices]');
    await devices.screenshot({ path: path.join(shotDir, '15-narrow-devices.png') });
    shots.push('14-narrow-account.png', '15-narrow-devices.png');
  });

  check('no dialog fired during the whole run', dialogs.length === 0, dialogs);
  check('no script error or CSP violation on any page', pageErrors.length === 0, pageErrors);
  console.log(`${shots.length} screenshots saved`);
  await context.close();
}

main().then((code) => process.exit(code), (e) => {
  console.log(`FAIL - the browser test crashed: ${e && e.stack}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
