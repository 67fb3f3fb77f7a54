/**
 * Entry point of `npm run -s trajectory -- '<share link or fragment>' [--format csv|json] [--params]`.
 * All logic (and its documentation) lives in ./runCli; this file only touches the process.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from './runCli';

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/**
 * A reader that closes early (`… | head -2`) makes the next write fail with EPIPE: that is the reader's
 * choice, not an error, so the command stops quietly with the code it would have returned.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

if (isEntryPoint()) {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  try {
    const { code, stdout, stderr } = runCli(process.argv.slice(2));
    if (stderr) process.stderr.write(stderr);
    if (stdout) process.stdout.write(stdout);
    // exitCode, not exit(): a large stdout written to a pipe must drain first.
    process.exitCode = code;
  } catch (err) {
    process.stderr.write(`trajectory: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
