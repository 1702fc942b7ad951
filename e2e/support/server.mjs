// Starts the LDR Assurance server for one test run, on a free port with a fresh database.
//
//   const app = await startServer();   // { baseUrl, stop() }
//   ...
//   await app.stop();
//
// Runs `$LDR_BIN serve --demo --bind 127.0.0.1:0 --database <fresh temp dir>/ldr.sqlite` from the
// repository root (the server serves ./style from its working directory), with
// LDR_DEMO_PASSWORD set, and waits until the server prints
// "listening on http://127.0.0.1:PORT". LDR_BIN defaults to target/debug/ldr; a relative
// LDR_BIN is taken relative to the repository root.
//
// Set LDR_E2E_SERVER_LOG=1 to copy the server's output to this process's stderr.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const DEMO_PASSWORD = 'ldr-demo-2016';
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const STARTUP_TIMEOUT_MS = Number(process.env.LDR_E2E_STARTUP_TIMEOUT_MS ?? 60_000);
const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
// tracing may colour its output; strip ANSI escapes before matching.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export async function startServer() {
  const bin = resolve(repoRoot, process.env.LDR_BIN ?? join('target', 'debug', 'ldr'));
  if (!existsSync(bin)) {
    throw new Error(`LDR server binary not found at ${bin}. Run \`cargo build --bin ldr\` first, or set LDR_BIN.`);
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'ldr-e2e-'));
  const database = join(dataDir, 'ldr.sqlite');
  // --demo: a new database with the seed and the demo accounts the specs sign in as.
  const args = ['serve', '--demo', '--bind', '127.0.0.1:0', '--database', database];

  const child = spawn(bin, args, {
    cwd: repoRoot,
    env: { ...process.env, LDR_DEMO_PASSWORD: DEMO_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  // Keep every line (bounded) so a failure can show what the server said. Both pipes
  // are read for the whole run: an unread pipe fills up and blocks the server.
  const stdoutLines = [];
  const stderrLines = [];
  const keep = (list, line) => {
    list.push(line);
    if (list.length > 500) list.shift();
    if (process.env.LDR_E2E_SERVER_LOG) process.stderr.write(`[ldr] ${line}\n`);
  };

  let exited = false;
  const exitPromise = new Promise((resolveExit) => {
    child.on('exit', (code, signal) => {
      exited = true;
      resolveExit({ code, signal });
    });
  });
  // If the test process dies without calling stop(), do not leave the server running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const cleanup = () => {
    process.removeListener('exit', killOnExit);
    rmSync(dataDir, { recursive: true, force: true });
  };

  const baseUrl = await new Promise((resolveUrl, rejectStart) => {
    let settled = false;
    let timer;
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn(value);
    };
    const describe = () =>
      `  command: ${bin} ${args.join(' ')}\n  cwd: ${repoRoot}\n` +
      `  stderr:\n${indent(stderrLines)}\n  stdout:\n${indent(stdoutLines)}`;

    const onLine = (list) => (raw) => {
      const line = raw.replace(ANSI, '');
      keep(list, line);
      const m = LISTENING.exec(line);
      if (m) settle(resolveUrl, m[1]);
    };
    // The spec says stdout; stderr is watched too because tracing setups differ.
    createInterface({ input: child.stdout }).on('line', onLine(stdoutLines));
    createInterface({ input: child.stderr }).on('line', onLine(stderrLines));

    child.on('error', (err) => {
      cleanup();
      settle(rejectStart, new Error(`could not start the LDR server: ${err.message}\n${describe()}`));
    });
    exitPromise.then(({ code, signal }) => {
      // Let readline deliver the last lines before reporting.
      setImmediate(() => {
        cleanup();
        settle(
          rejectStart,
          new Error(`the LDR server exited before it was listening (code ${code}, signal ${signal})\n${describe()}`),
        );
      });
    });
    // A bound on a hung start-up, not a sleep: readiness is detected from the output above.
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(
        rejectStart,
        new Error(`the LDR server did not print "listening on http://127.0.0.1:PORT" within ${STARTUP_TIMEOUT_MS} ms\n${describe()}`),
      );
    }, STARTUP_TIMEOUT_MS);
  });

  async function stop() {
    if (!exited) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exitPromise;
      clearTimeout(forced);
    }
    cleanup();
  }

  return { baseUrl, stop, logs: () => ({ stdout: [...stdoutLines], stderr: [...stderrLines] }) };
}

function indent(lines) {
  const tail = lines.slice(-60);
  return tail.length ? tail.map((l) => `    ${l}`).join('\n') : '    (nothing)';
}
