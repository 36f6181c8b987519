/** The `ddx` executable: runs the CLI on the real process. bin/ddx.js imports this file. */
import { run } from './cli.js';
import { processIo } from './io.js';

// `ddx … | head -1` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), processIo());
