// A real topcoatd for the browser tests: started on free ports in a scratch data directory
// with the demo shop, its ports and admin token read from the lines it prints on stdout.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const STARTUP_TIMEOUT_MS = 30000;
const STOP_TIMEOUT_MS = 30000;

export function topcoatdBinary() {
  const binary = process.env.TOPCOATD;
  if (!binary) throw new Error('TOPCOATD must name the built topcoatd (CTest sets it)');
  return binary;
}

// Resolves to {url, adminUrl, token, stop()} once both "listening" lines and the token are in.
export async function startTopcoatd({ extraArgs = [] } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'topcoat-e2e-'));
  const child = spawn(topcoatdBinary(),
    ['--data-dir', dataDir, '--port', '0', '--admin-port', '0', '--demo', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-20000); });

  const server = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('topcoatd did not start in time')), STARTUP_TIMEOUT_MS);
    function fail(error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      error.message += `\nstdout:\n${stdout}\nstderr:\n${stderr.slice(-4000)}`;
      reject(error);
    }
    child.on('exit', (code, signal) => fail(new Error(`topcoatd exited early (${code ?? signal})`)));
    child.on('error', fail);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const storefront = /storefront listening on (http:\/\/\S+)/.exec(stdout);
      const admin = /admin listening on (http:\/\/\S+)/.exec(stdout);
      // Only the token's file is printed, never the token.
      const tokenFile = /admin token stored in (\S+)/.exec(stdout);
      if (storefront && admin && tokenFile) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        const token = readFileSync(tokenFile[1], 'utf8').trim();
        resolve({ url: storefront[1], adminUrl: admin[1], token });
      }
    });
  });

  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    ...server,
    log: () => stderr,
    // SIGTERM, as the contract stops it; resolves with the exit code.
    async stop() {
      child.kill('SIGTERM');
      let timer;
      const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS); });
      const result = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (!result) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      return result ? result.code : -1;
    },
  };
}

// A JSON request to either port; resolves with {status, body, headers}.
export async function request(url, { method = 'GET', body, token, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: response.status, body: json, text, headers: response.headers };
}
