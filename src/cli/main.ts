/**
 * `essaim`: the instance's command line (run by `npm run essaim -- <verb>` or the `essaim` bin).
 * It opens the same App as the web server (createApp, no job worker) and calls the same services.
 * Quiet by default (`--verbose` shows logs); errors are one line on stderr and a non-zero exit.
 *
 * Only Node built-ins are imported statically: the log level must be set before config.ts and
 * log.ts are first loaded.
 */
import { resolve } from 'node:path';

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const args = argv.filter((a) => a !== '--verbose');
const env = process.env;
const logLevel = env.LOG_LEVEL;
env.LOG_LEVEL = verbose ? (logLevel ?? 'info') : 'silent';

// File arguments are relative to where the command was typed (npm run changes to the project root).
const cwd = env.npm_lifecycle_event === 'essaim' && env.INIT_CWD ? env.INIT_CWD : process.cwd();
if (env.DATA_DIR) env.DATA_DIR = resolve(cwd, env.DATA_DIR);
// The instance lives in this checkout: migrations and the default DATA_DIR are found from its root.
process.chdir(resolve(import.meta.dirname, '..', '..'));

const { run } = await import('./run.ts');
process.exitCode = await run(args, { cwd, logLevel, verbose });
// PGlite and postgres-js are closed by then; do not let a stray handle keep the process alive.
setTimeout(() => process.exit(), 2000).unref();
