// The simulator in Jellyfin mode driven by a client nobody here wrote: the
// official Jellyfin TypeScript SDK (@jellyfin/sdk, pinned by
// package-lock.json). A provisioning flow (an admin with an API key) and an
// app's flow (a user signing in on a device), once per server version; every
// JSON answer is validated against the Jellyfin OpenAPI spec's schema for its
// route and status.
//
// Usage: node jellyfin_sdk.mjs --sim PATH --spec PATH
// Prints one line per check and ends with "N passed, M failed".
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

import axios from 'axios';
import Ajv from 'ajv';
import { Jellyfin } from '@jellyfin/sdk';
import { getDeviceApi } from '@jellyfin/sdk/lib/utils/api/device-api.js';
import { getLibraryStructureApi } from '@jellyfin/sdk/lib/utils/api/library-structure-api.js';
import { getSessionApi } from '@jellyfin/sdk/lib/utils/api/session-api.js';
import { getSystemApi } from '@jellyfin/sdk/lib/utils/api/system-api.js';
import { getUserApi } from '@jellyfin/sdk/lib/utils/api/user-api.js';
import { getUserViewApi } from '@jellyfin/sdk/lib/utils/api/user-view-api.js';

const API_KEY = 'sdk-suite-key-0123456789abcdef';

function option(name) {
    const i = process.argv.indexOf(name);
    if (i < 0 || i + 1 >= process.argv.length) {
        console.error(`usage: node jellyfin_sdk.mjs --sim PATH --spec PATH (missing ${name})`);
        process.exit(2);
    }
    return process.argv[i + 1];
}

let passed = 0;
let failed = 0;
function check(what, ok, detail = '') {
    if (ok) {
        passed += 1;
        console.log(`PASS  ${what}`);
    } else {
        failed += 1;
        console.log(`FAIL  ${what}${detail ? `  -- ${detail}` : ''}`);
    }
    return ok;
}

// OpenAPI 3.0's "nullable" as JSON Schema: a null type, or "this or null".
function nullableToUnion(node) {
    if (Array.isArray(node)) return node.map(nullableToUnion);
    if (!node || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = nullableToUnion(v);
    if (node.nullable !== true) return out;
    if (typeof out.type === 'string') {
        out.type = [out.type, 'null'];
        if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
        return out;
    }
    return { anyOf: [out, { type: 'null' }] };
}

// Schemas by route: every operation of the spec, its path as a pattern.
class SpecBook {
    constructor(path) {
        this.spec = nullableToUnion(JSON.parse(readFileSync(path, 'utf8')));
        this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
        this.ajv.addSchema(this.spec, 'urn:embyprov:spec');
        this.routes = [];
        for (const [template, item] of Object.entries(this.spec.paths)) {
            const pattern = new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$', 'i');
            for (const [method, op] of Object.entries(item)) this.routes.push({ method, pattern, template, op });
        }
        this.validated = new Set();
    }

    // Errors of one answer, or null when the spec has no JSON schema for it.
    errors(method, path, status, body) {
        const route = this.routes.find((r) => r.method === method && r.pattern.test(path));
        if (!route) return [`no route in the spec for ${method.toUpperCase()} ${path}`];
        const content = route.op.responses?.[String(status)]?.content;
        const media = content && (content['application/json'] || Object.values(content)[0]);
        if (!media?.schema) return null;
        // The schema with its references pointed into the spec document.
        const key = `urn:embyprov:answer:${encodeURIComponent(`${method} ${route.template} ${status}`)}`;
        let validate = this.ajv.getSchema(key);
        if (!validate) {
            const text = JSON.stringify(media.schema).replaceAll('"#/components/', '"urn:embyprov:spec#/components/');
            const schema = JSON.parse(text);
            this.ajv.addSchema(schema, key);
            validate = this.ajv.getSchema(key);
        }
        this.validated.add(`${method.toUpperCase()} ${route.template}`);
        return validate(body) ? [] : validate.errors.map((e) => `${e.instancePath || '(root)'} ${e.message}`);
    }
}

// Every answer that comes back as JSON goes through the spec.
function validatingAxios(book, tag) {
    const instance = axios.create();
    instance.interceptors.response.use((response) => {
        const type = String(response.headers['content-type'] || '');
        if (type.startsWith('application/json') && response.status >= 200 && response.status < 300) {
            const url = new URL(response.config.url, response.config.baseURL);
            const method = response.config.method.toLowerCase();
            const errors = book.errors(method, url.pathname, response.status, response.data);
            if (errors !== null)
                check(`${tag} ${method.toUpperCase()} ${url.pathname} answer matches the spec`, errors.length === 0,
                      errors.slice(0, 3).join('; '));
        }
        return response;
    });
    return instance;
}

async function status(promise) {
    try {
        return (await promise).status;
    } catch (e) {
        if (e.response) return e.response.status;
        throw e;
    }
}

function startSim(binary, version) {
    const child = spawn(binary, ['--port', '0', '--api-key', API_KEY, '--flavor', 'jellyfin', '--server-version',
                                 version, '--exit-on-stdin-eof'], { stdio: ['pipe', 'pipe', 'inherit'] });
    return new Promise((resolve, reject) => {
        const lines = createInterface({ input: child.stdout });
        lines.once('line', (url) => resolve({ child, url: url.trim() }));
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
    });
}

function client(name, deviceId) {
    return new Jellyfin({
        clientInfo: { name, version: '1.0.0' },
        deviceInfo: { name: `${name} device`, id: deviceId }
    });
}

async function provisioningAndApp(binary, book, version) {
    const tag = `[sdk ${version}]`;
    const { child, url } = await startSim(binary, version);
    try {
        const http = validatingAxios(book, tag);
        const admin = client('embyprov-sdk-admin', 'sdk-admin').createApi(url, API_KEY, http);

        // Provisioning, as a billing module does it with an API key.
        const info = (await getSystemApi(admin).getPublicSystemInfo()).data;
        check(`${tag} public info names the server`, info.ProductName === 'Jellyfin Server' &&
              String(info.Version).startsWith(version), JSON.stringify(info));
        const folders = (await getLibraryStructureApi(admin).getVirtualFolders()).data;
        check(`${tag} libraries listed`, Array.isArray(folders) && folders.length > 1);
        const created = (await getUserApi(admin).createUserByName({
            createUserByName: { Name: 'sdk-customer', Password: 'Sdk-pass-2026!' } })).data;
        check(`${tag} user created with a password`, created.Name === 'sdk-customer' && created.HasPassword === true);
        const userId = created.Id;
        const policy = { ...created.Policy, EnableAllFolders: false, EnabledFolders: [folders[0].ItemId],
                         IsHidden: true, MaxActiveSessions: 0 };
        check(`${tag} policy replaced`, await status(getUserApi(admin).updateUserPolicy({ userId, userPolicy: policy }))
              === 204);
        const stored = (await getUserApi(admin).getUserById({ userId })).data.Policy;
        check(`${tag} policy reads back`, stored.EnableAllFolders === false &&
              JSON.stringify(stored.EnabledFolders) === JSON.stringify([folders[0].ItemId]));

        // The customer's app.
        const app = client('embyprov-sdk-app', 'sdk-phone').createApi(url, '', http);
        const signIn = async (api) => {
            const answer = await api.authenticateUserByName('sdk-customer', 'Sdk-pass-2026!');
            api.update({ accessToken: answer.data.AccessToken });
        };
        const refused = await status(getUserApi(app).getCurrentUser());
        check(`${tag} no token -> 401`, refused === 401, refused);
        const auth = (await app.authenticateUserByName('sdk-customer', 'Sdk-pass-2026!')).data;
        check(`${tag} sign-in gives a token and a session`, typeof auth.AccessToken === 'string' &&
              auth.AccessToken.length > 0 && auth.SessionInfo?.DeviceId === 'sdk-phone');
        app.update({ accessToken: auth.AccessToken });
        check(`${tag} wrong password -> 401`, await status(client('embyprov-sdk-app', 'sdk-tablet')
            .createApi(url, '', http).authenticateUserByName('sdk-customer', 'wrong')) === 401);
        const me = (await getUserApi(app).getCurrentUser()).data;
        check(`${tag} the token is the customer's`, me.Id === userId);
        const views = (await getUserViewApi(app).getUserViews({ userId })).data;
        check(`${tag} the customer sees exactly the granted library`,
              views.Items?.length === 1 && views.Items[0].Name === folders[0].Name, JSON.stringify(views.Items));
        const sessions = (await getSessionApi(app).getSessions()).data;
        check(`${tag} the customer's session is listed`, sessions.some((s) => s.DeviceId === 'sdk-phone' &&
              s.UserId === userId));
        const devices = (await getDeviceApi(admin).getDevices()).data;
        check(`${tag} the device is listed with its user`, devices.Items?.some((d) => d.Id === 'sdk-phone' &&
              d.LastUserId === userId), JSON.stringify(devices.Items));

        // Suspension by policy: the token stops working, and comes back after a new sign-in.
        check(`${tag} disabling`, await status(getUserApi(admin).updateUserPolicy({
            userId, userPolicy: { ...stored, IsDisabled: true } })) === 204);
        check(`${tag} a disabled user's token -> 401`, await status(getUserApi(app).getCurrentUser()) === 401);
        check(`${tag} a disabled user cannot sign in`, await status(app.authenticateUserByName('sdk-customer',
              'Sdk-pass-2026!')) === 403);
        await getUserApi(admin).updateUserPolicy({ userId, userPolicy: { ...stored, IsDisabled: false } });
        await signIn(app);
        check(`${tag} enabled again`, await status(getUserApi(app).getCurrentUser()) === 200);

        // Sign-out by the app, then by the admin (device deletion).
        check(`${tag} sign-out`, await status(getSessionApi(app).reportSessionEnded()) === 204);
        check(`${tag} the signed-out token -> 401`, await status(getUserApi(app).getCurrentUser()) === 401);
        await signIn(app);
        check(`${tag} device deleted`, await status(getDeviceApi(admin).deleteDevice({ id: ['sdk-phone'] })) === 204);
        check(`${tag} the deleted device's token -> 401`, await status(getUserApi(app).getCurrentUser()) === 401);

        // Termination.
        check(`${tag} user deleted`, await status(getUserApi(admin).deleteUser({ userId })) === 204);
        check(`${tag} the deleted user -> 404`, await status(getUserApi(admin).getUserById({ userId })) === 404);
    } finally {
        child.stdin.end();
        await new Promise((resolve) => child.once('exit', resolve));
    }
}

const binary = option('--sim');
const book = new SpecBook(option('--spec'));
try {
    for (const version of ['10.11', '12.0']) await provisioningAndApp(binary, book, version);
    const expected = ['GET /System/Info/Public', 'GET /Library/VirtualFolders', 'POST /Users/New',
                      'GET /Users/{userId}', 'POST /Users/AuthenticateByName', 'GET /Users/Me', 'GET /UserViews',
                      'GET /Sessions', 'GET /Devices'];
    check('every JSON answer of the flows had a schema', expected.every((r) => book.validated.has(r)),
          [...book.validated].join(', '));
} catch (e) {
    check('the flows ran to the end', false, e.stack || String(e));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
