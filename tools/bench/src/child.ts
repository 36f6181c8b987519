/** Child processes of the bench's scripts, which report one `RESULT <json>` line on stdout. */
import { spawn } from 'node:child_process';

export interface ChildOptions {
  /** The Node to run (default this one). */
  readonly node?: string;
  /** Node flags before the script. */
  readonly flags: readonly string[];
  /** Killed after this long (default never). */
  readonly timeoutMs?: number;
}

/** Runs `script` with `args`; resolves with the payload of its `RESULT ` line and its stdout. */
export function runChild(
  script: string,
  args: readonly string[],
  options: ChildOptions,
): Promise<{ result: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(options.node ?? process.execPath, [...options.flags, script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => (stdout += chunk));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((text) => text.startsWith('RESULT '));
      if (code !== 0 || line === undefined) {
        const why = signal
          ? `killed (${signal})${options.timeoutMs === undefined ? '' : ` after ${options.timeoutMs / 1000} s`}`
          : `exit ${code}`;
        reject(new Error(`${args.join(' ')}: ${why}`));
      } else {
        resolve({ result: line.slice('RESULT '.length), stdout });
      }
    });
  });
}
