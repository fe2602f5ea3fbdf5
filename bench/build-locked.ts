/**
 * Run as `flock /tmp/essaim-build.lock node bench/build-locked.ts`: builds, prints "built", then
 * keeps the lock until its stdin closes, so nobody rebuilds build/ while the bench server starts
 * and loads its route chunks. If run.ts dies, the pipe closes and the lock is released.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
	cwd: root,
	stdio: ['ignore', 'inherit', 'inherit']
});
console.log('built');
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
